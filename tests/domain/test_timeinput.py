"""Reading callback times as managers type them, and saying them back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from salescockpit.domain.timeinput import TimeInputError, describe_when, parse_when

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
# Monday 23 Nov 2026, 19:00 in Moscow
NOW = datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc)


def msk(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=MOSCOW)


def parse(text: str, now: datetime = NOW, tz: ZoneInfo = MOSCOW) -> datetime:
    return parse_when(text, now, tz)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 10:00", msk(2026, 11, 24, 10)),
        ("today 21:30", msk(2026, 11, 23, 21, 30)),
        ("  TOMORROW    9:05 ", msk(2026, 11, 24, 9, 5)),
        ("fri 15:00", msk(2026, 11, 27, 15)),
        ("Friday 15:00", msk(2026, 11, 27, 15)),
        ("2026-12-01 09:30", msk(2026, 12, 1, 9, 30)),
        ("01.12.2026 09:30", msk(2026, 12, 1, 9, 30)),
        ("завтра 10:00", msk(2026, 11, 24, 10)),
        ("Завтра в 10:00", msk(2026, 11, 24, 10)),
        ("сегодня 21:30", msk(2026, 11, 23, 21, 30)),
        ("послезавтра 9:00", msk(2026, 11, 25, 9)),
        ("пт 15:00", msk(2026, 11, 27, 15)),
        ("пятница 15:00", msk(2026, 11, 27, 15)),
        ("в пятницу 15:00", msk(2026, 11, 27, 15)),
        ("во вторник 9:00", msk(2026, 11, 24, 9)),
        ("ср 12:00", msk(2026, 11, 25, 12)),
        ("среду 12:00", msk(2026, 11, 25, 12)),
        ("чт 12:00", msk(2026, 11, 26, 12)),
        ("сб 12:00", msk(2026, 11, 28, 12)),
        ("субботу 12:00", msk(2026, 11, 28, 12)),
        ("вс 12:00", msk(2026, 11, 29, 12)),
        ("воскресенье 12:00", msk(2026, 11, 29, 12)),
        ("понедельник 12:00", msk(2026, 11, 30, 12)),
        ("15:00 fri", msk(2026, 11, 27, 15)),
    ],
)
def test_absolute_forms(text: str, expected: datetime) -> None:
    result = parse(text)
    assert result == expected
    assert result.tzinfo == timezone.utc


@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("+2h", timedelta(hours=2)),
        ("+30m", timedelta(minutes=30)),
        ("+1h30m", timedelta(hours=1, minutes=30)),
        ("+ 1h 30m", timedelta(hours=1, minutes=30)),
        ("+1d", timedelta(days=1)),
        ("+2ч", timedelta(hours=2)),
        ("+30м", timedelta(minutes=30)),
        ("+1д", timedelta(days=1)),
        ("+1Ч30М", timedelta(hours=1, minutes=30)),
    ],
)
def test_relative_forms(text: str, delta: timedelta) -> None:
    assert parse(text) == NOW + delta


def test_plus_one_day_keeps_the_wall_time_across_dst() -> None:
    saturday_noon = datetime(2026, 3, 28, 12, tzinfo=BERLIN)
    assert parse("+1d", saturday_noon, BERLIN) == datetime(2026, 3, 29, 12, tzinfo=BERLIN)
    assert parse("+24h", saturday_noon, BERLIN) == datetime(2026, 3, 29, 13, tzinfo=BERLIN)


def test_a_bare_time_is_today_if_ahead_else_tomorrow() -> None:
    assert parse("20:00") == msk(2026, 11, 23, 20)
    assert parse("10:00") == msk(2026, 11, 24, 10)
    assert parse("19:00") == msk(2026, 11, 24, 19)  # exactly now is not ahead


def test_a_weekday_is_its_next_occurrence() -> None:
    assert parse("mon 19:30") == msk(2026, 11, 23, 19, 30)  # today, still ahead
    assert parse("mon 18:00") == msk(2026, 11, 30, 18)  # today has passed: next week
    assert parse("пн 9:00") == msk(2026, 11, 30, 9)


def test_a_day_without_a_time_asks_for_one() -> None:
    for text in ("tomorrow", "завтра", "fri", "в пятницу", "2026-12-01"):
        with pytest.raises(TimeInputError, match="Add a time"):
            parse(text)


@pytest.mark.parametrize("text", ["today 10:00", "сегодня 18:59", "2026-11-01 10:00", "23.11.2026 18:00"])
def test_past_times_are_refused(text: str) -> None:
    with pytest.raises(TimeInputError, match="already passed"):
        parse(text)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "tomorrow 10", "tomorrow 10:00 11:00", "tomorrow fri 10:00", "+2", "+2x", "+h", "in 2h"],
)
def test_unreadable_text_says_what_is_understood(text: str) -> None:
    with pytest.raises(TimeInputError) as caught:
        parse(text)
    message = str(caught.value)
    assert "tomorrow 10:00" in message and "+2h" in message


@pytest.mark.parametrize("text", ["24:00", "tomorrow 9:60", "2026-02-30 10:00", "31.04.2027 10:00", "+0m"])
def test_impossible_values_are_refused(text: str) -> None:
    with pytest.raises(TimeInputError):
        parse(text)


def test_skipped_wall_time_moves_forward_and_ambiguous_takes_the_first() -> None:
    now = datetime(2026, 3, 28, 12, tzinfo=BERLIN)
    assert parse("tomorrow 2:30", now, BERLIN) == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    autumn = datetime(2026, 10, 24, 12, tzinfo=BERLIN)
    assert parse("tomorrow 2:30", autumn, BERLIN) == datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)


def test_team_timezone_decides_what_today_is() -> None:
    # 22:30 UTC Monday is already Tuesday 01:30 in Moscow
    late = datetime(2026, 11, 23, 22, 30, tzinfo=timezone.utc)
    assert parse("today 10:00", late) == msk(2026, 11, 24, 10)
    assert parse("tomorrow 10:00", late, ZoneInfo("UTC")) == datetime(2026, 11, 24, 10, tzinfo=timezone.utc)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_when("+1h", datetime(2026, 11, 23, 19), MOSCOW)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (msk(2026, 11, 24, 10), "tomorrow, Tue 24 Nov 10:00 (in 15 h)"),
        (msk(2026, 11, 23, 21), "today 21:00 (in 2 h)"),
        (msk(2026, 11, 23, 21, 30), "today 21:30 (in 2 h 30 min)"),
        (msk(2026, 11, 23, 19, 45), "today 19:45 (in 45 min)"),
        (msk(2026, 11, 27, 15), "Fri 27 Nov 15:00 (in 3 days)"),
        (msk(2026, 12, 1, 9, 30), "Tue 1 Dec 09:30 (in 7 days)"),
        (msk(2027, 1, 4, 9), "Mon 4 Jan 2027 09:00 (in 41 days)"),
        (msk(2026, 11, 23, 16), "today 16:00 (3 h ago)"),
    ],
)
def test_describe_when(when: datetime, expected: str) -> None:
    assert describe_when(when, NOW, MOSCOW) == expected


def test_describe_when_round_trips_parse_when() -> None:
    assert describe_when(parse("+1d"), NOW, MOSCOW) == "tomorrow, Tue 24 Nov 19:00 (in 24 h)"
    assert describe_when(parse("пт 15:00"), NOW, MOSCOW).startswith("Fri 27 Nov 15:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05.12 10:00", msk(2026, 12, 5, 10)),  # later this year
        ("5.12 10:00", msk(2026, 12, 5, 10)),
        ("10:00 05.12.", msk(2026, 12, 5, 10)),
        ("23.11 21:00", msk(2026, 11, 23, 21)),  # today, later on
        ("20.11 10:00", msk(2027, 11, 20, 10)),  # already past this year: next year
        ("29.02 10:00", msk(2028, 2, 29, 10)),  # the next year that has that day
        ("05.12.2026 10:00", msk(2026, 12, 5, 10)),
    ],
)
def test_day_and_month_without_a_year_is_the_next_such_date(text: str, expected: datetime) -> None:
    assert parse(text) == expected


def test_day_and_month_of_today_with_a_passed_time_is_refused_not_moved_a_year() -> None:
    with pytest.raises(TimeInputError, match="already passed"):
        parse("23.11 10:00")
    with pytest.raises(TimeInputError, match="not a date"):
        parse("31.04 10:00")
    with pytest.raises(TimeInputError, match="not a date"):
        parse("12.13 10:00")


def test_a_day_at_the_calendars_edge_is_not_understood_rather_than_an_overflow() -> None:
    """Year 1 in Moscow is before UTC's year 1 (found by the property test): one clear error."""
    with pytest.raises(TimeInputError):
        parse_when("0:00 0001-1-1", datetime(2000, 1, 1, tzinfo=timezone.utc), ZoneInfo("Europe/Moscow"))
