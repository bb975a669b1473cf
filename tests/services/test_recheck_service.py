"""The head's re-check of junk: confirm, or return the lead with an action for its manager."""

from __future__ import annotations

from datetime import timedelta

import pytest

from salescockpit.services.callbacks import schedule_callback
from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.services.rechecks import record_recheck
from salescockpit.services.stages import mark_junk, move_stage
from salescockpit.store.tables import Lead, LeadReview, Recheck, StageHistory


def _lead(fetch, lead_id) -> Lead:
    [lead] = fetch(Lead, Lead.id == lead_id)
    return lead


@pytest.fixture
def junk_lead(ctx, clock, anna, new_lead):
    lead_id = new_lead(anna, stage="identification")
    mark_junk(ctx, anna, lead_id, "wrong_contact")
    clock.advance(timedelta(hours=2))
    return lead_id


def test_confirmed_keeps_the_lead_closed_and_records_who_marked_it(ctx, clock, head, anna, junk_lead, fetch):
    recheck_id = record_recheck(ctx, head, junk_lead, "confirmed", note="Number does not exist")
    [recheck] = fetch(Recheck, Recheck.id == recheck_id)
    assert (recheck.original_verdict, recheck.original_reason, recheck.marked_by_id) == ("junk", "wrong_contact", anna.id)
    assert recheck.marked_at == clock.now() - timedelta(hours=2)
    assert (recheck.verdict, recheck.reviewer_id, recheck.returned_stage) == ("confirmed", head.id, None)
    assert _lead(fetch, junk_lead).stage == "disqualified"
    with pytest.raises(InvalidInput, match="already re-checked"):
        record_recheck(ctx, head, junk_lead, "returned")


def test_returned_reopens_for_the_chosen_owner_with_an_action(ctx, clock, head, anna, boris, junk_lead, fetch, audit):
    record_recheck(ctx, head, junk_lead, "returned", return_owner_login="boris", note="The e-mail works, call again")
    lead = _lead(fetch, junk_lead)
    assert (lead.stage, lead.owner_id, lead.qualification) == ("qualification", boris.id, "unknown")
    assert (lead.junk_reason, lead.junk_marked_at, lead.junk_marked_by_id) == (None, None, None)
    assert lead.stage_entered_at == clock.now()
    history = fetch(StageHistory, StageHistory.lead_id == junk_lead)[-1]
    assert (history.from_stage, history.to_stage, history.moved_by_id) == ("disqualified", "qualification", head.id)
    [action] = fetch(LeadReview, LeadReview.lead_id == junk_lead)
    assert (action.verdict, action.assignee_id, action.reviewer_id) == ("action", boris.id, head.id)
    assert action.action_text == "Returned from junk by the head: The e-mail works, call again"
    rows = [r[:4] for r in audit("lead", junk_lead) if r[0] == "lead.return"]
    assert ("lead.return", "owner_id", str(anna.id), str(boris.id)) in rows
    assert ("lead.return", "qualification", "junk", "unknown") in rows


def test_return_stage_must_be_open_and_defaults_keep_the_owner(ctx, head, anna, junk_lead, fetch):
    with pytest.raises(InvalidInput) as error:
        record_recheck(ctx, head, junk_lead, "returned", return_stage="won")
    assert error.value.field == "return_stage"
    record_recheck(ctx, head, junk_lead, "returned", return_stage="needs")
    lead = _lead(fetch, junk_lead)
    assert (lead.stage, lead.owner_id) == ("needs", anna.id)


def test_lost_as_not_a_real_lead_needs_a_recheck_but_lost_on_price_does_not(ctx, head, anna, new_lead, fetch):
    fake = new_lead(anna, stage="needs")
    move_stage(ctx, anna, fake, "lost", lost_reason="not_a_real_lead")
    priced = new_lead(anna, stage="needs", name="Другой")
    move_stage(ctx, anna, priced, "lost", lost_reason="price")
    with pytest.raises(InvalidInput, match="nothing to re-check"):
        record_recheck(ctx, head, priced, "confirmed")
    recheck_id = record_recheck(ctx, head, fake, "returned")
    [recheck] = fetch(Recheck, Recheck.id == recheck_id)
    assert (recheck.original_verdict, recheck.original_reason, recheck.marked_by_id) == ("lost", "not_a_real_lead", anna.id)
    lead = _lead(fetch, fake)
    assert (lead.stage, lead.lost_reason) == ("qualification", None)
    [action] = fetch(LeadReview, LeadReview.lead_id == fake)
    assert action.action_text == "Returned from junk by the head."


def test_managers_cannot_recheck(ctx, anna, junk_lead, fetch):
    with pytest.raises(PermissionDenied) as error:
        record_recheck(ctx, anna, junk_lead, "returned")
    assert error.value.message == "Only the head of sales can re-check junk leads."
    assert fetch(Recheck) == []


def test_unknown_verdict(ctx, head, junk_lead):
    with pytest.raises(InvalidInput):
        record_recheck(ctx, head, junk_lead, "maybe")


def test_open_callbacks_follow_the_new_owner(ctx, clock, head, anna, boris, new_lead, fetch):
    from salescockpit.store.tables import Callback

    lead_id = new_lead(anna, stage="needs")
    move_stage(ctx, anna, lead_id, "lost", lost_reason="not_a_real_lead")
    # The head promised a callback on the closed lead (account management style) before re-checking it.
    callback_id = schedule_callback(ctx, head, lead_id, clock.now() + timedelta(days=1))
    record_recheck(ctx, head, lead_id, "returned", return_owner_login="boris")
    [callback] = fetch(Callback, Callback.id == callback_id)
    assert callback.owner_id == boris.id
