"""Working hours: time inside the working week, and stepping forward and back by it."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salescockpit.domain.workhours import WorkingHours, wall_to_utc

BERLIN = ZoneInfo("Europe/Berlin")
MOSCOW = ZoneInfo("Europe/Moscow")
EVERY_DAY = frozenset(range(7))
H = timedelta(hours=1)


def local(tz: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=tz)


def test_a_plain_weekday_counts_nine_hours() -> None:
    hours = WorkingHours(MOSCOW)
    # Monday 23 Nov 2026, whole day
    assert hours.working_time_between(local(MOSCOW, 2026, 11, 23), local(MOSCOW, 2026, 11, 24)) == 9 * H


def test_only_the_part_inside_the_window_counts() -> None:
    hours = WorkingHours(MOSCOW)
    assert hours.working_time_between(local(MOSCOW, 2026, 11, 23, 7), local(MOSCOW, 2026, 11, 23, 10, 30)) == 1.5 * H
    assert hours.working_time_between(local(MOSCOW, 2026, 11, 23, 17), local(MOSCOW, 2026, 11, 23, 22)) == H


def test_empty_or_reversed_span_is_zero() -> None:
    hours = WorkingHours(MOSCOW)
    a = local(MOSCOW, 2026, 11, 23, 12)
    assert hours.working_time_between(a, a) == timedelta(0)
    assert hours.working_time_between(a, a - H) == timedelta(0)


def test_weekend_and_nights_do_not_count() -> None:
    hours = WorkingHours(MOSCOW)
    friday_evening = local(MOSCOW, 2026, 11, 27, 17)
    monday_morning = local(MOSCOW, 2026, 11, 30, 10)
    assert hours.working_time_between(friday_evening, monday_morning) == 2 * H
    assert hours.working_time_between(local(MOSCOW, 2026, 11, 28, 9), local(MOSCOW, 2026, 11, 29, 18)) == timedelta(0)


def test_a_full_week_is_forty_five_hours() -> None:
    hours = WorkingHours(MOSCOW)
    assert hours.working_time_between(local(MOSCOW, 2026, 11, 23), local(MOSCOW, 2026, 11, 30)) == 45 * H


def test_instants_in_other_zones_are_read_as_instants() -> None:
    hours = WorkingHours(MOSCOW)
    # 06:00-08:00 UTC is 09:00-11:00 in Moscow
    a = datetime(2026, 11, 23, 6, tzinfo=timezone.utc)
    assert hours.working_time_between(a, a + 2 * H) == 2 * H


def test_berlin_spring_forward_night_is_one_hour_short() -> None:
    night = WorkingHours(BERLIN, time(1), time(5), EVERY_DAY)
    day = local(BERLIN, 2026, 3, 29)
    assert night.working_time_between(day, day + timedelta(days=1)) == 3 * H
    # the ordinary office day that Sunday is still nine real hours
    office = WorkingHours(BERLIN, days=EVERY_DAY)
    assert office.working_time_between(local(BERLIN, 2026, 3, 28, 12), local(BERLIN, 2026, 3, 30, 0)) == 6 * H + 9 * H


def test_berlin_fall_back_night_is_one_hour_long() -> None:
    night = WorkingHours(BERLIN, time(1), time(5), EVERY_DAY)
    start = datetime(2026, 10, 24, 22, tzinfo=timezone.utc)  # 00:00 CEST on 25 Oct
    assert night.working_time_between(start, start + timedelta(days=1)) == 5 * H


def test_moscow_has_no_dst() -> None:
    night = WorkingHours(MOSCOW, time(1), time(5), EVERY_DAY)
    for day in (local(MOSCOW, 2026, 3, 29), local(MOSCOW, 2026, 10, 25)):
        assert night.working_time_between(day, day + timedelta(days=1)) == 4 * H


def test_a_skipped_wall_time_moves_forward_and_an_ambiguous_one_takes_the_first() -> None:
    skipped = wall_to_utc(datetime(2026, 3, 29).date(), time(2, 30), BERLIN)
    assert skipped.astimezone(BERLIN).time() == time(3, 30)
    ambiguous = wall_to_utc(datetime(2026, 10, 25).date(), time(2, 30), BERLIN)
    assert ambiguous == datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)


def test_add_crosses_night_and_weekend() -> None:
    hours = WorkingHours(MOSCOW)
    friday = local(MOSCOW, 2026, 11, 27, 17)
    assert hours.add_working_time(friday, 2 * H) == local(MOSCOW, 2026, 11, 30, 10)
    assert hours.add_working_time(friday, H) == local(MOSCOW, 2026, 11, 27, 18)
    saturday = local(MOSCOW, 2026, 11, 28, 12)
    assert hours.add_working_time(saturday, 30 * timedelta(minutes=1)) == local(MOSCOW, 2026, 11, 30, 9, 30)


def test_add_zero_returns_the_start_in_utc() -> None:
    hours = WorkingHours(MOSCOW)
    moment = local(MOSCOW, 2026, 11, 28, 12)
    result = hours.add_working_time(moment, timedelta(0))
    assert result == moment and result.tzinfo == timezone.utc


def test_subtract_goes_back_over_the_weekend() -> None:
    hours = WorkingHours(MOSCOW)
    monday = local(MOSCOW, 2026, 11, 30, 9, 30)
    assert hours.subtract_working_time(monday, H) == local(MOSCOW, 2026, 11, 27, 17, 30)


def test_subtract_gives_the_latest_instant() -> None:
    hours = WorkingHours(MOSCOW)
    evening = local(MOSCOW, 2026, 11, 24, 22)
    # a full working day back from Tuesday evening is Tuesday 09:00, not Monday 18:00
    assert hours.subtract_working_time(evening, 9 * H) == local(MOSCOW, 2026, 11, 24, 9)
    assert hours.subtract_working_time(evening, timedelta(0)) == evening


def test_subtract_on_a_dst_night() -> None:
    night = WorkingHours(BERLIN, time(1), time(5), EVERY_DAY)
    end = local(BERLIN, 2026, 3, 29, 6)
    # 3 real hours that night: 01:00-02:00 CET and 03:00-05:00 CEST
    assert night.subtract_working_time(end, 3 * H) == local(BERLIN, 2026, 3, 29, 1)
    assert night.subtract_working_time(end, 2.5 * H) == local(BERLIN, 2026, 3, 29, 1, 30)


def test_negative_amounts_and_naive_datetimes_are_refused() -> None:
    hours = WorkingHours(MOSCOW)
    moment = local(MOSCOW, 2026, 11, 24, 12)
    with pytest.raises(ValueError):
        hours.add_working_time(moment, -H)
    with pytest.raises(ValueError):
        hours.subtract_working_time(moment, -H)
    with pytest.raises(ValueError):
        hours.working_time_between(datetime(2026, 11, 24), moment)


def test_nonsense_working_week_is_refused() -> None:
    with pytest.raises(ValueError):
        WorkingHours(MOSCOW, time(18), time(9))
    with pytest.raises(ValueError):
        WorkingHours(MOSCOW, days=frozenset())
    with pytest.raises(ValueError):
        WorkingHours(MOSCOW, days=frozenset({7}))


def test_is_working_time() -> None:
    hours = WorkingHours(MOSCOW)
    assert hours.is_working_time(local(MOSCOW, 2026, 11, 24, 9))
    assert not hours.is_working_time(local(MOSCOW, 2026, 11, 24, 18))
    assert not hours.is_working_time(local(MOSCOW, 2026, 11, 28, 12))


_instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(timezone.utc)
)
_amounts = st.integers(min_value=0, max_value=5 * 24 * 60).map(lambda m: timedelta(minutes=m))


@settings(max_examples=150, deadline=None)
@given(start=_instants, amount=_amounts, tz=st.sampled_from([BERLIN, MOSCOW]))
def test_add_and_subtract_agree_with_between(start: datetime, amount: timedelta, tz: ZoneInfo) -> None:
    hours = WorkingHours(tz, time(8, 30), time(17, 45), frozenset({0, 1, 2, 3, 4, 6}))
    later = hours.add_working_time(start, amount)
    assert later >= start
    assert hours.working_time_between(start, later) == amount
    earlier = hours.subtract_working_time(start, amount)
    assert earlier <= start
    assert hours.working_time_between(earlier, start) == amount
    if amount:
        # latest such instant: a minute later there is less working time left
        assert hours.working_time_between(earlier + timedelta(minutes=1), start) < amount


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ((2026, 11, 27, 10, 0), (2026, 11, 27, 10, 0)),  # Friday 10:00 is working time: kept
        ((2026, 11, 28, 10, 0), (2026, 11, 30, 10, 0)),  # Saturday 10:00 -> Monday, same wall time
        ((2026, 11, 29, 17, 30), (2026, 11, 30, 17, 30)),  # Sunday 17:30 -> Monday 17:30
        ((2026, 11, 26, 23, 12), (2026, 11, 27, 9, 0)),  # Thursday night -> Friday's start
        ((2026, 11, 27, 21, 12), (2026, 11, 30, 9, 0)),  # Friday night -> Monday's start
        ((2026, 11, 23, 7, 30), (2026, 11, 23, 9, 0)),  # before the day starts -> that day's start
        ((2026, 11, 23, 18, 0), (2026, 11, 24, 9, 0)),  # the end itself is outside
        ((2026, 11, 28, 20, 0), (2026, 11, 30, 9, 0)),  # a day off, after hours -> the next start
    ],
)
def test_next_working_slot(typed: tuple[int, ...], offered: tuple[int, ...]) -> None:
    hours = WorkingHours(MOSCOW)
    slot = hours.next_working_slot(local(MOSCOW, *typed))
    assert slot == local(MOSCOW, *offered)
    assert slot.tzinfo == timezone.utc and hours.is_working_time(slot)


def test_next_working_slot_of_a_saturday_team_and_across_dst() -> None:
    six_days = WorkingHours(BERLIN, days=frozenset(range(6)))
    assert six_days.next_working_slot(local(BERLIN, 2026, 3, 28, 10)) == local(BERLIN, 2026, 3, 28, 10)
    # Saturday 28 Mar 2026 20:00 in Berlin; the clocks go forward that night; Sunday is off
    assert six_days.next_working_slot(local(BERLIN, 2026, 3, 28, 20)) == local(BERLIN, 2026, 3, 30, 9)
    with pytest.raises(ValueError):
        six_days.next_working_slot(datetime(2026, 3, 28, 20))
