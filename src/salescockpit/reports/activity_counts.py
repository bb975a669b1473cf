"""Counting the days' work: calls, first contact, script compliance and objections.

Each function counts a `Span` of days into one `Tallies` per day: the days the report is
compared with in one grouped pass for the team, the report day itself per manager. Calls,
reviews and objections belong to the manager who made the call; new leads to whoever owned
them when they came in (`reports.owners`).
Scores are summed in SQL as whole tenths (scores carry one decimal), so the mean is exact.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from datetime import timedelta

from sqlalchemy import case, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session

from .owners import Ownership
from .tally import Tallies
from .window import (
    REACHED_OUTCOMES,
    Span,
    Window,
    call_objections,
    call_reviews,
    calls,
    leads,
    objection_types,
    review_items,
)
from .working_time import WorkingClock, WorkingTimeline


def count_calls(session: Session, span: Span, days: list[Tallies]) -> None:
    """Calls made and reached, and talk time: per day for the team, per manager on the report day.

    Each day is one range of `ix_calls_started_figures`, which holds every column read here (no
    call row is fetched). The earlier days are summed range by range in one statement (UNION
    ALL): no grouping, so nothing is sorted (at 250,000 calls in eight days, bucketing them by a
    CASE and grouping sorted every call and cost six times more). The report day is grouped by
    manager and outcome.
    """
    seconds = func.coalesce(func.sum(calls.c.duration_seconds), 0)
    earlier = span.earlier()
    if earlier is not None:
        reached = func.coalesce(func.sum(case((calls.c.outcome.in_(REACHED_OUTCOMES), 1), else_=0)), 0)
        ranges = [
            earlier.narrow(select(literal_column(str(index)), func.count(), reached, seconds)
                           .where(window.during(calls.c.started_at)), calls.c.manager_id)
            for index, window in enumerate(earlier.windows)
        ]
        for index, made, reached_count, talk in session.execute(union_all(*ranges)):
            if made:
                days[index].add(None, calls_made=int(made), calls_reached=int(reached_count), talk_seconds=int(talk))
    window = span.last
    query = (
        select(calls.c.manager_id, calls.c.outcome, func.count(), seconds)
        .where(window.during(calls.c.started_at))
        .group_by(calls.c.outcome, calls.c.manager_id)
    )
    for manager_id, outcome, count, talk in session.execute(window.narrow(query, calls.c.manager_id)):
        reached_count = count if outcome in REACHED_OUTCOMES else 0
        days[-1].add(manager_id, calls_made=int(count), calls_reached=int(reached_count), talk_seconds=int(talk))


def count_first_contact(session: Session, span: Span, days: list[Tallies]) -> None:
    """New leads of each day and how fast they were first called, in working time.

    In time: first called after at most the limit of working time. Not contacted and late:
    the limit of working time was used up by the end of the day (the review queue's rule).
    """
    limit = span.settings.first_contact_limit
    clock = WorkingTimeline(WorkingClock(span.settings.working_hours()), span.first.day, span.last.day)
    ends = [window.end for window in span.windows]
    owned = Ownership.of(session, span.first.start).then(leads, "lead", leads.c.created_at)
    query = (
        select(owned.owner, leads.c.created_at, leads.c.first_call_at)
        .select_from(owned.source)
        .where(span.during(leads.c.created_at))
    )
    counted: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    waits: dict[tuple[int, int], list[timedelta]] = defaultdict(list)
    for owner_id, created_at, first_call_at in session.execute(span.narrow(query, owned.owner)):
        index = bisect_right(ends, created_at)
        key, end = (index, owner_id), ends[index]
        if first_call_at is not None and first_call_at < end:
            waited = clock.between(created_at, first_call_at)
            waits[key].append(waited)
            counted[key]["contacted_in_limit" if waited <= limit else "contacted_late"] += 1
        elif clock.between(created_at, end) >= limit:
            counted[key]["not_contacted_late"] += 1
        else:
            counted[key]["still_in_limit"] += 1
    for (index, owner_id), amounts in counted.items():
        days[index].add(owner_id, new_leads=sum(amounts.values()), **amounts)
        days[index].extend(owner_id, "first_contact_waits", waits[(index, owner_id)])


def _flag(condition) -> object:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def count_compliance(session: Session, span: Span, days: list[Tallies]) -> None:
    """Calls the head scored each day (by the day of the review); per manager on the report day."""
    score = call_reviews.c.score
    figures = (
        func.count(), _flag(call_reviews.c.passed.is_(True)), _flag(call_reviews.c.passed.is_(False)),
        _flag(call_reviews.c.failed_critical.is_(True)), func.count(score),
        func.coalesce(func.sum(func.round(score * 10)), 0),
    )
    with_calls = call_reviews.join(calls, calls.c.id == call_reviews.c.call_id)
    earlier = span.earlier()
    rows = []
    if earlier is not None:
        day = earlier.bucket(call_reviews.c.created_at)
        query = (
            select(day, *figures)
            .select_from(call_reviews if span.user_id is None else with_calls)
            .where(earlier.during(call_reviews.c.created_at))
            .group_by(day)
        )
        rows += [(index, None, *rest) for index, *rest in session.execute(earlier.narrow(query, calls.c.manager_id))]
    window = span.last
    query = (
        select(calls.c.manager_id, *figures)
        .select_from(with_calls)
        .where(window.during(call_reviews.c.created_at))
        .group_by(calls.c.manager_id)
    )
    rows += [(len(span) - 1, *row) for row in session.execute(window.narrow(query, calls.c.manager_id))]
    for index, manager_id, reviewed, passed, failed, critical, scored, tenths in rows:
        days[index].add(manager_id, reviewed=int(reviewed), passed=int(passed), failed=int(failed),
                        critical_misses=int(critical), score_count=int(scored), score_tenths=int(tenths))


def count_missed_items(session: Session, window: Window, tallies: Tallies) -> None:
    """The script items missed on the calls scored in ``window`` (the report day only)."""
    query = (
        select(calls.c.manager_id, review_items.c.item_key, func.count())
        .select_from(
            review_items.join(call_reviews, call_reviews.c.id == review_items.c.review_id).join(
                calls, calls.c.id == call_reviews.c.call_id
            )
        )
        .where(window.during(call_reviews.c.created_at), review_items.c.answer == "missed")
        .group_by(review_items.c.item_key, calls.c.manager_id)
    )
    for manager_id, item_key, count in session.execute(window.narrow(query, calls.c.manager_id)):
        tallies.count(manager_id, "missed_items", item_key, int(count))


def raised_column(user_id: int | None):
    """When an objection was raised: its own time, or (for one manager) its call's start.

    They are the same instant (`services.calls` writes the call's start); the call's start
    lets one manager's objections be found through the (manager_id, started_at) index.
    """
    return call_objections.c.raised_at if user_id is None else calls.c.started_at


def count_objections(session: Session, span: Span, days: list[Tallies]) -> None:
    """Objections raised each day; handled = on the call, or resolved before that day's end.

    Per manager (the one who made the call) on the report day; the team on the earlier days,
    day by day (UNION ALL) by type id, each day's handled ones summed in the same pass.
    """
    kinds = call_objections.join(objection_types, objection_types.c.id == call_objections.c.type_id)
    with_calls = kinds.join(calls, calls.c.id == call_objections.c.call_id)
    raised = raised_column(span.user_id)
    earlier = span.earlier()
    if earlier is not None:
        keys = dict(session.execute(select(objection_types.c.id, objection_types.c.key)).all())
        source = call_objections if span.user_id is None else call_objections.join(
            calls, calls.c.id == call_objections.c.call_id)
        ranges = [
            earlier.narrow(
                select(literal_column(str(index)), call_objections.c.type_id, func.count(),
                       _flag(or_(call_objections.c.handled.is_(True), call_objections.c.resolved_at < window.end)))
                .select_from(source)
                .where(window.during(raised))
                .group_by(call_objections.c.type_id),
                calls.c.manager_id,
            )
            for index, window in enumerate(earlier.windows)
        ]
        for index, type_id, count, handled in session.execute(union_all(*ranges)):
            days[index].count(None, "objections_raised", keys[type_id], int(count))
            if handled:
                days[index].count(None, "objections_handled", keys[type_id], int(handled))
    resolved = span.reached_by(call_objections.c.resolved_at)
    window = span.last
    query = (
        select(calls.c.manager_id, objection_types.c.key, call_objections.c.handled, resolved, func.count())
        .select_from(with_calls)
        .where(window.during(raised))
        .group_by(objection_types.c.key, call_objections.c.handled, resolved, calls.c.manager_id)
    )
    index = len(span) - 1
    for manager_id, key, handled, resolved_by, count in session.execute(window.narrow(query, calls.c.manager_id)):
        days[index].count(manager_id, "objections_raised", key, int(count))
        if handled or resolved_by <= index:
            days[index].count(manager_id, "objections_handled", key, int(count))
