"""Today's list read a page at a time: the morning split of `domain.morning.split_morning` in SQL.

`queue_split.morning_plan` reads every lead with a reason into Python (69,084 at 100,000
leads: seconds, and a hundred megabytes) and places them. The cockpit needs far less: the
first page of today's list in order, and the counts. So the same rules run in the database:

- ``candidates``: every lead of the scope with a reason, not in an open fix-list action, with
  its worst reason, since when, whether it is the head's work, whether it has **aged** (waited
  `backlog_max_days` working days: `domain.morning.is_aged`, by an index seek for a verdict
  since) and its place in today's order (`domain.morning.today_order_key`: group, rank,
  minus the money at stake, since, id);
- one statement reads from it (materialized once, as it is used three times): today's
  places (``within``: the first `capacity - reviewed today` leads of the head's work), the first
  page of the aged leads, and the counts. The leads whose fix-list action is overdue are few
  and placed in Python exactly as `morning_plan` does.

Today's list is ``within`` and every aged lead, in order; a page after the first starts after
the last key shown (keyset, `TodayPosition`). Drafts are read only when asked (`draft_leads`).
`tests/morning/test_three_way_split.py` holds every result to `morning_plan`'s split.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, func, literal, null, or_, select, tuple_, type_coerce, union_all
from sqlalchemy.orm import Session

from ...domain.morning import TODAY_RANK, HOUSEKEEPING, HOUSEKEEPING_OVERDUE_AFTER, working_days_before
from ...domain.review import Reason
from ...domain.workhours import WorkingHours
from .queue_split import fresh_after, open_fix_actions, reviewed_today
from .queue_sql import (
    QueueScope, fix_list_items, group_reasons, lead_reviews, leads, reason_condition, scope_filter, since_expression,
)

_SINCE_TYPE = leads.c.stage_entered_at.type


@dataclass(frozen=True, order=True)
class TodayEntry:
    """A lead of today's list at its place (`key` orders the list, as `today_order_key`)."""

    key: tuple
    aged: bool = False
    action_overdue: bool = False

    @property
    def lead_id(self) -> int:
        return self.key[-1]


@dataclass(frozen=True)
class TodayPosition:
    """Where a page of today's list ends: the last key shown, and the entries held in memory
    (today's places and the actions overdue: at most the capacity and the open actions)."""

    after: tuple
    held: tuple[TodayEntry, ...]


@dataclass(frozen=True)
class TodaySlice:
    """The first ``n`` leads of today's list, where the rest starts, and the morning's counts."""

    first: tuple[TodayEntry, ...]
    rest: TodayPosition | None
    today_count: int
    sent: frozenset[int]
    backlog_count: int
    reviewed_today: int
    capacity: int
    over_capacity: int
    draft_owners: int


@dataclass(frozen=True)
class _Morning:
    """The instants and ids the split depends on, read once per slice."""

    scope: QueueScope
    fresh_after: datetime
    aged_before: datetime
    sent: frozenset[int]
    overdue: dict[int, datetime]


def _morning(session: Session, scope: QueueScope, backlog_max_days: int, hours: WorkingHours) -> _Morning:
    open_actions = session.execute(open_fix_actions(scope)).all()
    now = scope.now
    return _Morning(
        scope=scope,
        fresh_after=fresh_after(session, scope, hours),
        aged_before=working_days_before(now, backlog_max_days, hours),
        sent=frozenset(lead_id for lead_id, due_at in open_actions if due_at >= now),
        overdue={lead_id: due_at for lead_id, due_at in open_actions if due_at < now},
    )


def _reasons(scope: QueueScope) -> list[Reason]:
    return [reason for reason in group_reasons(scope) if reason is not Reason.ACTION_PENDING]


