"""Counting promised callbacks per day: due, kept on time, kept late, and overdue at the end.

A callback was still open at an instant when it was not closed (done or cancelled) before
it; a callback is always due after it was made (the services refuse a due time in the past),
so one due before an instant also existed by then. Each query buckets its rows by day in
SQL (`Span.bucket`, `Span.reached_by`) and returns a few grouped rows.
"""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .tally import Tallies
from .window import Span, callbacks

_ALL_STATUSES = ("open", "done", "cancelled", "missed")  # missed: moved after it was due, not kept


def count_callbacks_due(session: Session, span: Span, days: list[Tallies]) -> None:
    """Callbacks due each day: kept on time, kept late, or not kept by that day's end.

    One cancelled before the end of its day no longer counts as due; one cancelled later
    was still a broken promise at the end of the day.
    """
    day = span.bucket(callbacks.c.due_at)
    closed_by = span.reached_by(callbacks.c.done_at)
    on_time = case((callbacks.c.done_at <= callbacks.c.due_at, 1), else_=0)
    query = (
        select(day, closed_by, callbacks.c.status, on_time, callbacks.c.owner_id, func.count())
        .where(
            callbacks.c.status.in_(_ALL_STATUSES),  # lets the (status, due_at) index serve the range
            span.during(callbacks.c.due_at),
        )
        .group_by(day, closed_by, callbacks.c.status, on_time, callbacks.c.owner_id)
    )
    for index, closed_index, status, in_time, owner_id, count in session.execute(
        span.narrow(query, callbacks.c.owner_id)
    ):
        count = int(count)
        closed = closed_index <= index
        if status == "cancelled" and closed:
            continue
        tallies = days[index]
        tallies.add(owner_id, callbacks_due=count)
        if status == "done" and closed and in_time:
            tallies.add(owner_id, kept_on_time=count)
        elif status == "done" and closed:
            tallies.add(owner_id, kept_late=count)
        else:
            tallies.add(owner_id, not_kept=count)


def count_overdue(session: Session, span: Span, days: list[Tallies]) -> None:
    """Callbacks overdue at the end of each day (due before it, not closed by it), and the oldest.

    Two grouped queries: callbacks still open now, and callbacks closed after the first day's
    end (which may have been open at some end). A row due by day ``a`` and closed by day ``b``
    was overdue at the end of every day from ``a`` to ``b - 1``.
    """
    due_by = span.reached_by(callbacks.c.due_at)
    still_open = (
        select(due_by, callbacks.c.owner_id, func.count(), func.min(callbacks.c.due_at))
        .where(callbacks.c.status == "open", callbacks.c.due_at < span.last.end)
        .group_by(due_by, callbacks.c.owner_id)
    )
    closed_by = span.reached_by(callbacks.c.done_at)
    closed_later = (
        select(due_by, closed_by, callbacks.c.owner_id, func.count(), func.min(callbacks.c.due_at))
        .where(callbacks.c.done_at >= span.first.end, callbacks.c.due_at < span.last.end)
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
