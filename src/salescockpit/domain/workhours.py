"""Working hours: how much of a span falls in the team's working time, and stepping by it.

The team works from `start` to `end` local wall time on `days` (0 = Monday). All arithmetic
is done on UTC instants, one local day at a time, so DST days come out right: on the night
the clocks go forward a 01:00-05:00 window is 3 real hours, on the night they go back, 5.
Results are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from salescockpit.i18n import _

MONDAY_TO_FRIDAY = frozenset(range(5))
_ZERO = timedelta(0)
_ONE_DAY = timedelta(days=1)


def wall_to_utc(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of local wall time ``wall`` on ``day`` in ``tz``.

    A wall time skipped by DST is moved forward by the gap (02:30 -> 03:30 in spring);
    an ambiguous one (autumn) takes the first occurrence.
    """
    local = datetime.combine(day, wall.replace(tzinfo=None, fold=0), tzinfo=tz)
    return local.astimezone(timezone.utc)


def _require_aware(*moments: datetime) -> None:
    if any(moment.tzinfo is None or moment.utcoffset() is None for moment in moments):
        raise ValueError("aware datetimes required")


@dataclass(frozen=True)
class WorkingHours:
    """The team's working week: local `start`-`end` on `days` (Monday = 0) in `tz`."""

    tz: ZoneInfo
    start: time = time(9, 0)
    end: time = time(18, 0)
    days: frozenset[int] = MONDAY_TO_FRIDAY

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", frozenset(self.days))
        if not self.days or not self.days <= frozenset(range(7)):
            raise ValueError(_("Working days must be a non-empty set of weekdays 0 (Mon) to 6 (Sun)."))
        if not self.start < self.end:
            raise ValueError(_("The working day must end after it starts."))

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The UTC bounds of the working window on local ``day``, or None on a day off."""
        if day.weekday() not in self.days:
            return None
        opens = wall_to_utc(day, self.start, self.tz)
        closes = wall_to_utc(day, self.end, self.tz)
        return (opens, closes) if opens < closes else None

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def is_working_time(self, moment: datetime) -> bool:
        """True when ``moment`` falls inside a working window."""
        _require_aware(moment)
        bounds = self.window(self._local_day(moment))
        return bounds is not None and bounds[0] <= moment < bounds[1]

    def next_working_slot(self, moment: datetime) -> datetime:
        """``moment`` itself when it is working time; else the working time to offer instead.

        A wall time inside the working day on a day off moves to the same wall time on the next
        working day (Saturday 10:00 -> Monday 10:00); a time before or after the working day
        moves to the start of the next working window (Thursday 23:12 -> Friday 09:00).
        """
        _require_aware(moment)
        moment = moment.astimezone(timezone.utc)
        if self.is_working_time(moment):
            return moment
        local = moment.astimezone(self.tz)
        day = local.date()
        same_wall_time = self.start <= local.time().replace(tzinfo=None) < self.end
        for _step in range(8):
            bounds = self.window(day)
            if bounds is not None:
                if same_wall_time:
                    candidate = wall_to_utc(day, local.time(), self.tz)
                    if candidate > moment and bounds[0] <= candidate < bounds[1]:
                        return candidate
                elif bounds[0] > moment:
                    return bounds[0]
            day += _ONE_DAY
        raise ValueError("no working window within a week")  # impossible: `days` is never empty

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """How much of ``[a, b)`` falls in working hours (zero when ``b <= a``)."""
        _require_aware(a, b)
        a, b = a.astimezone(timezone.utc), b.astimezone(timezone.utc)
        if b <= a:
            return _ZERO
        total = _ZERO
        day, last = self._local_day(a), self._local_day(b)
        while day <= last:
            bounds = self.window(day)
            if bounds is not None:
                overlap = min(b, bounds[1]) - max(a, bounds[0])
                if overlap > _ZERO:
                    total += overlap
            day += _ONE_DAY
        return total

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The instant reached after ``amount`` of working time from ``start``.

        Lands at the end of a window rather than the start of the next when it fits exactly.
        """
        _require_aware(start)
        if amount < _ZERO:
            raise ValueError("amount must not be negative")
        cursor = start.astimezone(timezone.utc)
        if amount == _ZERO:
            return cursor
        remaining = amount
        day = self._local_day(cursor)
        while True:
            bounds = self.window(day)
            if bounds is not None and bounds[1] > cursor:
                begin = max(cursor, bounds[0])
                available = bounds[1] - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += _ONE_DAY

    def subtract_working_time(self, end: datetime, amount: timedelta) -> datetime:
        """The latest instant ``c <= end`` with ``working_time_between(c, end) == amount``."""
        _require_aware(end)
        if amount < _ZERO:
            raise ValueError("amount must not be negative")
        cursor = end.astimezone(timezone.utc)
        if amount == _ZERO:
            return cursor
        remaining = amount
        day = self._local_day(cursor)
        while True:
            bounds = self.window(day)
            if bounds is not None and bounds[0] < cursor:
                finish = min(cursor, bounds[1])
                available = finish - bounds[0]
                if remaining <= available:
                    return finish - remaining
                remaining -= available
            day -= _ONE_DAY
