"""Moving leads through the pipeline, behind the stage gates of `domain.pipeline.check_move`.

The head may override an overridable gate (failed critical call, open objection) by giving a
reason; it is kept in StageHistory and the audit trail. Closing a lead as lost or disqualified
cancels its open callbacks; re-opening one clears its junk/lost marks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.domain.pipeline import LeadGateFacts, check_move
from salescockpit.domain.qualification import NOT_A_REAL_LEAD, Bant, is_junk_reason, is_lost_reason
from salescockpit.i18n import _
from salescockpit.store.tables import Call, Callback, CallObjection, CallReview, Lead, StageHistory

from .actor import Actor, require_active
from .audit import record_changes
from .context import ServiceContext
from .errors import GateRefused, InvalidInput
from .leads import clean_field
from .lookups import blank, own_lead
from .text_input import checked_text


@dataclass(frozen=True)
class StageMove:
    lead_id: int
    from_stage: str
    to_stage: str


def has_open_objection(session: Session, lead_id: int) -> bool:
    """An objection raised on the lead, not handled on that call and not resolved later."""
    query = select(CallObjection.id).where(
        CallObjection.lead_id == lead_id,
        CallObjection.handled.is_(False),
        CallObjection.resolved_at.is_(None),
    )
    return session.scalars(query.limit(1)).first() is not None


def last_reviewed_call_failed_critical(session: Session, lead_id: int) -> bool:
    """Whether the latest call of the lead that has a review failed on a critical item."""
    query = (
        select(CallReview.failed_critical)
        .join(Call, Call.id == CallReview.call_id)
        .where(Call.lead_id == lead_id)
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(1)
    )
    return bool(session.scalars(query).first())


def _bant_values(bant: Mapping[str, bool | None] | Bant | None) -> dict[str, bool | None]:
    if bant is None:
        return {}
    if isinstance(bant, Bant):
        bant = {"budget": bant.budget, "authority": bant.authority, "need": bant.need, "timing": bant.timing}
    values = {}
    for key, answer in bant.items():
        field = key if key.startswith("bant_") else f"bant_{key}"
        values[field] = answer
    return values


def _gate_facts(session: Session, lead: Lead, disqualify_reason: str | None) -> LeadGateFacts:
    return LeadGateFacts(
        stage=lead.stage,
        bant_budget=lead.bant_budget,
        bant_authority=lead.bant_authority,
        bant_need=lead.bant_need,
        bant_timing=lead.bant_timing,
        value=lead.value,
        lost_reason=lead.lost_reason,
        disqualify_reason=disqualify_reason,
        has_open_objection=has_open_objection(session, lead.id),
        last_reviewed_call_failed_critical=last_reviewed_call_failed_critical(session, lead.id),
    )


def _cancel_open_callbacks(session: Session, actor: Actor, lead_id: int, now: datetime) -> None:
    for callback in session.scalars(select(Callback).where(Callback.lead_id == lead_id, Callback.status == "open")):
        callback.status = "cancelled"
        callback.done_at = now
        changes = {"status": ("open", "cancelled")}
        record_changes(session, actor, "callback.cancel", "callback", callback.id, changes, now)


def _move(
    ctx: ServiceContext,
    actor: Actor,
    lead_id: int,
    to_stage: str,
    *,
    lost_reason: str | None = None,
    disqualify_reason: str | None = None,
    value: int | None = None,
    bant: Mapping[str, bool | None] | Bant | None = None,
    override_reason: str | None = None,
    qualification_status: str = "disqualified",
) -> StageMove:
    pipeline = ctx.pipeline
    now = ctx.clock.now()
    if lost_reason is not None and not is_lost_reason(lost_reason):
        raise InvalidInput("lost_reason", _("Unknown lost reason: {key}.").format(key=lost_reason))
    if disqualify_reason is not None and not is_junk_reason(disqualify_reason):
        raise InvalidInput("disqualify_reason", _("Unknown junk reason: {key}.").format(key=disqualify_reason))
    with ctx.db.write() as session:
        require_active(session, actor)
        lead = own_lead(session, actor, lead_id)
        from_stage = lead.stage
        before: dict[str, Any] = {}
        filled: dict[str, Any] = {}
        if value is not None:
            filled.update(clean_field("value", value, ctx.settings.phone_region))
        for field, answer in _bant_values(bant).items():
            filled.update(clean_field(field, answer, ctx.settings.phone_region))
        if lost_reason is not None and to_stage == pipeline.lost_key:
            filled["lost_reason"] = lost_reason
        for field, new in filled.items():
            before[field] = getattr(lead, field)
            setattr(lead, field, new)
        problems = check_move(pipeline, _gate_facts(session, lead, disqualify_reason), to_stage)
        override = "" if blank(override_reason) else checked_text("override_reason", override_reason.strip(), 2000)
        if problems:
            if not all(problem.overridable for problem in problems) or not actor.is_head or not override:
                raise GateRefused(problems)
        after = _apply_stage(session, ctx, actor, lead, to_stage, disqualify_reason, qualification_status, now)
        for field, (old, _new) in after.items():
            before.setdefault(field, old)
        changes = {field: (before[field], getattr(lead, field)) for field in before}
        if problems:
            changes["override_reason"] = (None, override)
        session.add(
            StageHistory(
                lead_id=lead.id,
                from_stage=from_stage,
                to_stage=to_stage,
                moved_at=now,
                moved_by_id=actor.id,
                override_reason=override if problems else "",
            )
        )
        record_changes(session, actor, "lead.move", "lead", lead.id, changes, now)
        return StageMove(lead.id, from_stage, to_stage)


def _apply_stage(
    session: Session,
    ctx: ServiceContext,
    actor: Actor,
    lead: Lead,
    to_stage: str,
    disqualify_reason: str | None,
    qualification_status: str,
    now: datetime,
) -> dict[str, tuple[Any, Any]]:
    """Set the stage and what goes with it; return {field: (old, new)}."""
    pipeline = ctx.pipeline
    new: dict[str, Any] = {"stage": to_stage, "stage_entered_at": now}
    if lead.stage == "qualification" and pipeline.is_forward(lead.stage, to_stage) and lead.qualification == "unknown":
        new["qualification"] = "qualified"
    if to_stage == pipeline.disqualified_key:
        new.update(qualification=qualification_status, junk_reason=disqualify_reason,
                   junk_marked_at=now, junk_marked_by_id=actor.id)
    elif to_stage == pipeline.lost_key and lead.lost_reason == NOT_A_REAL_LEAD:
        new.update(junk_marked_at=now, junk_marked_by_id=actor.id)
    elif pipeline.is_terminal(lead.stage) and not pipeline.is_terminal(to_stage):
        new.update(lost_reason=None, junk_reason=None, junk_marked_at=None, junk_marked_by_id=None)
        if lead.qualification in ("junk", "disqualified"):
            new["qualification"] = "unknown"
    if to_stage in (pipeline.lost_key, pipeline.disqualified_key):
        _cancel_open_callbacks(session, actor, lead.id, now)
    changes = {field: (getattr(lead, field), value) for field, value in new.items()}
    for field, value in new.items():
        setattr(lead, field, value)
    lead.updated_at = now
    lead.last_activity_at = now
    return changes


def move_stage(
    ctx: ServiceContext,
    actor: Actor,
    lead_id: int,
    to_stage: str,
    *,
    lost_reason: str | None = None,
    disqualify_reason: str | None = None,
    value: int | None = None,
    bant: Mapping[str, bool | None] | Bant | None = None,
    override_reason: str | None = None,
) -> StageMove:
    """Move a lead to ``to_stage``, filling the given fields first; GateRefused lists what blocks it.

    ``bant`` maps budget/authority/need/timing (or bant_*) to True/False/None, or is a `Bant`.
    """
    return _move(
        ctx, actor, lead_id, to_stage,
        lost_reason=lost_reason, disqualify_reason=disqualify_reason, value=value,
        bant=bant, override_reason=override_reason,
    )


def mark_junk(ctx: ServiceContext, actor: Actor, lead_id: int, reason: str) -> StageMove:
    """Disqualify the lead as junk (``reason`` is a JUNK_REASONS key); it goes to the head's re-check."""
    return _move(
        ctx, actor, lead_id, ctx.pipeline.disqualified_key,
        disqualify_reason=reason, qualification_status="junk",
    )
