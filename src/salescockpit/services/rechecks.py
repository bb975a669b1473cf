"""The head's re-check of a lead a manager wrote off (junk, disqualified, lost as not a real lead).

Confirmed: the lead stays closed. Returned: it goes back to an open stage with an owner, its
junk marks cleared, and its owner gets an action in their queue saying why.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.domain.qualification import RecheckVerdict, needs_recheck
from salescockpit.i18n import _
from salescockpit.store.tables import Callback, Lead, LeadReview, Recheck, StageHistory

from .actor import Actor, require_active, require_head
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput
from .lookups import active_user, get_lead
from .ownership import record_owner_change
from .text_input import checked_text

DEFAULT_RETURN_STAGE = "qualification"


def _original_verdict(lead: Lead) -> tuple[str, str | None]:
    if lead.qualification in ("junk", "disqualified"):
        return lead.qualification, lead.junk_reason
    return "lost", lead.lost_reason


def record_recheck(
    ctx: ServiceContext,
    actor: Actor,
    lead_id: int,
    verdict: str,
    *,
    return_stage: str | None = None,
    return_owner_login: str | None = None,
    note: str = "",
) -> int:
    """Confirm or return a written-off lead (head only); return the Recheck id."""
    require_head(actor, _("Only the head of sales can re-check junk leads."))
    try:
        verdict = RecheckVerdict(verdict)
    except ValueError:
        raise InvalidInput("verdict", _("The verdict must be confirmed or returned.")) from None
    note = (note or "").strip()
    if len(note) > 1900:
        raise InvalidInput("note", _("The note is longer than 1900 characters."))
    checked_text("note", note)
    pipeline = ctx.pipeline
    stage = return_stage or DEFAULT_RETURN_STAGE
    if verdict is RecheckVerdict.RETURNED and (stage not in pipeline.keys or pipeline.is_terminal(stage)):
        message = _("A returned lead goes to an open stage, not {stage!r}.").format(stage=stage)
        raise InvalidInput("return_stage", message)
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        lead = get_lead(session, lead_id)
        if not needs_recheck(lead.qualification, lead.lost_reason):
            message = _("Lead #{id} is not marked junk, so there is nothing to re-check.").format(id=lead.id)
            raise InvalidInput("lead", message)
        if _already_rechecked(session, lead):
            raise InvalidInput("lead", _("Lead #{id} was already re-checked.").format(id=lead.id))
        original, reason = _original_verdict(lead)
        owner = lead.owner_id
        if verdict is RecheckVerdict.RETURNED and return_owner_login is not None:
            owner = active_user(session, login=return_owner_login, field="return_owner_login").id
        recheck = Recheck(
            lead_id=lead.id,
            original_verdict=original,
            original_reason=reason,
            marked_by_id=lead.junk_marked_by_id,
            marked_at=lead.junk_marked_at,
            verdict=str(verdict),
            reviewer_id=actor.id,
            returned_stage=stage if verdict is RecheckVerdict.RETURNED else None,
            returned_owner_id=owner if verdict is RecheckVerdict.RETURNED else None,
            note=note,
            created_at=now,
        )
        session.add(recheck)
        session.flush()
        summary = f"lead {lead.id}: {verdict} {note}".strip()
        record_event(session, actor, "lead.recheck", "recheck", recheck.id, summary, now)
        if verdict is RecheckVerdict.RETURNED:
            _return_lead(session, ctx, actor, lead, stage, owner, note, now)
        return recheck.id


def _already_rechecked(session: Session, lead: Lead) -> bool:
    query = select(Recheck.id).where(Recheck.lead_id == lead.id)
    if lead.junk_marked_at is not None:
        query = query.where(Recheck.created_at >= lead.junk_marked_at)
    return session.scalars(query.limit(1)).first() is not None


def _return_lead(
    session: Session, ctx: ServiceContext, actor: Actor, lead: Lead, stage: str, owner_id: int, note: str, now: datetime
) -> None:
    from_stage = lead.stage
    new = {
        "stage": stage,
        "owner_id": owner_id,
        "qualification": "unknown",
        "junk_reason": None,
        "junk_marked_at": None,
        "junk_marked_by_id": None,
        "lost_reason": None,
        "stage_entered_at": now,
    }
    changes = {field: (getattr(lead, field), value) for field, value in new.items()}
    record_owner_change(session, actor, "lead", lead.id, lead.id, lead.owner_id, owner_id, now)
    for field, value in new.items():
        setattr(lead, field, value)
    lead.updated_at = lead.last_activity_at = now
    session.add(
        StageHistory(lead_id=lead.id, from_stage=from_stage, to_stage=stage, moved_at=now, moved_by_id=actor.id)
    )
    record_changes(session, actor, "lead.return", "lead", lead.id, changes, now)
    for callback in session.scalars(select(Callback).where(Callback.lead_id == lead.id, Callback.status == "open")):
        if callback.owner_id != owner_id:
            record_changes(session, actor, "callback.reassign", "callback", callback.id,
                           {"owner_id": (callback.owner_id, owner_id)}, now)
            record_owner_change(session, actor, "callback", callback.id, lead.id, callback.owner_id, owner_id, now)
            callback.owner_id = owner_id
    if note:
        text = _("Returned from junk by the head: {note}").format(note=note)
    else:
        text = _("Returned from junk by the head.")
    review = LeadReview(
        lead_id=lead.id,
        reviewer_id=actor.id,
        day=now.astimezone(ctx.tz).date(),
        verdict="action",
        action_text=text,
        assignee_id=owner_id,
        created_at=now,
    )
    session.add(review)
    session.flush()
    record_event(session, actor, "lead.review", "lead_review", review.id, f"lead {lead.id}: action {text}", now)

