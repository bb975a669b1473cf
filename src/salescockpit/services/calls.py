"""Logging a call: the call, its objections, the next callback and the kept promise, at once.

`validate_call` is pure so the call form can show the same messages before saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from salescockpit.i18n import N_, _
from salescockpit.store.tables import Call, Callback, CallObjection, ObjectionType, Script, User

from .actor import Actor, require_active
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .lookups import blank, get_callback, own_lead
from .scripts import default_script_id
from .text_input import text_problem

if TYPE_CHECKING:
    from .campaign_calls import CampaignOutcome

#: Call outcomes: key -> English label (translate with `outcome_label`).
OUTCOMES: dict[str, str] = {
    "reached": N_("Reached"),
    "no_answer": N_("No answer"),
    "busy": N_("Busy"),
    "voicemail": N_("Voicemail"),
    "wrong_number": N_("Wrong number"),
    "callback_requested": N_("Callback requested"),
    "meeting_set": N_("Meeting set"),
    "won": N_("Won"),
    "lost": N_("Lost"),
}
DIRECTIONS = ("out", "in")
_NEEDS_NEXT_STEP = frozenset({"callback_requested", "meeting_set", "reached"})
MAX_DURATION = timedelta(hours=24)
#: The longest objection answer and recording reference (their columns' lengths).
MAX_ANSWER = 2000
MAX_RECORDING_REF = 1000


def outcome_label(outcome: str) -> str:
    return _(OUTCOMES.get(outcome, outcome))


def outcome_needs_next_step(outcome: str) -> bool:
    """Whether a call with this outcome must end with a next callback (or a reason for none)."""
    return outcome in _NEEDS_NEXT_STEP


@dataclass(frozen=True)
class ObjectionDraft:
    type_key: str
    handled: bool
    answer: str = ""


@dataclass(frozen=True)
class CallDraft:
    lead_id: int
    direction: str
    outcome: str
    duration_seconds: int
    notes: str = ""
    recording_ref: str | None = None
    script_id: int | None = None
    started_at: datetime | None = None
    objections: tuple[ObjectionDraft, ...] = ()
    next_callback_at: datetime | None = None
    no_next_step_reason: str | None = None
    fulfils_callback_id: int | None = None
    campaign_outcome: CampaignOutcome | None = None  # a campaign call's outcome (services.campaign_calls)


@dataclass(frozen=True)
class LoggedCall:
    call_id: int
    callback_id: int | None
    referral_lead_id: int | None = None


def _aware(moment: object) -> bool:
    return isinstance(moment, datetime) and moment.utcoffset() is not None


def validate_call(draft: CallDraft, now: datetime, objection_types: set[str] | None = None) -> dict[str, str]:
    """Everything wrong with ``draft`` as {field: message}; empty = fine.

    ``objection_types`` (the known type keys), when given, also catches unknown objection types.
    """
    errors: dict[str, str] = {}
    if draft.direction not in DIRECTIONS:
        errors["direction"] = _("The direction must be out or in.")
    if draft.outcome not in OUTCOMES:
        errors["outcome"] = _("Choose the call's outcome.")
    duration = draft.duration_seconds
    if isinstance(duration, bool) or not isinstance(duration, int) or not 0 <= duration < MAX_DURATION.total_seconds():
        errors["duration_seconds"] = _("The duration must be between 0 seconds and 24 hours.")
    if draft.started_at is not None:
        if not _aware(draft.started_at):
            errors["started_at"] = _("The time must carry a timezone.")
        elif draft.started_at > now:
            errors["started_at"] = _("A call cannot start in the future.")
    if draft.next_callback_at is not None:
        if not _aware(draft.next_callback_at):
            errors["next_callback_at"] = _("The time must carry a timezone.")
        elif draft.next_callback_at <= now:
            errors["next_callback_at"] = _("The next callback must be in the future.")
    elif outcome_needs_next_step(draft.outcome) and blank(draft.no_next_step_reason):
        errors["next_callback_at"] = _("Agree a next callback, or say why there is no next step.")
    for field, text, limit in (("notes", draft.notes, None), ("no_next_step_reason", draft.no_next_step_reason, None),
                               ("recording_ref", draft.recording_ref, MAX_RECORDING_REF),
                               *(("objections", objection.answer, MAX_ANSWER) for objection in draft.objections)):
        problem = text_problem(text and text.strip(), limit)
        if problem is not None:
            errors[field] = problem
    seen: set[str] = set()
    for objection in draft.objections:
        if blank(objection.type_key):
            errors["objections"] = _("Choose the type of each objection.")
        elif objection.type_key in seen:
            errors["objections"] = _("The objection {key} is listed twice.").format(key=objection.type_key)
        elif objection_types is not None and objection.type_key not in objection_types:
            errors["objections"] = _("Unknown objection type: {key}.").format(key=objection.type_key)
        elif objection.handled and blank(objection.answer):
            errors["objections"] = _("Say how the objection {key} was answered.").format(key=objection.type_key)
        seen.add(objection.type_key)
    if draft.campaign_outcome is not None:
        from .campaign_calls import validate_campaign_outcome

        errors.update(validate_campaign_outcome(draft.campaign_outcome))
    return errors


def _objection_type(session: Session, key: str) -> ObjectionType:
    row = session.scalars(select(ObjectionType).where(ObjectionType.key == key)).first()
    if row is None or not row.active:
        raise InvalidInput("objections", _("Unknown objection type: {key}.").format(key=key))
    return row


def _write_objections(session: Session, call: Call, draft: CallDraft, now: datetime) -> None:
    for objection in draft.objections:
        kind = _objection_type(session, objection.type_key)
        if objection.handled:
            session.execute(
                update(CallObjection)
                .where(
                    CallObjection.lead_id == call.lead_id,
                    CallObjection.type_id == kind.id,
                    CallObjection.handled.is_(False),
                    CallObjection.resolved_at.is_(None),
                )
                .values(resolved_at=now)
            )
        session.add(
            CallObjection(
                call_id=call.id,
                lead_id=call.lead_id,
                type_id=kind.id,
                handled=objection.handled,
                answer=(objection.answer or "").strip(),
                raised_at=call.started_at,
            )
        )


def _fulfil(session: Session, actor: Actor, call: Call, callback_id: int, now: datetime) -> None:
    callback = get_callback(session, callback_id)
    if callback.lead_id != call.lead_id:
        raise InvalidInput("fulfils_callback_id", _("That callback belongs to another lead."))
    if callback.status != "open":
        raise InvalidInput("fulfils_callback_id", _("That callback is already closed."))
    callback.status, callback.done_at, callback.done_call_id = "done", now, call.id
    changes = {"status": ("open", "done"), "done_call_id": (None, call.id)}
    record_changes(session, actor, "callback.complete", "callback", callback.id, changes, now)


def log_call(ctx: ServiceContext, actor: Actor, draft: CallDraft) -> LoggedCall:
    """Write the call with its objections, next callback and fulfilled callback in one transaction."""
    now = ctx.clock.now()
    errors = validate_call(draft, now)
    if errors:
        raise InvalidInput.from_errors(errors)
    with ctx.db.write() as session:
        return write_call(session, ctx, actor, draft, now)


def write_call(session: Session, ctx: ServiceContext, actor: Actor, draft: CallDraft, now: datetime) -> LoggedCall:
    """Inside a write the caller holds (the draft checked): the call and all it brings, audited.

    For a use case that logs a call together with something else in one transaction (a reminder
    call's outcome: `services.reminder_outcomes.log_reminder_call`)."""
    require_active(session, actor)
    lead = own_lead(session, actor, draft.lead_id)
    if draft.script_id is not None and session.get(Script, draft.script_id) is None:
        raise NotFound(_("Script #{id} does not exist.").format(id=draft.script_id))
    script_id = draft.script_id
    if script_id is None:
        script_id = default_script_id(session, session.get(User, actor.id), lead.stage)
    call = Call(
        lead_id=lead.id,
        manager_id=actor.id,
        started_at=draft.started_at or now,
        direction=draft.direction,
        duration_seconds=draft.duration_seconds,
        outcome=draft.outcome,
        notes=(draft.notes or "").strip(),
        recording_ref=None if blank(draft.recording_ref) else draft.recording_ref.strip(),
        script_id=script_id,
        created_at=now,
    )
    session.add(call)
    session.flush()
    summary = f"{draft.direction} {draft.outcome} {draft.duration_seconds}s, {len(draft.objections)} objection(s)"
    if not blank(draft.no_next_step_reason):
        summary += f"; no next step: {draft.no_next_step_reason.strip()}"
    record_event(session, actor, "call.log", "call", call.id, summary, now)
    _write_objections(session, call, draft, now)
    if draft.fulfils_callback_id is not None:
        _fulfil(session, actor, call, draft.fulfils_callback_id, now)
    referral_lead_id = None
    if draft.campaign_outcome is not None:
        from .campaign_calls import close_campaign_task

        referral_lead_id = close_campaign_task(session, ctx, actor, call, draft.campaign_outcome, now)
    callback_id = None
    if draft.next_callback_at is not None:
        callback = Callback(
            lead_id=lead.id,
            owner_id=lead.owner_id,
            due_at=draft.next_callback_at,
            created_by_id=actor.id,
            created_at=now,
        )
        session.add(callback)
        session.flush()
        callback_id = callback.id
        record_event(session, actor, "callback.schedule", "callback", callback.id,
                     f"lead {lead.id} due {draft.next_callback_at.isoformat()}", now)
    if lead.first_call_at is None or call.started_at < lead.first_call_at:
        lead.first_call_at = call.started_at
    lead.last_activity_at = max(lead.last_activity_at, call.started_at)
    lead.updated_at = now
    session.flush()
    return LoggedCall(call.id, callback_id, referral_lead_id)
