"""Counting promised callbacks per day: due, kept on time, kept late, and overdue at the end.

A callback was still open at an instant when it was not closed (done or cancelled) before
it; a callback is always due after it was made (the services refuse a due time in the past),
so one due before an instant also existed by then. Each query buckets its rows by day in
SQL (`Span.bucket`, `Span.reached_by`) and returns a few grouped rows.

A callback counts for whoever owed it then (`reports.owners`): a callback due for the manager
who owed it at its due time, an overdue one for whoever owed it at the end of each day.
"""

from __future__ import annotations

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from .owners import History, Ownership
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
    owed = Ownership.of(session, span.first.start).then(callbacks, "callback", callbacks.c.due_at)
    query = (
        select(day, closed_by, callbacks.c.status, on_time, owed.owner, func.count())
        .select_from(owed.source)
        .where(
            callbacks.c.status.in_(_ALL_STATUSES),  # lets the (status, due_at) index serve the range
            span.during(callbacks.c.due_at),
        )
        .group_by(day, closed_by, callbacks.c.status, on_time, owed.owner)
    )
    for index, closed_index, status, in_time, owner_id, count in session.execute(span.narrow(query, owed.owner)):
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
