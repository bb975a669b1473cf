"""The head's reviews: scoring calls against the script, and the daily verdict on a lead.

Only the head scores calls and reviews leads; a manager can never change either. An "action"
verdict is a task for the lead's owner, done by them (or by a head) with `complete_action`.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select

from salescockpit.domain.scoring import Answer, Criticality, ScoreResult, ScriptError, score_call
from salescockpit.i18n import _
from salescockpit.store.tables import CallReview, CallReviewItem, LeadReview, Script

from .actor import Actor, require_active, require_head
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound, PermissionDenied
from .lookups import blank, get_call, get_lead
from .scripts import FIRST_CONTACT, current_row, definition_of
from .suggestions import record_suggestions

VERDICTS = ("ok", "action")


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
    item_notes = {key: text.strip() for key, text in (item_notes or {}).items() if not blank(text)}
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


def record_lead_review(ctx: ServiceContext, actor: Actor, lead_id: int, verdict: str, action_text: str = "") -> int:
    """The head's verdict on a lead today: "ok", or "action" with a task for the lead's owner."""
    require_head(actor, _("Only the head of sales can review leads."))
    if verdict not in VERDICTS:
        raise InvalidInput("verdict", _("The verdict must be ok or action."))
    action_text = (action_text or "").strip()
    if verdict == "action" and not action_text:
        raise InvalidInput("action_text", _("Say what the manager must do."))
    if len(action_text) > 2000:
        raise InvalidInput("action_text", _("The action is longer than 2000 characters."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        lead = get_lead(session, lead_id)
        review = LeadReview(
            lead_id=lead.id,
            reviewer_id=actor.id,
            day=now.astimezone(ctx.tz).date(),
            verdict=verdict,
            action_text=action_text if verdict == "action" else "",
            assignee_id=lead.owner_id if verdict == "action" else None,
            created_at=now,
        )
        session.add(review)
        session.flush()
        record_event(session, actor, "lead.review", "lead_review", review.id,
                     f"lead {lead.id}: {verdict} {action_text}".strip(), now)
        return review.id


def complete_action(ctx: ServiceContext, actor: Actor, review_id: int) -> None:
    """Mark the head's action on a lead done (its assignee, or a head)."""
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
        review.action_done_at, review.action_done_by_id = now, actor.id
        changes = {"action_done_at": (None, now), "action_done_by_id": (None, actor.id)}
        record_changes(session, actor, "lead.action_done", "lead_review", review.id, changes, now)
