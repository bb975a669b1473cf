"""How long the backlog has kept its leads: age in whole working days, oldest, median, past the limit.

A lead's age is the number of whole working days it has waited before today (see
`domain.morning`, "Waited since"): a lead waiting since Wednesday 10:00 is 2 days old on
Monday (Thursday and Friday), and 3 on Tuesday. The backlog guarantee moves a lead into
today's list once its age reaches `backlog_max_days`, so "past the limit" counts leads of the
backlog that age, which should always be 0: the report shows it as the check.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from salescockpit.domain.morning import working_days_before
from salescockpit.domain.workhours import WorkingHours


@dataclass(frozen=True)
class BacklogAge:
    """The backlog's ages in working days (None when the backlog is empty)."""

    leads: int = 0
    oldest_days: int | None = None
    median_days: float | None = None
    past_limit: int = 0


def working_day_ages(waits: Iterable[datetime], now: datetime, hours: WorkingHours) -> list[int]:
    """The age of each wait in whole working days before today (0: it began today or later)."""
    waits = list(waits)
    if not waits:
        return []
    earliest = min(waits)
    today_start = working_days_before(now, 0, hours)
    starts: list[datetime] = []  # working-day starts before today's, newest first
    day = today_start.astimezone(hours.tz).date()
    while not starts or starts[-1] > earliest:
        day -= timedelta(days=1)
        bounds = hours.window(day)
        if bounds is not None and bounds[0] < today_start:
            starts.append(bounds[0])
    ascending = starts[::-1]
    # A wait's age is how many of those starts come after it.
    return [len(ascending) - bisect_right(ascending, wait) for wait in waits]


def backlog_age(waits: Iterable[datetime], now: datetime, hours: WorkingHours, max_days: int) -> BacklogAge:
    """Oldest and median age of the backlog's waits, and how many reached ``max_days``."""
    waits = list(waits)
    ages = working_day_ages(waits, now, hours)
    if not ages:
        return BacklogAge()
    limit_start = working_days_before(now, max_days, hours)  # the guarantee's own test (`is_aged`)
    return BacklogAge(
        leads=len(ages),
        oldest_days=max(ages),
        median_days=float(median(ages)),
        past_limit=sum(1 for wait in waits if wait < limit_start),
    )
