"""Sending a fix list: one manager's housekeeping leads become that manager's actions, due together.

One call, one transaction: a `FixList` row, and for each lead an "action" lead review (the
lead's verdict of the day, assigned to its owner) tied to the list, each audited. The action
says what to do about the lead's worst housekeeping reason; it is due at the end of the next
working day unless ``due_at`` says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from salescockpit.domain.morning import HOUSEKEEPING, fix_due_at
from salescockpit.domain.review import reasons_for
from salescockpit.i18n import _
from salescockpit.store.queries.fix_lists import action_for, summary_text
from salescockpit.store.queries.queue import build_scope, lead_facts
from salescockpit.store.tables import Call, Callback, FixList, FixListItem, Lead, LeadReview, StageHistory, User

from .actor import Actor, require_active, require_head
from .audit import record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .text_input import checked_text


@dataclass(frozen=True)
class SentFixList:
    fix_list_id: int
    manager_id: int
    lead_ids: tuple[int, ...]
    due_at: datetime
    summary: str


def send_fix_list(
    ctx: ServiceContext, actor: Actor, manager_id: int, lead_ids: Iterable[int], due_at: datetime | None = None
) -> SentFixList:
    """Send ``lead_ids`` (all ``manager_id``'s, none given a verdict today) as one fix list."""
    require_head(actor, _("Only the head of sales can send fix lists."))
    ids = list(dict.fromkeys(lead_ids))
    if not ids:
        raise InvalidInput("lead_ids", _("The fix list has no leads."))
    now = ctx.clock.now()
    day = now.astimezone(ctx.tz).date()
    due = due_at or fix_due_at(now, ctx.settings.working_hours())
    with ctx.db.write() as session:
        require_active(session, actor)
        manager = session.get(User, manager_id)
        if manager is None:
            raise NotFound(_("User #{id} does not exist.").format(id=manager_id))
        owners = dict(session.execute(select(Lead.id, Lead.owner_id).where(Lead.id.in_(ids))).all())
        missing = [lead_id for lead_id in ids if lead_id not in owners]
        if missing:
            raise NotFound(_("Lead #{id} does not exist.").format(id=missing[0]))
        foreign = [lead_id for lead_id in ids if owners[lead_id] != manager_id]
        if foreign:
            raise InvalidInput("lead_ids", _("Lead #{id} is not {login}'s.").format(id=foreign[0], login=manager.login))
        reviewed = session.scalars(
            select(LeadReview.lead_id).where(LeadReview.lead_id.in_(ids), LeadReview.day == day)
        ).first()
        if reviewed is not None:
            raise InvalidInput("lead_ids", _("Lead #{id} already has a verdict today.").format(id=reviewed))
        scope = build_scope(ctx.settings, now=now, viewer_id=actor.id, viewer_is_head=True, manager_id=manager_id)
        facts = lead_facts(session, scope, ids)
        stages = {lead_id: ctx.pipeline.label(facts[lead_id].stage) for lead_id in ids}
        worst = {}
        for lead_id in ids:
            hits = [hit for hit in reasons_for(facts[lead_id], now, scope.rules) if hit.reason in HOUSEKEEPING]
            worst[lead_id] = min(hits, key=lambda hit: hit.reason.severity) if hits else None
        summary = _fix_summary(manager, ids, worst, stages)
        fix_list = FixList(manager_id=manager_id, sent_by_id=actor.id, sent_at=now, due_at=due, summary=summary)
        session.add(fix_list)
        session.flush()
        for lead_id in ids:
            hit = worst[lead_id]
            text = action_for(hit.reason, stages[lead_id]) if hit else _("Look at the lead and tell the head")
            review = LeadReview(lead_id=lead_id, reviewer_id=actor.id, day=day, created_at=now, verdict="action",
                                action_text=text, assignee_id=manager_id)
            session.add(review)
            session.flush()
            session.add(FixListItem(fix_list_id=fix_list.id, lead_review_id=review.id))
            record_event(session, actor, "lead.review", "lead_review", review.id, f"lead {lead_id}: action {text}", now)
        record_event(session, actor, "fix_list.send", "fix_list", fix_list.id,
                     f"{manager.login}: {len(ids)} lead(s) due {due.isoformat()}", now)
        return SentFixList(fix_list.id, manager_id, tuple(ids), due, summary)


def _fix_summary(manager: User, ids, worst, stages) -> str:
    from salescockpit.domain.morning import Candidate

    chosen = [Candidate(lead_id, manager.id, hit.reason, hit.since) for lead_id in ids if (hit := worst[lead_id])]
    return summary_text(manager.display_name or manager.login, chosen, stages)


def check_fix_done(session, review: LeadReview, comment: str) -> None:
    """Refuse to mark a fix-list action done with nothing done on the lead since and no comment.

    Done means a call logged, a callback (next step) set, or a stage move after the list was
    sent; the comment is kept on the item for the head. Actions not from a fix list pass.
    """
    item = session.scalars(select(FixListItem).where(FixListItem.lead_review_id == review.id)).first()
    if item is None:
        return
    comment = checked_text("comment", (comment or "").strip())
    since = review.created_at
    done = (
        session.scalars(select(Call.id).where(Call.lead_id == review.lead_id, Call.started_at > since)).first()
        or session.scalars(select(Callback.id).where(Callback.lead_id == review.lead_id,
                                                     Callback.created_at > since)).first()
        or session.scalars(select(StageHistory.id).where(StageHistory.lead_id == review.lead_id,
                                                         StageHistory.moved_at > since)).first()
    )
    if not done and not comment:
        raise InvalidInput("comment", _("Do it first (log a call, set a next step or move the stage), "
                                        "or write the head a comment."))
    if len(comment) > 2000:
        raise InvalidInput("comment", _("The comment is longer than 2000 characters."))
    item.done_note = comment
