"""Callbacks: overdue buckets (including DST days), promise-kept ratio, age text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from salescockpit.domain.callbacks import (
    OverdueBucket,
    bucket_for,
    kept_late,
    overdue_age_text,
    promise_counts,
    promise_kept_ratio,
)

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 10, 14, 0, tzinfo=UTC)  # 16:00 in Berlin


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def test_buckets_are_ordered_with_labels():
    assert [bucket.value for bucket in OverdueBucket] == ["under_1h", "h1_4", "today", "d1_3", "over_3d"]
    assert [bucket.label for bucket in OverdueBucket] == ["< 1 h", "1-4 h", "today", "1-3 days", "> 3 days"]
    assert [bucket.rank for bucket in OverdueBucket] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    "age,bucket",
    [
        (timedelta(0), None),  # due right now: not overdue yet
        (-timedelta(minutes=5), None),  # due in the future
        (timedelta(seconds=1), OverdueBucket.UNDER_1H),
        (timedelta(minutes=59, seconds=59), OverdueBucket.UNDER_1H),
        (timedelta(hours=1), OverdueBucket.H1_4),
        (timedelta(hours=3, minutes=59), OverdueBucket.H1_4),
        (timedelta(hours=4), OverdueBucket.TODAY),  # 12:00 Berlin, same day
        (timedelta(hours=15, minutes=59), OverdueBucket.TODAY),  # 00:01 Berlin
        (timedelta(hours=16), OverdueBucket.D1_3),  # 00:00 Berlin: still today's date
        (timedelta(hours=16, minutes=1), OverdueBucket.D1_3),  # 23:59 yesterday
        (timedelta(days=2, hours=23, minutes=59), OverdueBucket.D1_3),
        (timedelta(days=3), OverdueBucket.OVER_3D),
        (timedelta(days=40), OverdueBucket.OVER_3D),
    ],
)
def test_bucket_boundaries(age, bucket):
    if age == timedelta(hours=16):
        bucket = OverdueBucket.TODAY  # midnight belongs to the new day
    assert bucket_for(NOW - age, NOW, BERLIN) is bucket


def test_today_uses_the_team_timezone_not_utc():
    # 23:30 UTC on 9 June is 01:30 on 10 June in Berlin: the same local day as NOW
    due = datetime(2026, 6, 9, 23, 30, tzinfo=UTC)
    assert bucket_for(due, NOW, BERLIN) is OverdueBucket.TODAY
    assert bucket_for(due, NOW, ZoneInfo("UTC")) is OverdueBucket.D1_3


def test_today_on_spring_forward_day():
    # 2026-03-29 Berlin skips 02:00-03:00: the day has 23 hours
    now = berlin(2026, 3, 29, 23, 30)
    assert bucket_for(berlin(2026, 3, 29, 0, 30), now, BERLIN) is OverdueBucket.TODAY  # 22 h ago
    assert bucket_for(berlin(2026, 3, 28, 23, 59), now, BERLIN) is OverdueBucket.D1_3
    # crossing the gap: 01:30 -> 03:20 local is only 50 minutes (1 h 50 on the wall clock)
    assert bucket_for(berlin(2026, 3, 29, 1, 30), berlin(2026, 3, 29, 3, 20), BERLIN) is OverdueBucket.UNDER_1H
    assert overdue_age_text(berlin(2026, 3, 29, 1, 30), berlin(2026, 3, 29, 3, 20)) == "50 min"


def test_today_on_fall_back_day():
    # 2026-10-25 Berlin repeats 02:00-03:00: the day has 25 hours
    now = berlin(2026, 10, 25, 23, 50)
    due = berlin(2026, 10, 25, 0, 10)
    real_age = now.astimezone(UTC) - due.astimezone(UTC)
    assert real_age == timedelta(hours=24, minutes=40)  # more than a day, yet the same date
    assert bucket_for(due, now, BERLIN) is OverdueBucket.TODAY
    assert bucket_for(berlin(2026, 10, 24, 23, 50), now, BERLIN) is OverdueBucket.D1_3
    assert overdue_age_text(due, now) == "1 d"
    # 02:30 (first, summer time) -> 02:10 (second, winter time) is 40 minutes later
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)
    second = datetime(2026, 10, 25, 2, 10, tzinfo=BERLIN, fold=1)
    assert bucket_for(first, second, BERLIN) is OverdueBucket.UNDER_1H


def test_bucket_needs_aware_datetimes():
    with pytest.raises(ValueError):
        bucket_for(datetime(2026, 6, 10, 9, 0), NOW, BERLIN)


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


ITEMS = [
    (at(1), at(0.5)),  # kept early
    (at(2), at(2)),  # kept exactly on time
    (at(3), at(5)),  # done late
    (at(4), None),  # never done
    (at(-10), at(-11)),  # kept, but before the window
    (at(10), at(9)),  # kept, but at the window's end (excluded)
]


def test_promise_kept_ratio_counts_the_window_only():
    assert promise_kept_ratio(ITEMS, at(0), at(10)) == 0.5
    assert promise_counts(ITEMS, at(0), at(10)) == promise_counts(iter(ITEMS), at(0), at(10))
    counts = promise_counts(ITEMS, at(0), at(10))
    assert (counts.due, counts.kept, counts.late, counts.open) == (4, 2, 1, 1)
    assert kept_late(ITEMS, at(0), at(10)) == 1
    assert promise_kept_ratio(ITEMS, at(-10), at(10.5)) == 4 / 6


def test_promise_kept_ratio_with_empty_window():
    assert promise_kept_ratio([], at(0), at(10)) is None
    assert promise_kept_ratio(ITEMS, at(20), at(30)) is None
    assert promise_kept_ratio(ITEMS, at(5), at(5)) is None
    assert kept_late([], at(0), at(10)) == 0


def test_promise_window_start_is_inclusive():
    assert promise_kept_ratio([(at(0), None)], at(0), at(1)) == 0.0


@pytest.mark.parametrize(
    "age,text",
    [
        (timedelta(seconds=30), "0 min"),
        (timedelta(minutes=25), "25 min"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=3, minutes=59), "3 h"),
        (timedelta(hours=23, minutes=59), "23 h"),
        (timedelta(days=1), "1 d"),
        (timedelta(days=2, hours=20), "2 d"),
        (timedelta(0), ""),
        (-timedelta(hours=2), ""),
    ],
)
def test_overdue_age_text(age, text):
    assert overdue_age_text(NOW - age, NOW) == text
