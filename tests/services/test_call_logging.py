"""Logging calls: one transaction for the call, its objections, the next callback and the kept promise."""

from __future__ import annotations

from datetime import timedelta

import pytest

from salescockpit.services.calls import (
    OUTCOMES,
    CallDraft,
    LoggedCall,
    ObjectionDraft,
    log_call,
    outcome_needs_next_step,
    validate_call,
)
from salescockpit.services.callbacks import schedule_callback
from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.store.tables import AuditEntry, Call, Callback, CallObjection, Lead


def test_outcomes_and_which_need_a_next_step():
    assert set(OUTCOMES) == {"reached", "no_answer", "busy", "voicemail", "wrong_number",
                             "callback_requested", "meeting_set", "won", "lost"}
    assert [o for o in OUTCOMES if outcome_needs_next_step(o)] == ["reached", "callback_requested", "meeting_set"]


def test_validate_call_reports_every_problem(clock):
    now = clock.now()
    draft = CallDraft(1, "sideways", "shrug", -1, started_at=now + timedelta(minutes=5),
                      objections=(ObjectionDraft("price", True), ObjectionDraft("price", False)))
    errors = validate_call(draft, now)
    assert set(errors) == {"direction", "outcome", "duration_seconds", "started_at", "objections"}
    assert validate_call(CallDraft(1, "out", "reached", 60), now) == {
        "next_callback_at": "Agree a next callback, or say why there is no next step."
    }
    assert validate_call(CallDraft(1, "out", "reached", 60, no_next_step_reason="signed"), now) == {}
    assert "next_callback_at" in validate_call(CallDraft(1, "out", "busy", 0, next_callback_at=now), now)
    assert validate_call(CallDraft(1, "out", "busy", 86_400), now).keys() == {"duration_seconds"}
    unknown = CallDraft(1, "out", "busy", 0, objections=(ObjectionDraft("weather", False),))
    assert validate_call(unknown, now) == {}
    assert "objections" in validate_call(unknown, now, objection_types={"price"})
    naive = CallDraft(1, "out", "busy", 0, next_callback_at=now.replace(tzinfo=None) + timedelta(days=1))
    assert "timezone" in validate_call(naive, now)["next_callback_at"]


def test_log_call_writes_everything_at_once(ctx, clock, head, anna, new_lead, fetch, audit):
    lead_id = new_lead(anna, stage="personal_contact")
    promised = schedule_callback(ctx, anna, lead_id, clock.now() + timedelta(hours=1))
    clock.advance(timedelta(hours=1, minutes=5))
    due = clock.now() + timedelta(days=2)
    draft = CallDraft(
        lead_id, "out", "callback_requested", 245, notes="Asked for a proposal",
        objections=(ObjectionDraft("price", handled=True, answer="Showed ROI"), ObjectionDraft("bad_timing", False)),
        next_callback_at=due, fulfils_callback_id=promised,
    )
    logged = log_call(ctx, anna, draft)
    assert isinstance(logged, LoggedCall) and logged.callback_id is not None
    [call] = fetch(Call, Call.id == logged.call_id)
    assert (call.manager_id, call.duration_seconds, call.started_at) == (anna.id, 245, clock.now())
    objections = fetch(CallObjection, CallObjection.call_id == call.id)
    assert [(o.handled, o.answer) for o in objections] == [(True, "Showed ROI"), (False, "")]
    new_callback, = fetch(Callback, Callback.id == logged.callback_id)
    assert (new_callback.owner_id, new_callback.created_by_id, new_callback.due_at) == (anna.id, anna.id, due)
    assert new_callback.due_at.tzinfo is not None
    old_callback, = fetch(Callback, Callback.id == promised)
    assert (old_callback.status, old_callback.done_call_id, old_callback.done_at) == ("done", call.id, clock.now())
    [lead] = fetch(Lead, Lead.id == lead_id)
    assert lead.first_call_at == lead.last_activity_at == clock.now()
    assert audit("call", call.id)[0][0] == "call.log"
    assert ("callback.complete", "status", "open", "done") in [r[:4] for r in audit("callback", promised)]


def test_callback_of_a_call_by_the_head_belongs_to_the_lead_owner(ctx, clock, head, anna, new_lead, fetch):
    lead_id = new_lead(anna)
    logged = log_call(ctx, head, CallDraft(lead_id, "in", "meeting_set", 90,
                                           next_callback_at=clock.now() + timedelta(days=1)))
    [callback] = fetch(Callback, Callback.id == logged.callback_id)
    assert (callback.owner_id, callback.created_by_id) == (anna.id, head.id)


def test_a_failure_discovered_late_leaves_nothing_behind(ctx, clock, anna, new_lead, fetch):
    lead_id = new_lead(anna)
    promised = schedule_callback(ctx, anna, lead_id, clock.now() + timedelta(hours=1))
    before = len(fetch(AuditEntry))
    draft = CallDraft(lead_id, "out", "callback_requested", 60,
                      objections=(ObjectionDraft("price", False), ObjectionDraft("weather", False)),
                      next_callback_at=clock.now() + timedelta(days=1), fulfils_callback_id=promised)
    with pytest.raises(InvalidInput) as error:
        log_call(ctx, anna, draft)
    assert error.value.field == "objections" and "weather" in error.value.message
    assert fetch(Call) == [] and fetch(CallObjection) == []
    assert [c.id for c in fetch(Callback)] == [promised] and fetch(Callback)[0].status == "open"
    assert fetch(Lead)[0].first_call_at is None
    assert len(fetch(AuditEntry)) == before


def test_invalid_draft_is_refused_before_writing(ctx, anna, new_lead, fetch):
    lead_id = new_lead(anna)
    with pytest.raises(InvalidInput) as error:
        log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 60))
    assert error.value.field == "next_callback_at" and "next_callback_at" in error.value.errors
    assert fetch(Call) == []


def test_fulfilling_someone_elses_or_closed_callback_is_refused(ctx, clock, anna, new_lead):
    first, second = new_lead(anna), new_lead(anna, name="Пётр")
    other_lead_callback = schedule_callback(ctx, anna, second, clock.now() + timedelta(hours=2))
    with pytest.raises(InvalidInput, match="another lead"):
        log_call(ctx, anna, CallDraft(first, "out", "busy", 0, fulfils_callback_id=other_lead_callback))


def test_manager_cannot_log_on_another_managers_lead(ctx, anna, boris, new_lead):
    lead_id = new_lead(anna)
    with pytest.raises(PermissionDenied, match="another manager"):
        log_call(ctx, boris, CallDraft(lead_id, "out", "busy", 0))
