"""What a manager types for a callback ("tomorrow 10:00", "+2h", "пт 15:00") -> an aware datetime.

`parse_when` reads English and Russian forms relative to `now` in the team timezone and returns
a UTC instant in the future; `describe_when` says it back in words before it is saved.
Wall times skipped by DST move forward; ambiguous ones take the first occurrence.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from salescockpit.domain.workhours import wall_to_utc
from salescockpit.i18n import _, ngettext
from salescockpit.l10n import full_day, weekday_day_month


class TimeInputError(ValueError):
    """Text that is not a usable callback time; the message is for the user."""


_RELATIVE = re.compile(r"\+((?:\d+[dhmдчм])+)")
_RELATIVE_PART = re.compile(r"(\d+)([dhmдчм])")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DAY_MONTH = re.compile(r"(\d{1,2})\.(\d{1,2})")
_FILLERS = frozenset({"в", "во", "at", "on"})
_DAY_OFFSETS = {
    "today": 0, "tomorrow": 1,
    "сегодня": 0, "завтра": 1, "послезавтра": 2,
}
_WEEKDAYS = {
    **dict.fromkeys(("mon", "monday", "пн", "понедельник"), 0),
    **dict.fromkeys(("tue", "tues", "tuesday", "вт", "вторник"), 1),
    **dict.fromkeys(("wed", "wednesday", "ср", "среда", "среду"), 2),
    **dict.fromkeys(("thu", "thur", "thurs", "thursday", "чт", "четверг"), 3),
    **dict.fromkeys(("fri", "friday", "пт", "пятница", "пятницу"), 4),
    **dict.fromkeys(("sat", "saturday", "сб", "суббота", "субботу"), 5),
    **dict.fromkeys(("sun", "sunday", "вс", "воскресенье"), 6),
}


def _not_understood(text: str) -> TimeInputError:
    return TimeInputError(
        _(
            "Cannot read {text!r} as a time. Use e.g. tomorrow 10:00, today 17:30, fri 15:00, "
            "10:00, +2h, +30m, +1d, +1h30m, 05.12 10:00, 2026-12-01 09:30 or 01.12.2026 09:30 "
            "(or завтра 10:00, пт 15:00, +2ч)."
        ).format(text=text)
    )


def _in_future(moment: datetime, now: datetime) -> datetime:
    if moment <= now:
        raise TimeInputError(_("That time has already passed; give a time in the future."))
    return moment


def _relative(spec: str, now: datetime, tz: ZoneInfo) -> datetime:
    """``+1d2h30m``: days step the local calendar (same wall time), hours and minutes are elapsed time."""
    days = hours = minutes = 0
    for amount, unit in _RELATIVE_PART.findall(spec):
        if unit in "dд":
            days += int(amount)
        elif unit in "hч":
            hours += int(amount)
        else:
            minutes += int(amount)
    if days == hours == minutes == 0:
        raise TimeInputError(_("Give a duration above zero, e.g. +30m or +2h."))
    if days + hours / 24 + minutes / 1440 > 3660:  # the total, before any arithmetic can overflow
        raise TimeInputError(_("That is too far ahead."))
    moment = now
    if days:
        local = now.astimezone(tz)
        moment = wall_to_utc(local.date() + timedelta(days=days), local.time(), tz)
    return _in_future(moment + timedelta(hours=hours, minutes=minutes), now)


def _clock(token: str) -> time | None:
    match = _CLOCK.fullmatch(token)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise TimeInputError(
            _("{token} is not a time of day; use 24-hour H:MM, e.g. 9:30 or 17:00.").format(token=token)
        )
    return time(hour, minute)


def _day_month(token: str, today: date) -> date | None:
    """``DD.MM`` (the usual Russian way, no year): the next such date that is not in the past."""
    match = _DAY_MONTH.fullmatch(token)
    if match is None:
        return None
    day, month = int(match[1]), int(match[2])
    for year in range(today.year, today.year + 9):  # 29.02 waits for the next leap year
        try:
            found = date(year, month, day)
        except ValueError:
            if not 1 <= month <= 12 or not 1 <= day <= 31 or (month, day) != (2, 29):
                break
            continue
        if found >= today:
            return found
    else:
        return None
    raise TimeInputError(_("{token} is not a date on the calendar.").format(token=token))


def _calendar_date(token: str) -> date | None:
    if match := _ISO_DATE.fullmatch(token):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DOTTED_DATE.fullmatch(token):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        raise TimeInputError(_("{token} is not a date on the calendar.").format(token=token)) from None


def parse_when(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """The aware UTC instant meant by ``text``, read relative to ``now`` in timezone ``tz``.

    Raises `TimeInputError` for text it cannot read, a day without a time, or a past time.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be aware")
    now = now.astimezone(timezone.utc)
    cleaned = " ".join(text.casefold().replace("ё", "е").split())
    if not cleaned:
        raise _not_understood(text)
    if cleaned.startswith("+"):
        match = _RELATIVE.fullmatch(cleaned.replace(" ", ""))
        if match is None:
            raise _not_understood(text)
        return _relative(match[1], now, tz)

    tokens = [token.strip(",") for token in cleaned.split()]
    tokens = [token for token in tokens if token and token not in _FILLERS]
    wall: time | None = None
    day_words: list[str] = []
    for token in tokens:
        clock = _clock(token)
        if clock is not None and wall is None:
            wall = clock
        elif clock is None:
            day_words.append(token.rstrip("."))
        else:
            raise _not_understood(text)
    if len(day_words) > 1:
        raise _not_understood(text)
    day_word = day_words[0] if day_words else None

    today = now.astimezone(tz).date()
    candidates: list[date]
    if day_word is None:
        candidates = [today, today + timedelta(days=1)]
    elif day_word in _DAY_OFFSETS:
        candidates = [today + timedelta(days=_DAY_OFFSETS[day_word])]
    elif day_word in _WEEKDAYS:
        first = today + timedelta(days=(_WEEKDAYS[day_word] - today.weekday()) % 7)
        candidates = [first, first + timedelta(days=7)]
    else:
        exact = _calendar_date(day_word) or _day_month(day_word, today)
        if exact is None:
            raise _not_understood(text)
        candidates = [exact]

    if wall is None:
        raise TimeInputError(
            _("Add a time to {text!r}, e.g. tomorrow 10:00 or fri 15:00.").format(text=text.strip())
        )
    for day in candidates:
        moment = _instant(day, wall, tz, text)
        if moment > now:
            return moment
    return _in_future(_instant(candidates[-1], wall, tz, text), now)


