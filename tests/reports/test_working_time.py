"""The report's working-time arithmetic: the timeline (one bisection per instant) against the clock.

`reports.working_time.WorkingTimeline` answers `WorkingClock.between` for the thousands of new
leads of a report's days; it must give the same timedelta to the microsecond, inside its days and
(through the clock) outside them, over weekends and a DST change. `reports.tally` keeps the waits
as timedeltas and turns only the median's one or two into minutes: the same figure as the median
of every wait in minutes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from salescockpit.domain.workhours import WorkingHours
from salescockpit.reports.numbers import median
from salescockpit.reports.tally import _median_minutes, working_minutes
from salescockpit.reports.working_time import WorkingClock, WorkingTimeline


@pytest.mark.parametrize("zone, first", [
    ("Europe/Moscow", date(2026, 11, 12)),
    ("Europe/Berlin", date(2026, 10, 21)),  # the clocks go back on Sunday 25 October
])
def test_the_timeline_gives_the_clocks_working_time_to_the_microsecond(zone, first):
    hours = WorkingHours(tz=ZoneInfo(zone), start=time(9, 0), end=time(18, 0))
    clock = WorkingClock(hours)
    last = first + timedelta(days=8)
    timeline = WorkingTimeline(WorkingClock(hours), first, last)
    low = datetime(first.year, first.month, first.day, tzinfo=timezone.utc) - timedelta(days=2)
    spread = int(timedelta(days=12).total_seconds() * 1_000_000)
    picks = random.Random(22)
    instants = [low + timedelta(microseconds=picks.randrange(spread)) for _ in range(400)]
    opens = [bounds[0] for day in range(9) if (bounds := hours.window(first + timedelta(days=day)))]
    instants += opens + [moment + timedelta(hours=9) for moment in opens]  # on the windows' edges
    inside = 0
    for start in instants[::7]:
        for end in instants:
            expected = clock.between(start, end)
            assert timeline.between(start, end) == expected, (start, end)
            inside += expected > timedelta(0)
    assert inside > 1000  # most pairs overlap working hours: the bisection was exercised


@pytest.mark.parametrize("count", [1, 2, 5, 6])
def test_the_median_wait_is_the_median_of_every_wait_in_minutes(count):
    picks = random.Random(count)
    waits = [timedelta(microseconds=picks.randrange(10**11)) for _ in range(count)]
    waits.append(waits[0])  # a tie
    assert _median_minutes(waits) == median(working_minutes(wait) for wait in waits)
    assert _median_minutes([]) is None
