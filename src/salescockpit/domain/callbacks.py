"""Promised callbacks: how overdue they are, and how often promises are kept.

A callback is overdue once its due time has passed and it is not done. Overdue callbacks are
sorted into age buckets for the head's view; "today" means the same calendar date in the
team timezone, so the buckets stay right across DST changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo

from salescockpit.i18n import _


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; refuses naive datetimes.

    Python subtracts and compares two datetimes sharing one tzinfo by wall time, which is
    wrong across a DST change: all arithmetic here happens in UTC.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("aware datetimes required")
    return moment.astimezone(timezone.utc)


class OverdueBucket(StrEnum):
    """How long a callback has been overdue, from freshest to oldest (definition order)."""

    UNDER_1H = "under_1h"
    H1_4 = "h1_4"
    TODAY = "today"
    D1_3 = "d1_3"
    OVER_3D = "over_3d"

    @property
    def label(self) -> str:
        """Short label in the active language."""
        labels = {
            OverdueBucket.UNDER_1H: _("< 1 h"),
            OverdueBucket.H1_4: _("1-4 h"),
            OverdueBucket.TODAY: _("today"),
            OverdueBucket.D1_3: _("1-3 days"),
            OverdueBucket.OVER_3D: _("> 3 days"),
        }
        return labels[self]

    @property
    def rank(self) -> int:
        """0 for the freshest bucket, growing with age."""
        return list(OverdueBucket).index(self)


def bucket_for(due_at: datetime, now: datetime, tz: ZoneInfo) -> OverdueBucket | None:
    """The overdue bucket of a callback due at ``due_at``; None when it is not overdue yet."""
    due_at, now = _utc(due_at), _utc(now)
    if due_at >= now:
        return None
    age = now - due_at
    if age < timedelta(hours=1):
        return OverdueBucket.UNDER_1H
    if age < timedelta(hours=4):
        return OverdueBucket.H1_4
    if due_at.astimezone(tz).date() == now.astimezone(tz).date():
        return OverdueBucket.TODAY
    if age < timedelta(days=3):
        return OverdueBucket.D1_3
    return OverdueBucket.OVER_3D


@dataclass(frozen=True)
class PromiseCounts:
    """Callbacks due in a window: kept on time, done late, and still not done."""

    due: int
    kept: int
    late: int
    open: int

    @property
    def kept_ratio(self) -> float | None:
        return None if self.due == 0 else self.kept / self.due


def promise_counts(
    items: Iterable[tuple[datetime, datetime | None]], start: datetime, end: datetime
) -> PromiseCounts:
    """Count the ``(due_at, done_at)`` callbacks whose due_at lies in ``[start, end)``."""
    start, end = _utc(start), _utc(end)
    due = kept = late = 0
    for due_at, done_at in items:
        due_at = _utc(due_at)
        if not start <= due_at < end:
            continue
        due += 1
        if done_at is None:
            continue
        if _utc(done_at) <= due_at:
            kept += 1
        else:
            late += 1
    return PromiseCounts(due=due, kept=kept, late=late, open=due - kept - late)


def promise_kept_ratio(
    items: Iterable[tuple[datetime, datetime | None]], start: datetime, end: datetime
) -> float | None:
    """Share of the callbacks due in ``[start, end)`` that were done by their due time; None if none were due.

    The caller picks the window (usually ending at "now", so nothing counted is still in the future).
    """
    return promise_counts(items, start, end).kept_ratio


def kept_late(items: Iterable[tuple[datetime, datetime | None]], start: datetime, end: datetime) -> int:
    """How many callbacks due in ``[start, end)`` were done, but after their due time."""
    return promise_counts(items, start, end).late


def overdue_age_text(due_at: datetime, now: datetime) -> str:
    """How long ago a callback fell due, short: "25 min", "3 h", "2 d"; "" when not overdue."""
    due_at, now = _utc(due_at), _utc(now)
    if due_at >= now:
        return ""
    age = now - due_at
    if age < timedelta(hours=1):
        return _("{count} min").format(count=age // timedelta(minutes=1))
    if age < timedelta(days=1):
        return _("{count} h").format(count=age // timedelta(hours=1))
    return _("{count} d").format(count=age // timedelta(days=1))
