"""What a reminder call gave, and the head's resolution of a dispute.

`record_reminder_outcome` closes a reminder task with the call's outcome, in one transaction
with its audit rows, and moves the ladder on:

- **promise**: a promise to pay (amount by a day) is logged for the task's instalment; it pauses
  the ladder until that day (`services.promises`);
- **paid**: the client says the money is sent: the ladder waits `[money] paid_wait_days` days
  for it before the next step;
- **dispute**: the client contests the debt: a `client_disputes` row opens, every open reminder
  of the client is cancelled and the ladder stops until the head resolves it
  (`resolve_dispute`, with a note, audited);
- **refused**, **wrong_contact**: the task is done; the next step comes on its day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select, update

from salescockpit.domain.reminder_ladder import REMINDER_OUTCOMES
from salescockpit.i18n import _
from salescockpit.store.client_task_tables import ClientDispute, ClientTask
from salescockpit.store.money_tables import Client

from .actor import Actor, require_active, require_head
from .audit import record_changes, record_event
from .calls import CallDraft, LoggedCall, validate_call, write_call
from .context import ServiceContext
from .errors import InvalidInput, NotFound, PermissionDenied
from .promises import add_promise
from .text_input import checked_text



@dataclass(frozen=True)
class OutcomeDraft:
    task_id: int
    outcome: str
    call_id: int | None = None
    note: str = ""
    promised_amount: Decimal | None = None
    promised_for: date | None = None


def record_reminder_outcome(ctx: ServiceContext, actor: Actor, draft: OutcomeDraft) -> int | None:
    """Close the task with ``draft.outcome``; return the promise's or the dispute's id when one was made."""
    if draft.outcome not in REMINDER_OUTCOMES:
        raise InvalidInput("outcome", _("Choose what the call gave: {choices}.").format(choices=", ".join(REMINDER_OUTCOMES)))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        return close_reminder_task(session, ctx, actor, draft, now)


def log_reminder_call(ctx: ServiceContext, actor: Actor, call: CallDraft, outcome: OutcomeDraft) -> tuple[LoggedCall, int | None]:
    """Log the call with the client's lead and close the reminder task with its outcome, in one transaction."""
    now = ctx.clock.now()
    errors = validate_call(call, now)
    if errors:
        raise InvalidInput.from_errors(errors)
    if outcome.outcome not in REMINDER_OUTCOMES:
        raise InvalidInput("outcome", _("Choose what the call gave: {choices}.").format(choices=", ".join(REMINDER_OUTCOMES)))
    with ctx.db.write() as session:
        logged = write_call(session, ctx, actor, call, now)
        made = close_reminder_task(session, ctx, actor, replace(outcome, call_id=logged.call_id), now)
        return logged, made


def close_reminder_task(session, ctx: ServiceContext, actor: Actor, draft: OutcomeDraft, now) -> int | None:
    """Inside a write the caller holds: close the task with the outcome (see the module's text)."""
    note = checked_text("note", " ".join(draft.note.split()))
    require_active(session, actor)
    task = session.get(ClientTask, draft.task_id) if isinstance(draft.task_id, int) else None
    if task is None or task.kind != "reminder":
        raise NotFound(_("No reminder task #{id}.").format(id=draft.task_id))
    client = session.get(Client, task.client_id)
    if not actor.is_head and actor.id not in (task.manager_id, client.manager_id):
        raise PermissionDenied(_("That client belongs to another manager."))
    if task.status != "open":
        raise InvalidInput("task", _("Reminder task #{id} is closed already.").format(id=task.id))
    made: int | None = None
    if draft.outcome == "promise":
        if draft.promised_amount is None or draft.promised_for is None:
            raise InvalidInput("promise", _("A promise needs the amount and the day."))
        made = add_promise(session, ctx, actor, client.id, task.instalment_id, draft.promised_for,
                           draft.promised_amount, draft.call_id)
    elif draft.outcome == "dispute":
        if not note:
            raise InvalidInput("note", _("Say what the client disputes."))
        dispute = ClientDispute(client_id=client.id, instalment_id=task.instalment_id, task_id=task.id, note=note,
                                opened_at=now, opened_by_id=actor.id)
        session.add(dispute)
        session.flush()
        made = dispute.id
        record_event(session, actor, "dispute.open", "client", client.id, f"dispute {dispute.id}: {note}", now)
        others = session.scalars(select(ClientTask.id).where(
            ClientTask.client_id == client.id, ClientTask.kind == "reminder", ClientTask.status == "open",
            ClientTask.id != task.id)).all()
        if others:
            session.execute(update(ClientTask).where(ClientTask.id.in_(others)).values(status="cancelled", done_at=now))
            record_event(session, actor, "reminders.stop", "client", client.id,
                         "cancelled " + ", ".join(f"#{i}" for i in others), now)
    record_changes(session, actor, "client_task.done", "client_task", task.id, {
        "status": (task.status, "done"), "outcome": (task.outcome, draft.outcome), "call_id": (task.call_id, draft.call_id),
        "note": (task.note, note)}, now)
    task.status, task.outcome, task.call_id, task.note, task.done_at = "done", draft.outcome, draft.call_id, note, now
    return made


def resolve_dispute(ctx: ServiceContext, actor: Actor, client_id: int, note: str) -> int:
    """The head closes the client's open dispute with ``note``; the ladder goes on. Return its id."""
    require_head(actor, _("Only the head of sales can resolve a dispute."))
    note = checked_text("note", " ".join(note.split()))
    if not note:
        raise InvalidInput("note", _("Say how the dispute was resolved."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        dispute = session.scalars(select(ClientDispute).where(
            ClientDispute.client_id == client_id, ClientDispute.resolved_at.is_(None)).order_by(ClientDispute.id)).first()
        if dispute is None:
            raise NotFound(_("Client #{id} has no open dispute.").format(id=client_id))
        record_changes(session, actor, "dispute.resolve", "client_dispute", dispute.id, {
            "resolved_at": (None, now), "resolution_note": (dispute.resolution_note, note)}, now)
        dispute.resolved_at, dispute.resolved_by_id, dispute.resolution_note = now, actor.id, note
        return dispute.id
