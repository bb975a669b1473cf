"""Working time between two instants, fast enough for thousands of leads.

The same arithmetic as `domain.workhours.WorkingHours.working_time_between`, with each
day's working window computed once and kept: a report asks about the same few days again
and again.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from salescockpit.domain.workhours import WorkingHours

_ZERO = timedelta(0)
_ONE_DAY = timedelta(days=1)


class WorkingClock:
    """`between(a, b)`: how much of ``[a, b)`` falls in the team's working hours."""

    def __init__(self, hours: WorkingHours) -> None:
        self.hours = hours
        self._windows: dict[date, tuple[datetime, datetime] | None] = {}

    def _window(self, day: date) -> tuple[datetime, datetime] | None:
        if day not in self._windows:
            self._windows[day] = self.hours.window(day)
        return self._windows[day]

    def between(self, start: datetime, end: datetime) -> timedelta:
        if end <= start:
            return _ZERO
        total = _ZERO
        day, last = start.astimezone(self.hours.tz).date(), end.astimezone(self.hours.tz).date()
        while day <= last:
            bounds = self._window(day)
            if bounds is not None:
                overlap = min(end, bounds[1]) - max(start, bounds[0])
                if overlap > _ZERO:
                    total += overlap
            day += _ONE_DAY
        return total
