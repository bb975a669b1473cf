"""Callbacks: scheduling, completing, rescheduling with a reason, reassigning by the head."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from salescockpit.services.callbacks import (
    cancel_callback,
    complete_callback,
    reassign_callback,
    reschedule_callback,
    schedule_callback,
)
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.store.tables import Callback


def _callback(fetch, callback_id) -> Callback:
    [row] = fetch(Callback, Callback.id == callback_id)
    return row


def test_schedule_belongs_to_the_lead_owner_and_must_be_in_the_future(ctx, clock, head, anna, new_lead, fetch):
    lead_id = new_lead(anna)
    due = clock.now() + timedelta(hours=3)
    callback_id = schedule_callback(ctx, head, lead_id, due, note="  Send the price list first ")
    callback = _callback(fetch, callback_id)
    assert (callback.owner_id, callback.created_by_id, callback.status, callback.note) == (
        anna.id, head.id, "open", "Send the price list first")
    assert callback.due_at == due
    with pytest.raises(InvalidInput, match="future"):
        schedule_callback(ctx, anna, lead_id, clock.now())
    with pytest.raises(InvalidInput, match="timezone"):
        schedule_callback(ctx, anna, lead_id, datetime(2030, 1, 1, 10, 0))


def test_due_time_given_in_moscow_is_stored_as_the_same_instant(ctx, clock, anna, new_lead, fetch):
    lead_id = new_lead(anna)
    due = datetime(2026, 11, 24, 10, 0, tzinfo=ctx.tz)
    callback = _callback(fetch, schedule_callback(ctx, anna, lead_id, due))
    assert callback.due_at == due and callback.due_at.utcoffset() == timedelta(0)
    assert callback.due_at.hour == 7


def test_complete_with_the_call_that_kept_the_promise(ctx, clock, anna, new_lead, fetch, audit):
    lead_id = new_lead(anna)
    callback_id = schedule_callback(ctx, anna, lead_id, clock.now() + timedelta(hours=1))
    clock.advance(timedelta(hours=1))
    call_id = log_call(ctx, anna, CallDraft(lead_id, "out", "busy", 0)).call_id
    complete_callback(ctx, anna, callback_id, call_id)
    callback = _callback(fetch, callback_id)
    assert (callback.status, callback.done_call_id, callback.done_at) == ("done", call_id, clock.now())
    with pytest.raises(InvalidInput, match="already closed"):
        complete_callback(ctx, anna, callback_id)
    assert ("callback.complete", "done_call_id", None, str(call_id)) in [r[:4] for r in audit("callback", callback_id)]


def test_reschedule_needs_a_reason_and_audits_old_and_new_due(ctx, clock, anna, new_lead, fetch, audit):
    lead_id = new_lead(anna)
    first_due = clock.now() + timedelta(hours=1)
    callback_id = schedule_callback(ctx, anna, lead_id, first_due)
    new_due = clock.now() + timedelta(days=1)
    with pytest.raises(InvalidInput) as error:
        reschedule_callback(ctx, anna, callback_id, new_due, " ")
    assert error.value.field == "reason"
    reschedule_callback(ctx, anna, callback_id, new_due, "Client is travelling")
    assert _callback(fetch, callback_id).due_at == new_due
    rows = [r[:4] for r in audit("callback", callback_id) if r[0] == "callback.reschedule"]
    assert rows == [
        ("callback.reschedule", "due_at", first_due.isoformat(), new_due.isoformat()),
        ("callback.reschedule", "reason", None, "Client is travelling"),
    ]


def test_manager_cannot_touch_another_managers_callback(ctx, clock, anna, boris, new_lead):
    callback_id = schedule_callback(ctx, anna, new_lead(anna), clock.now() + timedelta(hours=1))
    with pytest.raises(PermissionDenied, match="another manager"):
        complete_callback(ctx, boris, callback_id)
    with pytest.raises(PermissionDenied):
        reschedule_callback(ctx, boris, callback_id, clock.now() + timedelta(days=1), "mine")
    with pytest.raises(PermissionDenied):
        schedule_callback(ctx, boris, new_lead(anna, name="Другой"), clock.now() + timedelta(hours=1))


def test_only_the_head_reassigns(ctx, clock, head, anna, boris, new_lead, fetch, audit):
    callback_id = schedule_callback(ctx, anna, new_lead(anna), clock.now() + timedelta(hours=1))
    with pytest.raises(PermissionDenied) as error:
        reassign_callback(ctx, anna, callback_id, "boris")
    assert error.value.message == "Only the head of sales can reassign callbacks."
    reassign_callback(ctx, head, callback_id, "boris")
    assert _callback(fetch, callback_id).owner_id == boris.id
    assert ("callback.reassign", "owner_id", str(anna.id), str(boris.id)) in [r[:4] for r in audit("callback", callback_id)]
    complete_callback(ctx, boris, callback_id)


def test_cancel_needs_a_reason(ctx, clock, anna, new_lead, fetch):
    callback_id = schedule_callback(ctx, anna, new_lead(anna), clock.now() + timedelta(hours=1))
    with pytest.raises(InvalidInput):
        cancel_callback(ctx, anna, callback_id, "")
    cancel_callback(ctx, anna, callback_id, "Duplicate of the meeting")
    assert _callback(fetch, callback_id).status == "cancelled"


def test_moving_an_overdue_callback_closes_it_as_missed_and_opens_a_new_one(ctx, clock, anna, new_lead, fetch, audit):
    lead_id = new_lead(anna)
    first_due = clock.now() + timedelta(hours=1)
    callback_id = schedule_callback(ctx, anna, lead_id, first_due, note="prices")
    clock.advance(timedelta(hours=3))  # two hours overdue
    new_due = clock.now() + timedelta(days=1)
    open_id = reschedule_callback(ctx, anna, callback_id, new_due, "Client is travelling")
    assert open_id != callback_id
    missed, moved = _callback(fetch, callback_id), _callback(fetch, open_id)
    assert (missed.status, missed.due_at, missed.done_at, missed.done_call_id) == ("missed", first_due, clock.now(), None)
    assert (moved.status, moved.due_at, moved.owner_id, moved.lead_id, moved.note) == (
        "open", new_due, anna.id, lead_id, "prices")
    assert [r[:4] for r in audit("callback", callback_id) if r[0] == "callback.reschedule"] == [
        ("callback.reschedule", "status", "open", "missed"),
        ("callback.reschedule", "reason", None, "Client is travelling"),
        ("callback.reschedule", "replaced_by", None, str(open_id)),
    ]
    assert [r[:4] for r in audit("callback", open_id)] == [
        ("callback.reschedule", "due_at", first_due.isoformat(), new_due.isoformat()),
        ("callback.reschedule", "replaces", None, str(callback_id)),
    ]
    with pytest.raises(InvalidInput, match="already closed"):
        reschedule_callback(ctx, anna, callback_id, new_due, "again")
