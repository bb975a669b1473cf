"""Handing a leaving manager's work over: what they hold open, and moving it in one transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from salescockpit.services.actor import load_actor
from salescockpit.services.callbacks import complete_callback, reassign_callback, schedule_callback
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.errors import InvalidInput, NotFound, PermissionDenied, UnknownUser
from salescockpit.services.reassign import open_work, reassign_leads
from salescockpit.services.rechecks import record_recheck
from salescockpit.services.reviews import record_lead_review
from salescockpit.services.stages import mark_junk, move_stage
from salescockpit.services.users import add_user, deactivate_user
from salescockpit.store.audit_health import check_seals
from salescockpit.store.tables import Callback, Lead, LeadReview, OwnerChange
from tests.services.test_audit_tamper import behind_the_back


@pytest.fixture
def desk(ctx, clock, head, anna, boris, new_lead):
    """Anna's leads: two open (one with a callback and a head's action), one lost, one lost with a
    callback to try again later; and a callback she owes on Boris's lead (the head gave it to her)."""
    soon = clock.now() + timedelta(hours=2)
    leads = {
        "open": new_lead(anna, name="Open One", company="Acme"),
        "quiet": new_lead(anna, name="Quiet Two"),
        "lost": new_lead(anna, name="Lost Three"),
        "later": new_lead(head, name="Later Four", owner_login="anna"),
        "borises": new_lead(boris, name="Boris Own"),
    }
    callbacks = {
        "open": schedule_callback(ctx, anna, leads["open"], soon),
        "borises": schedule_callback(ctx, boris, leads["borises"], soon),
    }
    reassign_callback(ctx, head, callbacks["borises"], "anna")
    move_stage(ctx, anna, leads["lost"], "lost", lost_reason="price")
    move_stage(ctx, anna, leads["later"], "lost", lost_reason="price")
    callbacks["later"] = schedule_callback(ctx, anna, leads["later"], soon + timedelta(days=30))
    action = record_lead_review(ctx, head, leads["open"], "action", "Send the offer")
    return leads, callbacks, action


def test_open_work_lists_live_leads_and_the_callbacks_owed(ctx, head, anna, desk):
    leads, callbacks, _action = desk
    work = open_work(ctx, head, "anna")
    assert [(item.lead_id, item.stage) for item in work.leads] == [
        (leads["open"], "new"), (leads["quiet"], "new"), (leads["later"], "lost")]  # lost, nothing promised: history
    assert work.leads[0].next_callback_at is not None and work.leads[1].next_callback_at is None
    assert {item.callback_id for item in work.callbacks} == set(callbacks.values())
    with pytest.raises(PermissionDenied):
        open_work(ctx, anna, "anna")
    with pytest.raises(NotFound):
        open_work(ctx, head, "ghost")


def test_a_full_hand_over_moves_leads_callbacks_and_actions_audited(ctx, head, anna, boris, desk, fetch, audit):
    leads, callbacks, action = desk
    add_user(ctx, "vera", "Вера Новая", "manager")
    vera = load_actor(ctx, "vera")
    deactivate_user(ctx, head, "anna")
    moved = reassign_leads(ctx, head, "anna", "vera")
    assert (moved.leads, moved.callbacks, moved.actions) == (3, 3, 1)
    owners = {lead.id: lead.owner_id for lead in fetch(Lead)}
    assert [owners[leads[key]] for key in ("open", "quiet", "later")] == [vera.id] * 3
    assert owners[leads["lost"]] == anna.id  # closed history stays hers
    owed = {callback.id: callback.owner_id for callback in fetch(Callback)}
    assert owed[callbacks["open"]] == owed[callbacks["later"]] == vera.id
    assert owed[callbacks["borises"]] == boris.id  # back to the lead's owner
    [review] = fetch(LeadReview, LeadReview.id == action)
    assert review.assignee_id == vera.id
    assert ("lead.reassign", "owner_id", str(anna.id), str(vera.id)) in [r[:4] for r in audit("lead", leads["open"])]
    assert ("callback.reassign", "owner_id", str(anna.id), str(boris.id)) in [
        r[:4] for r in audit("callback", callbacks["borises"])]
    assert ("lead_review.reassign", "assignee_id", str(anna.id), str(vera.id)) in [
        r[:4] for r in audit("lead_review", action)]
    assert open_work(ctx, head, "anna").empty
    # Vera works what she took.
    log_call(ctx, vera, CallDraft(leads["open"], "out", "no_answer", 0))
    complete_callback(ctx, vera, callbacks["open"])


