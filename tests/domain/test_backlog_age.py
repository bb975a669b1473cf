"""The backlog's age in whole working days before today: oldest, median, and past the limit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from salescockpit.domain.backlog_age import BacklogAge, backlog_age, working_day_ages
from salescockpit.domain.morning import Candidate, is_aged, working_days_before
from salescockpit.domain.review import Reason
from salescockpit.domain.workhours import WorkingHours

MONDAY = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)  # 10:00 Moscow
HOURS = WorkingHours(ZoneInfo("Europe/Moscow"))
WEDNESDAY_10 = datetime(2026, 11, 18, 7, 0, tzinfo=timezone.utc)


def test_age_counts_whole_working_days_before_today():
    monday_8 = MONDAY - timedelta(hours=2)  # before today's 09:00 start
    saturday = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
    assert working_day_ages([WEDNESDAY_10, MONDAY, monday_8, saturday], MONDAY, HOURS) == [2, 0, 0, 0]
    assert working_day_ages([WEDNESDAY_10], MONDAY + timedelta(days=1), HOURS) == [3]  # Tuesday


def test_age_agrees_with_the_guarantee():
    """A lead is aged (goes into today's list) exactly when its age reaches the limit."""
    for limit in range(1, 6):
        aged_before = working_days_before(MONDAY, limit, HOURS)
        for hours_back in range(0, 24 * 10, 7):
            wait = MONDAY - timedelta(hours=hours_back)
            (age,) = working_day_ages([wait], MONDAY, HOURS)
            assert (age >= limit) == is_aged(Candidate(1, 1, Reason.NO_NEXT_STEP, wait), aged_before), (limit, wait)


def test_oldest_median_and_past_the_limit():
    waits = [MONDAY, WEDNESDAY_10, WEDNESDAY_10 - timedelta(days=7)]  # 0, 2, 7 working days
    assert backlog_age(waits, MONDAY, HOURS, 3) == BacklogAge(leads=3, oldest_days=7, median_days=2.0, past_limit=1)
    assert backlog_age([], MONDAY, HOURS, 3) == BacklogAge()