def _lead_facts(scope: QueueScope):
    """Each lead's worst reason and whether it is the head's work, each condition tested once
    (materialized: SQLite would otherwise put the CASE back into every expression that names it)."""
    conditions = [(reason, reason_condition(reason, scope)) for reason in _reasons(scope)]
    worst = case(*[(condition, literal(index)) for index, (_r, condition) in enumerate(conditions)], else_=None)
    heads_work = or_(
        *[condition for reason, condition in conditions if reason not in HOUSEKEEPING],
        and_(leads.c.open_due_min.is_not(None), leads.c.open_due_min > scope.now - HOUSEKEEPING_OVERDUE_AFTER),
    )
    open_actions = (select(lead_reviews.c.lead_id)
                    .join(fix_list_items, fix_list_items.c.lead_review_id == lead_reviews.c.id)
                    .where(lead_reviews.c.action_done_at.is_(None)))
    return select(
        leads.c.id, leads.c.owner_id, leads.c.stage, func.coalesce(leads.c.value, 0).label("value"),
        worst.label("worst"), case((heads_work, 1), else_=0).label("heads"),
        # each reason's own "since" (`queue_sql.since_expression`), picked by the worst one below
        *[since_expression(reason, scope).label(f"since_{index}") for index, (reason, _c) in enumerate(conditions)],
    ).where(scope_filter(scope, whole_table=True), leads.c.id.not_in(open_actions)).cte("lead_facts").prefix_with(
        "MATERIALIZED")


def _candidates(morning: _Morning):
    """Every lead with a reason outside the open fix-list actions, with what places it in today's
    order (`domain.morning.today_order_key`): `grp`, `rank`, `minus_value`, `since`, `id`."""
    scope = morning.scope
    reasons = _reasons(scope)
    facts = _lead_facts(scope)
    since = type_coerce(case({index: facts.c[f"since_{index}"] for index in range(len(reasons))},
                             value=facts.c.worst), _SINCE_TYPE)
    verdict_since = exists().where(lead_reviews.c.lead_id == facts.c.id, lead_reviews.c.created_at >= morning.aged_before)
    rank = case({index: literal(TODAY_RANK[reason]) for index, reason in enumerate(reasons)}, value=facts.c.worst)
    waiting = select(
        facts.c.id, facts.c.owner_id, facts.c.stage, facts.c.worst, facts.c.heads, since.label("since"),
        rank.label("rank"), (-facts.c.value).label("minus_value"),
        case((and_(since < morning.aged_before, ~verdict_since), 1), else_=0).label("aged"),
    ).where(facts.c.worst.is_not(None)).cte("waiting").prefix_with("MATERIALIZED")
    group = case((waiting.c.since >= morning.fresh_after, 1), (waiting.c.aged == 1, 2), else_=3)
    return select(*waiting.c, group.label("grp")).subquery("morning_candidates")


def _ordered(cand, where, limit: int):
    key = (cand.c.grp, cand.c.rank, cand.c.minus_value, cand.c.since, cand.c.id)
    return select(*key, cand.c.aged).where(where).order_by(*key).limit(limit).subquery()


def _entry(row) -> TodayEntry:
    group, rank, minus_value, since, lead_id, aged = row
    return TodayEntry((group, rank, minus_value, since, lead_id), aged=bool(aged))


def _overdue_entries(session: Session, morning: _Morning) -> list[TodayEntry]:
    """Leads whose fix-list action is overdue (and none is pending): first, as `morning_plan` puts them."""
    waiting = sorted(set(morning.overdue) - morning.sent)
    if not waiting:
        return []
    scope = morning.scope
    has_reason = or_(*[reason_condition(reason, scope) for reason in _reasons(scope)])
    rows = session.execute(
        select(leads.c.id, leads.c.value, case((has_reason, 1), else_=0))
        .where(leads.c.id.in_(waiting), scope_filter(scope))
    ).all()
    entries = []
    for lead_id, value, with_reason in rows:
        due_at = morning.overdue[lead_id]
        money = -(value or 0) if with_reason else 0
        entries.append(TodayEntry((0, TODAY_RANK[Reason.ACTION_PENDING], money, due_at, lead_id),
                                  aged=due_at < morning.aged_before, action_overdue=True))
    return entries


