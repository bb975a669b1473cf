"""The head's reviews: scoring calls against the script, and the daily verdict on a lead.

Only the head scores calls and reviews leads; a manager can never change either. An "action"
verdict is a task for the lead's owner, done by them (or by a head) with `complete_action`.
A lead has at most one verdict a team-day; the head can take today's verdicts back with
`undo_lead_review`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from salescockpit.domain.scoring import Answer, Criticality, ScoreResult, ScriptError, score_call
from salescockpit.i18n import _
from salescockpit.store.queries.queue_verdicts import undoable_verdicts
from salescockpit.store.tables import CallReview, CallReviewItem, Lead, LeadReview, Script

from .actor import Actor, require_active, require_head
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound, PermissionDenied
from .lookups import blank, get_call, get_lead
from .scripts import FIRST_CONTACT, current_row, definition_of
from .suggestions import record_suggestions
from .text_input import checked_text

VERDICTS = ("ok", "action")
#: The longest note on a scored item (its column's length).
MAX_NOTE = 2000


def review_call(
    ctx: ServiceContext,
    actor: Actor,
    call_id: int,
    answers: Mapping[str, Answer | str],
    item_notes: Mapping[str, str] | None = None,
    note: str = "",
) -> ScoreResult:
    """Score a call item by item (head only); re-reviewing replaces the items, audited."""
    require_head(actor, _("Only the head of sales can score calls."))
    item_notes = {key: checked_text("item_notes", text.strip(), MAX_NOTE)
                  for key, text in (item_notes or {}).items() if not blank(text)}
    note = checked_text("note", (note or "").strip())
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        call = get_call(session, call_id)
        review = session.scalars(select(CallReview).where(CallReview.call_id == call.id)).first()
        script_id = call.script_id or (review.script_id if review else None)
        row = session.get(Script, script_id) if script_id else current_row(session, FIRST_CONTACT)
        if row is None:
            raise NotFound(_("There is no {name!r} script to score the call against.").format(name=FIRST_CONTACT))
        script = definition_of(row)
        try:
            result = score_call(script, answers)
        except ScriptError as error:
            raise InvalidInput("answers", str(error)) from error
        items = {item.key: item for item in script.items()}
        unexplained = [
            items[key].text
            for key in result.missed
            if items[key].criticality is not Criticality.NONE and key not in item_notes
        ]
        if unexplained:
            raise InvalidInput(
                "item_notes",
                _("Add a note for each critical miss: {items}.").format(items="; ".join(unexplained)),
            )
        old = None
        if review is None:
            review = CallReview(call_id=call.id, reviewer_id=actor.id, script_id=row.id, created_at=now)
            session.add(review)
        else:
            old = {"score": review.score, "passed": review.passed, "failed_critical": review.failed_critical,
                   "reviewer_id": review.reviewer_id}
            session.execute(delete(CallReviewItem).where(CallReviewItem.review_id == review.id))
        review.reviewer_id, review.script_id = actor.id, row.id
        review.score, review.passed, review.failed_critical = result.score, result.passed, result.failed_critical
        review.note = (note or "").strip()
        session.flush()
        for key, answer in answers.items():
            item = CallReviewItem(
                review_id=review.id, item_key=key, answer=str(Answer(answer)), note=item_notes.get(key, "")
            )
            session.add(item)
        record_suggestions(session, review.id, call.id, script, {key: str(Answer(value)) for key, value in answers.items()})
        action = "call.review" if old is None else "call.rereview"
        record_event(session, actor, action, "call_review", review.id,
                     f"call {call.id}: {result.score} ({row.name} v{row.version})", now)
        if old is not None:
            new = {"score": result.score, "passed": result.passed, "failed_critical": result.failed_critical,
                   "reviewer_id": actor.id}
            changes = {field: (old[field], new[field]) for field in new}
            record_changes(session, actor, action, "call_review", review.id, changes, now)
        return result


def record_lead_review(
    ctx: ServiceContext, actor: Actor, lead_id: int | Iterable[int], verdict: str, action_text: str = ""
) -> int | list[int]:
    """The head's verdict on a lead today: "ok", or "action" with a task for the lead's owner.

    A lead has one verdict a team-day: a second one replaces the first (verdict, action text,
    assignee; an action given anew is not done yet), audited old -> new, and returns the same id.
    Giving the same verdict again changes nothing. Several lead ids (the head's marked rows) get
    the same verdict in one transaction, and a list of review ids comes back; one refusal saves none.
    """
    require_head(actor, _("Only the head of sales can review leads."))
    if verdict not in VERDICTS:
        raise InvalidInput("verdict", _("The verdict must be ok or action."))
    action_text = (action_text or "").strip()
    if verdict == "action" and not action_text:
        raise InvalidInput("action_text", _("Say what the manager must do."))
    if len(action_text) > 2000:
        raise InvalidInput("action_text", _("The action is longer than 2000 characters."))
    checked_text("action_text", action_text)
    ids = [lead_id] if isinstance(lead_id, int) else list(dict.fromkeys(lead_id))
    if not ids:
        raise InvalidInput("lead_ids", _("There is no lead to give a verdict."))
    now = ctx.clock.now()
    day = now.astimezone(ctx.tz).date()
    with ctx.db.write() as session:
        require_active(session, actor)
        review_ids = [_review_one(session, actor, each, verdict, action_text, now, day) for each in ids]
    return review_ids[0] if isinstance(lead_id, int) else review_ids


def _review_one(session: Session, actor: Actor, lead_id: int, verdict: str, action_text: str, now: datetime,
                day: date) -> int:
    lead = get_lead(session, lead_id)
    # Two verdicts on one lead at once (two heads, two windows) wait for each other here.
    session.execute(select(Lead.id).where(Lead.id == lead.id).with_for_update())
    wanted = {
        "verdict": verdict,
        "action_text": action_text if verdict == "action" else "",
        "assignee_id": lead.owner_id if verdict == "action" else None,
    }
    existing = session.scalars(
        select(LeadReview).where(LeadReview.lead_id == lead.id, LeadReview.day == day).order_by(LeadReview.id.desc())
    ).first()
    if existing is not None:
        return _replace_review(session, actor, existing, wanted, now)
    review = LeadReview(lead_id=lead.id, reviewer_id=actor.id, day=day, created_at=now, **wanted)
    session.add(review)
    session.flush()
    record_event(session, actor, "lead.review", "lead_review", review.id,
                 f"lead {lead.id}: {verdict} {action_text}".strip(), now)
    return review.id


def _replace_review(session: Session, actor: Actor, review: LeadReview, wanted: dict, now: datetime) -> int:
    """Give today's review of a lead the verdict ``wanted``; audit each field that changes."""
    if all(getattr(review, field) == value for field, value in wanted.items()):
        return review.id
    new = {**wanted, "reviewer_id": actor.id, "created_at": now, "action_done_at": None, "action_done_by_id": None}
    changes = {field: (getattr(review, field), value) for field, value in new.items()}
    for field, value in new.items():
        setattr(review, field, value)
    record_changes(session, actor, "lead.review.change", "lead_review", review.id, changes, now)
    return review.id


@dataclass(frozen=True)
class UndoneReview:
    """A lead verdict that was taken back: the lead is in the queue again."""

    review_id: int
    lead_id: int
    verdict: str
    action_text: str


def undo_lead_review(ctx: ServiceContext, actor: Actor, review_ids: int | Iterable[int]) -> list[UndoneReview]:
    """Take back the head's own verdicts of today (one id, or several in one transaction).

    The review rows are deleted, so each lead is back in today's queue and an action's copy in
    its manager's queue disappears; the audit keeps what was removed (`lead.review.undo`, every
    field old -> NULL). Refused: another head's verdict, a verdict of another day, an action the
    manager has already done, the action of a junk re-check. One refusal undoes nothing.
    """
    require_head(actor, _("Only the head of sales can undo a verdict."))
    ids = [review_ids] if isinstance(review_ids, int) else list(dict.fromkeys(review_ids))
    if not ids:
        raise InvalidInput("review_ids", _("There is no verdict to undo."))
    now = ctx.clock.now()
    day = now.astimezone(ctx.tz).date()
    with ctx.db.write() as session:
        require_active(session, actor)
        undoable = {verdict.review_id for verdict in undoable_verdicts(session, actor, day)}
        undone = []
        for review_id in ids:
            review = session.get(LeadReview, review_id) if isinstance(review_id, int) else None
            if review is None:
                raise NotFound(_("Lead review #{id} does not exist.").format(id=review_id))
            if review_id not in undoable:
                raise _why_not_undoable(review, actor, day)
            removed = {"verdict": review.verdict, "action_text": review.action_text or None,
                       "assignee_id": review.assignee_id, "day": review.day}
            record_changes(session, actor, "lead.review.undo", "lead_review", review.id,
                           {field: (old, None) for field, old in removed.items()}, now)
            undone.append(UndoneReview(review.id, review.lead_id, review.verdict, review.action_text))
            session.delete(review)
        return undone


def _why_not_undoable(review: LeadReview, actor: Actor, day: date) -> Exception:
    if review.reviewer_id != actor.id:
        return PermissionDenied(_("This verdict was given by another head."))
    if review.day != day:
        return InvalidInput("review", _("Only today's verdicts can be undone."))
    if review.action_done_at is not None:
        return InvalidInput("review", _("The manager has already done this action: it can no longer be undone."))
    return InvalidInput("review", _("This action came with a junk re-check: it is not undone from the queue."))


def complete_action(ctx: ServiceContext, actor: Actor, review_id: int, comment: str = "") -> None:
    """Mark the head's action on a lead done (its assignee, or a head).

    A fix-list action needs the thing done since it was sent (a call logged, a next step set, a
    stage changed) or a ``comment`` for the head (`services.fix_lists.check_fix_done`)."""
    from .fix_lists import check_fix_done

    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        review = session.get(LeadReview, review_id)
        if review is None:
            raise NotFound(_("Lead review #{id} does not exist.").format(id=review_id))
        if review.verdict != "action":
            raise InvalidInput("review", _("This review has no action to complete."))
        if not actor.is_head and review.assignee_id != actor.id:
            raise PermissionDenied(_("This action was given to another manager."))
        if review.action_done_at is not None:
            raise InvalidInput("review", _("This action is already done."))
        check_fix_done(session, review, comment)
        review.action_done_at, review.action_done_by_id = now, actor.id
        changes = {"action_done_at": (None, now), "action_done_by_id": (None, actor.id)}
        record_changes(session, actor, "lead.action_done", "lead_review", review.id, changes, now)
