"""Callbacks: the promised next contacts. Scheduling, completing, rescheduling, reassigning.

A manager works only their own callbacks; the head works all and alone may reassign them.
Rescheduling needs a reason and is audited (old and new due time), since a moved promise
is how forgotten callbacks hide; moving one that is already overdue closes it as missed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from salescockpit.i18n import _
from salescockpit.store.tables import Callback

from .actor import Actor, require_active, require_head, require_owner_or_head
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput
from .lookups import active_user, blank, get_call, get_callback, own_lead, require_aware
from .ownership import record_owner_change
from .text_input import checked_text

#: The status of a callback moved after its due time had passed: a promise not kept.
MISSED = "missed"


def _future(field: str, due_at: datetime, now: datetime) -> None:
    require_aware(field, due_at)
    if due_at is None or due_at <= now:
        raise InvalidInput(field, _("The callback must be due in the future."))


def _open_callback(session: Session, actor: Actor, callback_id: int) -> Callback:
    callback = get_callback(session, callback_id)
    require_owner_or_head(
        actor, callback.owner_id, _("Callback #{id} belongs to another manager.").format(id=callback_id)
    )
    if callback.status != "open":
        raise InvalidInput("callback", _("Callback #{id} is already closed.").format(id=callback_id))
    return callback


def schedule_callback(ctx: ServiceContext, actor: Actor, lead_id: int, due_at: datetime, note: str = "") -> int:
    """Promise a next contact with the lead; the lead's owner is responsible for it."""
    now = ctx.clock.now()
    _future("due_at", due_at, now)
    note = (note or "").strip()
    if len(note) > 2000:
        raise InvalidInput("note", _("The note is longer than 2000 characters."))
    checked_text("note", note)
    with ctx.db.write() as session:
        require_active(session, actor)
        lead = own_lead(session, actor, lead_id)
        callback = Callback(
            lead_id=lead.id, owner_id=lead.owner_id, due_at=due_at, created_by_id=actor.id, created_at=now, note=note
        )
        session.add(callback)
        session.flush()
        record_event(session, actor, "callback.schedule", "callback", callback.id,
                     f"lead {lead.id} due {due_at.isoformat()}", now)
        return callback.id


def complete_callback(ctx: ServiceContext, actor: Actor, callback_id: int, call_id: int | None = None) -> None:
    """Mark the callback done (optionally by the call that kept the promise)."""
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        callback = _open_callback(session, actor, callback_id)
        if call_id is not None and get_call(session, call_id).lead_id != callback.lead_id:
            raise InvalidInput("call_id", _("That call was made to another lead."))
        callback.status, callback.done_at, callback.done_call_id = "done", now, call_id
        changes = {"status": ("open", "done"), "done_call_id": (None, call_id)}
        record_changes(session, actor, "callback.complete", "callback", callback.id, changes, now)


def reschedule_callback(ctx: ServiceContext, actor: Actor, callback_id: int, due_at: datetime, reason: str) -> int:
    """Move the callback to a new due time; the reason is required and audited. Returns the open callback's id.

    A callback moved before its due time keeps its row. One moved after its due time has
    passed was a promise already broken: it is closed as ``missed`` (so it counts as not kept,
    and moving can never stand in for calling) and a new callback carries the new time.
    """
    now = ctx.clock.now()
    _future("due_at", due_at, now)
    if blank(reason):
        raise InvalidInput("reason", _("Say why the callback is moved."))
    reason = checked_text("reason", reason.strip())
    with ctx.db.write() as session:
        require_active(session, actor)
        callback = _open_callback(session, actor, callback_id)
        old = callback.due_at
        if old >= now:
            callback.due_at = due_at
            changes = {"due_at": (old, due_at), "reason": (None, reason)}
            record_changes(session, actor, "callback.reschedule", "callback", callback.id, changes, now)
            return callback.id
        callback.status, callback.done_at = MISSED, now
        replacement = Callback(
            lead_id=callback.lead_id, owner_id=callback.owner_id, due_at=due_at, created_by_id=actor.id,
            created_at=now, note=callback.note,
        )
        session.add(replacement)
        session.flush()
        changes = {"status": ("open", MISSED), "reason": (None, reason), "replaced_by": (None, replacement.id)}
        record_changes(session, actor, "callback.reschedule", "callback", callback.id, changes, now)
        changes = {"due_at": (old, due_at), "replaces": (None, callback.id)}
        record_changes(session, actor, "callback.reschedule", "callback", replacement.id, changes, now)
        return replacement.id


def cancel_callback(ctx: ServiceContext, actor: Actor, callback_id: int, reason: str) -> None:
    """Drop a promise that no longer makes sense; the reason is required and audited."""
    now = ctx.clock.now()
    if blank(reason):
        raise InvalidInput("reason", _("Say why the callback is cancelled."))
    checked_text("reason", reason)
    with ctx.db.write() as session:
        require_active(session, actor)
        callback = _open_callback(session, actor, callback_id)
        callback.status, callback.done_at = "cancelled", now
        changes = {"status": ("open", "cancelled"), "reason": (None, reason.strip())}
        record_changes(session, actor, "callback.cancel", "callback", callback.id, changes, now)


def reassign_callback(ctx: ServiceContext, actor: Actor, callback_id: int, new_owner_login: str) -> None:
    """Give an open callback to another active user (head only)."""
    require_head(actor, _("Only the head of sales can reassign callbacks."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        callback = _open_callback(session, actor, callback_id)
        owner = active_user(session, login=new_owner_login, field="new_owner_login")
        old = callback.owner_id
        callback.owner_id = owner.id
        record_changes(session, actor, "callback.reassign", "callback", callback.id, {"owner_id": (old, owner.id)}, now)
        record_owner_change(session, actor, "callback", callback.id, callback.lead_id, old, owner.id, now)
