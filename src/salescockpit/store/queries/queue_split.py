"""This morning's split of the head's queue: today's bounded list, sent fix lists, the backlog.

One pass over the scope's leads finds each lead's worst reason (a CASE in the queue's order,
as `queue_progress` does), whether any reason is the head's own work rather than the manager's
housekeeping, and the money at stake; the sent fix lists' open actions are read beside it.
The rules that place each lead are `domain.morning.split_morning`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session

from ...domain.morning import (
    HOUSEKEEPING,
    HOUSEKEEPING_OVERDUE_AFTER,
    Candidate,
    MorningSplit,
    split_morning,
    working_days_before,
)
from ...domain.review import Reason
from ...domain.workhours import WorkingHours
from .queue_sql import (
    QueueScope,
    fix_list_items,
    fix_lists,
    group_reasons,
    lead_reviews,
    leads,
    reason_condition,
    scope_filter,
    since_expression,
)


@dataclass(frozen=True)
class MorningPlan:
    """The split, and each waiting lead's candidate facts (by lead id)."""

    split: MorningSplit
    candidates: dict[int, Candidate]


def last_verdict_at():
    """The head's last verdict on the lead (one seek in `ix_lead_reviews_lead_created`), or NULL."""
    latest = select(func.max(lead_reviews.c.created_at)).where(lead_reviews.c.lead_id == leads.c.id)
    return type_coerce(latest.scalar_subquery(), lead_reviews.c.created_at.type)


def open_fix_actions(scope: QueueScope):
    """(lead id, due at) of every sent fix-list action not done yet, in the scope's owner."""
    query = (
        select(lead_reviews.c.lead_id, fix_lists.c.due_at)
        .select_from(
            fix_list_items.join(lead_reviews, lead_reviews.c.id == fix_list_items.c.lead_review_id)
            .join(fix_lists, fix_lists.c.id == fix_list_items.c.fix_list_id)
            .join(leads, leads.c.id == lead_reviews.c.lead_id)
        )
        .where(lead_reviews.c.action_done_at.is_(None))
    )
    if scope.owner_id is not None:
        query = query.where(leads.c.owner_id == scope.owner_id)
    return query


def reviewed_today(session: Session, scope: QueueScope) -> int:
    """Leads given a verdict today (not by sending a fix list): they used up today's places."""
    from_fix_list = select(fix_list_items.c.id).where(fix_list_items.c.lead_review_id == lead_reviews.c.id)
    query = (
        select(func.count(func.distinct(lead_reviews.c.lead_id)))
        .select_from(lead_reviews.join(leads, leads.c.id == lead_reviews.c.lead_id))
        .where(lead_reviews.c.day == scope.today, ~from_fix_list.exists())
    )
    if scope.owner_id is not None:
        query = query.where(leads.c.owner_id == scope.owner_id)
    return int(session.execute(query).scalar_one())


def fresh_after(session: Session, scope: QueueScope, hours: WorkingHours) -> datetime:
    """The head's last review before today; without one, a day before today began."""
    day_start = datetime.combine(scope.today, time(0), tzinfo=hours.tz).astimezone(timezone.utc)
    last = session.execute(  # one seek in ix_lead_reviews_created
        select(func.max(lead_reviews.c.created_at)).where(lead_reviews.c.created_at < day_start)
    ).scalar_one()
    return last if last is not None else day_start - timedelta(days=1)


def morning_plan(
    session: Session, scope: QueueScope, *, capacity: int, backlog_max_days: int, hours: WorkingHours
) -> MorningPlan:
    """Where every lead with a reason in ``scope`` is this morning (the head's view of ``scope``)."""
    now = scope.now
    reasons = [reason for reason in group_reasons(scope) if reason is not Reason.ACTION_PENDING]
    conditions = [(reason, reason_condition(reason, scope)) for reason in reasons]
    worst = case(*[(condition, literal(index)) for index, (_r, condition) in enumerate(conditions)], else_=None)
    since = case(*[(condition, since_expression(reason, scope)) for reason, condition in conditions], else_=None)
    heads_work = or_(
        *[reason_condition(reason, scope) for reason in reasons if reason not in HOUSEKEEPING],
        and_(leads.c.open_due_min.is_not(None), leads.c.open_due_min > now - HOUSEKEEPING_OVERDUE_AFTER),
    )
    rows = session.execute(
        select(leads.c.id, leads.c.owner_id, leads.c.value, worst.label("worst"), since.label("since"),
               case((heads_work, 1), else_=0).label("heads"), last_verdict_at().label("last_verdict"))
        .where(scope_filter(scope), worst.is_not(None))
    ).all()
    candidates: dict[int, Candidate] = {}
    for lead_id, owner_id, value, index, since_at, heads, last_verdict in rows:
        reason = conditions[index][0]
        candidates[lead_id] = Candidate(lead_id, owner_id, reason, since_at, value, housekeeping=not heads,
                                        last_verdict_at=last_verdict)
    open_actions = session.execute(open_fix_actions(scope)).all()
    sent = {lead_id for lead_id, due_at in open_actions if due_at >= now}
    overdue = {lead_id: due_at for lead_id, due_at in open_actions if due_at < now}
    if overdue:
        in_scope = set(session.scalars(select(leads.c.id).where(leads.c.id.in_(list(overdue)), scope_filter(scope))))
        owners = dict(session.execute(select(leads.c.id, leads.c.owner_id).where(leads.c.id.in_(list(in_scope)))).all())
        for lead_id in in_scope - sent:
            known = candidates.get(lead_id)
            candidates[lead_id] = Candidate(
                lead_id, owners[lead_id], Reason.ACTION_PENDING, overdue[lead_id],
                known.value if known else None, housekeeping=False, action_overdue=True,
            )
    split = split_morning(
        candidates.values(),
        sent=sent,
        capacity=capacity,
        reviewed_today=reviewed_today(session, scope),
        fresh_after=fresh_after(session, scope, hours),
        aged_before=working_days_before(now, backlog_max_days, hours),
    )
    return MorningPlan(split=split, candidates=candidates)