def today_slice(
    session: Session, scope: QueueScope, *, capacity: int, backlog_max_days: int, hours: WorkingHours, first: int,
) -> TodaySlice:
    """The first ``first`` leads of today's list and the morning's counts, in one pass over the leads."""
    morning = _morning(session, scope, backlog_max_days, hours)
    reviewed = reviewed_today(session, scope)
    places = max(0, capacity - reviewed)
    cand = _candidates(morning)
    within_sql = _ordered(cand, cand.c.heads == 1, places)
    aged_sql = _ordered(cand, cand.c.aged == 1, first)
    counts = select(
        literal(2).label("part"), func.count().label("grp"), func.coalesce(func.sum(cand.c.aged), 0),
        func.count(func.distinct(case((and_(cand.c.heads == 0, cand.c.aged == 0), cand.c.owner_id)))),
        type_coerce(null(), _SINCE_TYPE), literal(0), literal(0),
    )
    rows = session.execute(union_all(
        select(literal(0).label("part"), *within_sql.c),
        select(literal(1).label("part"), *aged_sql.c),
        counts,
    )).all()
    parts: dict[int, list] = {0: [], 1: [], 2: []}
    for part, *values in rows:
        parts[part].append(values)
    (normal_count, aged_count, draft_owners, _since, _id, _aged), = parts[2]
    overdue = _overdue_entries(session, morning)
    within = sorted([*overdue, *map(_entry, parts[0])])[:places]
    aged_total = aged_count + sum(entry.aged for entry in overdue)
    over_capacity = aged_total - sum(entry.aged for entry in within)
    today_count = len(within) + over_capacity
    held = tuple(sorted({*within, *(entry for entry in overdue if entry.aged)}))
    page = _merge(held, [_entry(row) for row in parts[1]], first, after=None)
    shown = page[-1].key if page else None
    rest = TodayPosition(shown, held) if len(page) < today_count and shown is not None else None
    if first == 0 and today_count:
        rest = TodayPosition((), held)
    return TodaySlice(
        first=tuple(page), rest=rest, today_count=today_count, sent=morning.sent,
        backlog_count=normal_count + len(overdue) - today_count,
        reviewed_today=reviewed, capacity=capacity, over_capacity=over_capacity, draft_owners=int(draft_owners),
    )


def _merge(held, from_sql: list[TodayEntry], limit: int, after: tuple | None) -> list[TodayEntry]:
    """The next ``limit`` entries after ``after``: the held ones and the aged ones the database gave."""
    chosen: dict[int, TodayEntry] = {}
    if limit <= 0:
        return []
    for entry in sorted([*(e for e in held if after is None or e.key > after), *from_sql]):
        chosen.setdefault(entry.lead_id, entry)
        if len(chosen) == limit:
            break
    return list(chosen.values())


def today_after(
    session: Session, scope: QueueScope, position: TodayPosition, *, backlog_max_days: int, hours: WorkingHours,
    limit: int,
) -> tuple[list[TodayEntry], TodayPosition | None]:
    """The next ``limit`` leads of today's list after ``position``, and where the list goes on."""
    morning = _morning(session, scope, backlog_max_days, hours)
    cand = _candidates(morning)
    where = cand.c.aged == 1
    after = position.after or None
    if after is not None:
        key = tuple_(cand.c.grp, cand.c.rank, cand.c.minus_value, cand.c.since, cand.c.id)
        group, rank, minus_value, since, lead_id = after
        where = and_(where, key > tuple_(literal(group), literal(rank), literal(minus_value),
                                         literal(since, _SINCE_TYPE), literal(lead_id)))
    from_sql = [_entry(row) for row in session.execute(select(*_ordered(cand, where, limit).c)).all()]
    page = _merge(position.held, from_sql, limit, after)
    if len(page) < limit:
        return page, None
    return page, TodayPosition(page[-1].key, position.held)


def draft_leads(session: Session, scope: QueueScope, *, backlog_max_days: int, hours: WorkingHours):
    """(owner id, lead id, worst reason, stage) of every lead in a draft fix list, by owner and since."""
    morning = _morning(session, scope, backlog_max_days, hours)
    cand = _candidates(morning)
    reasons = _reasons(scope)
    rows = session.execute(
        select(cand.c.owner_id, cand.c.id, cand.c.worst, cand.c.stage)
        .where(cand.c.heads == 0, cand.c.aged == 0).order_by(cand.c.owner_id, cand.c.since, cand.c.id)
    ).all()
    return [(owner_id, lead_id, reasons[worst], stage) for owner_id, lead_id, worst, stage in rows]