def _instant(day: date, wall: time, tz: ZoneInfo, text: str) -> datetime:
    """`wall_to_utc`, with a day at the calendar's very edge (year 1 east of UTC) not understood."""
    try:
        return wall_to_utc(day, wall, tz)
    except OverflowError:
        raise _not_understood(text) from None


def _span(delta: timedelta) -> str:
    """A rough length for people: "45 min", "2 h 30 min", "15 h", "3 days".

    Each count goes through ngettext, so a language that writes the units out gets the right
    form for the number (Russian: "1 минуту", "3 минуты", "5 минут"; English keeps "min" and "h").
    """
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return _("less than a minute")
    if minutes < 60:
        return ngettext("{minutes} min", "{minutes} min", minutes).format(minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if hours < 10 and rest:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    if hours < 48:
        return ngettext("{hours} h", "{hours} h", hours).format(hours=hours)
    days = hours // 24
    return ngettext("{days} day", "{days} days", days).format(days=days)


def describe_when(when: datetime, now: datetime, tz: ZoneInfo) -> str:
    """``when`` in words in the team timezone, e.g. "tomorrow, Tue 24 Nov 10:00 (in 15 h)"."""
    when, now = when.astimezone(timezone.utc), now.astimezone(timezone.utc)
    local, local_now = when.astimezone(tz), now.astimezone(tz)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if local.year != local_now.year:
        dated = full_day(local, padded=False)
    else:
        dated = weekday_day_month(local, padded=False)
    days_ahead = (local.date() - local_now.date()).days
    if days_ahead == 0:
        moment = _("today {time}").format(time=clock)
    elif days_ahead == 1:
        moment = _("tomorrow, {date} {time}").format(date=dated, time=clock)
    else:
        moment = f"{dated} {clock}"
    delta = when - now
    if delta >= timedelta(0):
        relation = _("in {span}").format(span=_span(delta))
    else:
        relation = _("{span} ago").format(span=_span(-delta))
    return f"{moment} ({relation})"
