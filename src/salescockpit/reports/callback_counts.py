"""Counting promised callbacks per day: due, kept on time, kept late, and overdue at the end.

A callback was still open at an instant when it was not closed (done or cancelled) before
it; a callback is always due after it was made (the services refuse a due time in the past),
so one due before an instant also existed by then. Each query buckets its rows by day in
SQL (`Span.bucket`, `Span.reached_by`) and returns a few grouped rows.

A callback counts for whoever owed it then (`reports.owners`): a callback due for the manager
who owed it at its due time, an overdue one for whoever owed it at the end of each day.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, literal_column, or_, select, union_all
from sqlalchemy.orm import Session

from .owners import History, Ownership
from .tally import Tallies
from .window import Span, callbacks

_ALL_STATUSES = ("open", "done", "cancelled", "missed")  # missed: moved after it was due, not kept


def _due_figures(end):
    """Callbacks due, kept on time and kept late, as conditional sums (closed: done before ``end``)."""
    closed = callbacks.c.done_at < end
    kept = and_(callbacks.c.status == "done", closed)

    def total(condition, then=1, otherwise=0):
        return func.coalesce(func.sum(case((condition, then), else_=otherwise)), 0)

    return (
        total(and_(callbacks.c.status == "cancelled", closed), 0, 1),
        total(and_(kept, callbacks.c.done_at <= callbacks.c.due_at)),
        total(and_(kept, callbacks.c.done_at > callbacks.c.due_at)),
    )


def count_callbacks_due(session: Session, span: Span, days: list[Tallies]) -> None:
    """Callbacks due each day: kept on time, kept late, or not kept by that day's end.

    One cancelled before the end of its day no longer counts as due; one cancelled later
    was still a broken promise at the end of the day. The earlier days are summed day by day
    for the team (UNION ALL of ranges, nothing sorted); the report day is grouped by owner.
    """
    owed = Ownership.of(session, span.first.start).then(callbacks, "callback", callbacks.c.due_at)

    def in_day(window):  # the status condition lets the (status, due_at) index serve the range
        return callbacks.c.status.in_(_ALL_STATUSES), window.during(callbacks.c.due_at)

    found = []
    earlier = span.earlier()
    if earlier is not None:
        ranges = [
            earlier.narrow(select(literal_column(str(index)), *_due_figures(window.end))
                           .select_from(owed.source).where(*in_day(window)), owed.owner)
            for index, window in enumerate(earlier.windows)
        ]
        found += [(index, None, *rest) for index, *rest in session.execute(union_all(*ranges))]
    last = span.last
    query = (
        select(owed.owner, *_due_figures(last.end))
        .select_from(owed.source)
        .where(*in_day(last))
        .group_by(owed.owner)
    )
    found += [(len(span) - 1, *row) for row in session.execute(span.narrow(query, owed.owner))]
    for index, owner_id, due, on_time, late in found:
        due, on_time, late = int(due), int(on_time), int(late)
        if due:
            days[index].add(owner_id, callbacks_due=due, kept_on_time=on_time, kept_late=late,
                            not_kept=due - on_time - late)


def count_overdue(session: Session, span: Span, days: list[Tallies]) -> None:
    """Callbacks overdue at the end of each day (due before it, not closed by it), and the oldest.

    Two grouped queries: callbacks still open now, and callbacks closed after the first day's
    end (which may have been open at some end). A row due by day ``a`` and closed by day ``b``
    was overdue at the end of every day from ``a`` to ``b - 1``. The few callbacks handed over
    since the first day's end are read one by one (`_count_handed_over`): their owner may differ
    from one day's end to the next.
    """
    ownership = Ownership.of(session, span.first.end)
    kept = ~ownership.moved("callback")  # NOT IN the few ids handed over (true when none were)
    due_by = span.reached_by(callbacks.c.due_at)
    still_open = (
        select(due_by, callbacks.c.owner_id, func.count(), func.min(callbacks.c.due_at))
        .where(callbacks.c.status == "open", callbacks.c.due_at < span.last.end, kept)
        .group_by(due_by, callbacks.c.owner_id)
    )
    closed_by = span.reached_by(callbacks.c.done_at)
    closed_later = (
        select(due_by, closed_by, callbacks.c.owner_id, func.count(), func.min(callbacks.c.due_at))
        .where(callbacks.c.done_at >= span.first.end, callbacks.c.due_at < span.last.end, kept)
        .group_by(due_by, closed_by, callbacks.c.owner_id)
    )
    spans: list[tuple[int, int, int, int, object]] = []
    for due_index, owner_id, count, oldest in session.execute(span.narrow(still_open, callbacks.c.owner_id)):
        spans.append((due_index, len(span), owner_id, int(count), oldest))
    for due_index, closed_index, owner_id, count, oldest in session.execute(
        span.narrow(closed_later, callbacks.c.owner_id)
    ):
        spans.append((due_index, closed_index, owner_id, int(count), oldest))
    for due_index, closed_index, owner_id, count, oldest in spans:
        for index in range(due_index, min(closed_index, len(span))):
            days[index].add(owner_id, overdue_at_end=count)
            days[index].earliest(owner_id, "oldest_overdue_at", oldest)
    if ownership.changes:
        _count_handed_over(session, span, days, ownership)


def _count_handed_over(session: Session, span: Span, days: list[Tallies], ownership: Ownership) -> None:
    """`count_overdue` for the callbacks whose owner changed since the first day's end, one by one."""
    history = History.load(session, "callback", ownership.since)
    due_by, closed_by = span.reached_by(callbacks.c.due_at), span.reached_by(callbacks.c.done_at)
    query = (
        select(callbacks.c.id, callbacks.c.status, due_by, closed_by, callbacks.c.owner_id, callbacks.c.due_at)
        .where(ownership.moved("callback"), callbacks.c.due_at < span.last.end,
               or_(callbacks.c.status == "open", callbacks.c.done_at >= span.first.end))
    )
    for callback_id, status, due_index, closed_index, owner_now, due_at in session.execute(query):
        closed_index = len(span) if status == "open" else closed_index
        for index in range(due_index, min(closed_index, len(span))):
            owner_id = history.owner_at_end(callback_id, owner_now, span.windows[index].end)
            if span.user_id is None or owner_id == span.user_id:
                days[index].add(owner_id, overdue_at_end=1)
                days[index].earliest(owner_id, "oldest_overdue_at", due_at)