def test_named_leads_only_and_all_or_nothing(ctx, head, anna, boris, desk, fetch):
    leads, callbacks, _action = desk
    before = {lead.id: lead.owner_id for lead in fetch(Lead)}
    with pytest.raises(InvalidInput, match=f"#{leads['borises']}"):
        reassign_leads(ctx, head, "anna", "boris", [leads["quiet"], leads["borises"]])
    with pytest.raises(NotFound):
        reassign_leads(ctx, head, "anna", "boris", [leads["quiet"], 999_999])
    assert {lead.id: lead.owner_id for lead in fetch(Lead)} == before  # nothing moved
    moved = reassign_leads(ctx, head, "anna", "boris", [leads["open"]])
    assert (moved.leads, moved.callbacks, moved.actions) == (1, 1, 1)
    owners = {lead.id: lead.owner_id for lead in fetch(Lead)}
    assert owners[leads["open"]] == boris.id and owners[leads["quiet"]] == anna.id
    owed = {callback.id: callback.owner_id for callback in fetch(Callback)}
    assert owed[callbacks["later"]] == anna.id and owed[callbacks["borises"]] == anna.id  # not named: untouched


def test_who_may_reassign_and_to_whom(ctx, head, anna, boris, desk):
    leads, _callbacks, _action = desk
    with pytest.raises(PermissionDenied):
        reassign_leads(ctx, anna, "anna", "boris")
    with pytest.raises(InvalidInput):
        reassign_leads(ctx, head, "anna", "anna")
    with pytest.raises(UnknownUser):
        reassign_leads(ctx, head, "anna", "ghost")
    deactivate_user(ctx, head, "boris")
    with pytest.raises(InvalidInput, match="deactivated"):
        reassign_leads(ctx, head, "anna", "boris", [leads["quiet"]])


def test_a_deactivated_manager_keeps_history_but_cannot_act(ctx, head, anna, desk, fetch):
    leads, _callbacks, _action = desk
    deactivate_user(ctx, head, "anna")
    with pytest.raises(PermissionDenied, match="deactivated"):
        load_actor(ctx, "anna")
    with pytest.raises(PermissionDenied, match="deactivated"):
        log_call(ctx, anna, CallDraft(leads["open"], "out", "no_answer", 0))  # an actor loaded before
    assert {lead.owner_id for lead in fetch(Lead) if lead.id != leads["borises"]} == {anna.id}


def _owner_changes(fetch):
    """[(entity, entity_id, lead_id, from, to, changed_at, by)] of every owner change kept, in order."""
    return [(row.entity, row.entity_id, row.lead_id, row.from_owner_id, row.to_owner_id, row.changed_at,
             row.changed_by_id) for row in fetch(OwnerChange)]


def test_a_hand_over_keeps_every_owner_change_with_its_time(ctx, clock, head, anna, boris, desk, fetch):
    leads, callbacks, action = desk
    already = _owner_changes(fetch)  # the desk gave Boris's callback to Anna
    assert already == [("callback", callbacks["borises"], leads["borises"], boris.id, anna.id, clock.now(), head.id)]
    clock.instant += timedelta(hours=1)
    reassign_leads(ctx, head, "anna", "boris")
    now = clock.now()
    kept = _owner_changes(fetch)[1:]
    assert sorted(kept) == sorted([
        ("lead", leads["open"], leads["open"], anna.id, boris.id, now, head.id),
        ("lead", leads["quiet"], leads["quiet"], anna.id, boris.id, now, head.id),
        ("lead", leads["later"], leads["later"], anna.id, boris.id, now, head.id),
        ("callback", callbacks["open"], leads["open"], anna.id, boris.id, now, head.id),
        ("callback", callbacks["later"], leads["later"], anna.id, boris.id, now, head.id),
        ("callback", callbacks["borises"], leads["borises"], anna.id, boris.id, now, head.id),  # its lead's owner
        ("lead_review", action, leads["open"], anna.id, boris.id, now, head.id),
    ])


def test_returning_a_junk_lead_to_another_manager_keeps_the_owner_change(ctx, clock, head, anna, boris, new_lead,
                                                                          fetch):
    lead_id = new_lead(anna, name="Not Junk Ltd")
    mark_junk(ctx, anna, lead_id, "spam")
    record_recheck(ctx, head, lead_id, "returned", return_owner_login="boris")
    assert _owner_changes(fetch) == [("lead", lead_id, lead_id, anna.id, boris.id, clock.now(), head.id)]


def test_the_owner_changes_are_part_of_the_leads_sealed_record(ctx, db, head, anna, boris, desk):
    leads, _callbacks, _action = desk
    reassign_leads(ctx, head, "anna", "boris")
    assert check_seals(db) == []
    behind_the_back(db, f"DELETE FROM owner_changes WHERE lead_id = {leads['open']}")  # it never happened
    problems = check_seals(db)
    assert len(problems) == 1 and problems[0].startswith(f"lead {leads['open']} ")
