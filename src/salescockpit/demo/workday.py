"""When the demo team works: every call, stage move and review falls inside working hours.

The demo plans its events as whole seconds since the epoch spread over two months; `TeamHours`
moves each one into the team's working time (09:00-18:00 Monday to Friday in the team
timezone, the settings' defaults), keeping it between the bounds its story allows (after the
event before it, not after "now"). The local day of each moment is found with the real zone, so
a zone with summer time stays inside the hours all year. Nothing here draws random numbers: the
same seed still gives the same demo.

The demo team sits in Moscow (`DEMO_TIMEZONE`) unless the config names a timezone: not in the
machine's zone, which on a server is UTC and put the demo's working day at night.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from salescockpit.config import CONFIG_ENV, Settings, default_config_path
from salescockpit.domain.workhours import MONDAY_TO_FRIDAY, WorkingHours

DAY = 86400
QUARTER = 900  # every UTC offset and clock change in use falls on a quarter hour
DEMO_TIMEZONE = "Europe/Moscow"
TIMEZONE_ENV = "SALESCOCKPIT_TIMEZONE"
_SEARCH_DAYS = 14  # a working week always has a working day within this many days


class TeamHours:
    """The team's working windows as (open, close) seconds since the epoch, close exclusive."""

    def __init__(self, tz: ZoneInfo, start: time = time(9, 0), end: time = time(18, 0),
                 days: frozenset[int] = MONDAY_TO_FRIDAY) -> None:
        self.tz = tz
        self.hours = WorkingHours(tz, start, end, days)
        self._days = sorted(days)
        self._windows: dict[date, tuple[int, int] | None] = {}
        self._quarters: dict[int, tuple[date, int]] = {}

    def window(self, day: date) -> tuple[int, int] | None:
        """The working window of local ``day``, or None on a day off."""
        try:
            return self._windows[day]
        except KeyError:
            bounds = self.hours.window(day)
            found = None if bounds is None else (int(bounds[0].timestamp()), int(bounds[1].timestamp()))
            self._windows[day] = found
            return found

    def local(self, moment: int) -> tuple[date, int]:
        """(local date, seconds since local midnight) of ``moment``, looked up once per quarter hour."""
        quarter, into = divmod(moment, QUARTER)
        found = self._quarters.get(quarter)
        if found is None:
            local = datetime.fromtimestamp(quarter * QUARTER, self.tz)
            found = self._quarters[quarter] = (local.date(), local.hour * 3600 + local.minute * 60)
        return found[0], found[1] + into

    def local_day(self, moment: int) -> date:
        return self.local(moment)[0]

    def is_working(self, moment: int, margin: int = 0) -> bool:
        bounds = self.window(self.local_day(moment))
        return bounds is not None and bounds[0] <= moment < bounds[1] - margin

    def closing(self, moment: int) -> int | None:
        """When the working window holding ``moment`` closes (None outside working time)."""
        bounds = self.window(self.local_day(moment))
        return bounds[1] if bounds is not None and bounds[0] <= moment < bounds[1] else None

    def place(self, moment: int, low: int, high: int, margin: int = 0) -> int | None:
        """``moment`` moved into working time (ending ``margin`` seconds before closing) within
        [low, high]; None when that span holds no working time at all.

        A moment already inside stays; one at night or on a day off goes to the same point of a
        working day of that week (its time of day scaled into the window, so events stay spread);
        one that would then leave [low, high] goes to the same point of the working stretch
        nearest to it inside [low, high] (not all onto its edge).
        """
        if high < low:
            return None
        if low <= moment <= high and self.is_working(moment, margin):
            return moment
        candidate = self._spread(moment, margin)
        if low <= candidate <= high:
            return candidate
        last = self.latest(high, margin) if candidate > high else None
        first = self.earliest(low, margin) if candidate < low else None
        if last is not None and last >= low:  # the last stretch of work up to ``high``
            opens = max(low, self.window(self.local_day(last))[0])
            return opens + (last - opens) * self.local(moment)[1] // DAY
        if first is not None and first <= high:  # the first stretch of work from ``low``
            closes = min(high, self.window(self.local_day(first))[1] - margin - 1)
            return first + (closes - first) * self.local(moment)[1] // DAY
        return None

    def _spread(self, moment: int, margin: int) -> int:
        day, second_of_day = self.local(moment)
        bounds = self.window(day)
        if bounds is None:  # a day off: the working day of that week picked by the moment itself
            monday = day - timedelta(days=day.weekday())
            day = monday + timedelta(days=self._days[moment % len(self._days)])
            bounds = self.window(day)
            if bounds is None:  # a holiday-like gap (no window despite the weekday): go earlier
                return self.latest(moment, margin) or moment
        opens, closes = bounds[0], bounds[1] - margin
        return opens + (closes - opens) * second_of_day // DAY

    def latest(self, moment: int, margin: int = 0) -> int | None:
        """The last working second at or before ``moment``."""
        day = self.local_day(moment)
        for _ in range(_SEARCH_DAYS):
            bounds = self.window(day)
            if bounds is not None and bounds[0] <= moment:
                return min(moment, bounds[1] - margin - 1)
            day -= timedelta(days=1)
        return None

    def earliest(self, moment: int, margin: int = 0) -> int | None:
        """The first working second at or after ``moment``."""
        day = self.local_day(moment)
        for _ in range(_SEARCH_DAYS):
            bounds = self.window(day)
            if bounds is not None and moment < bounds[1] - margin:
                return max(moment, bounds[0])
            day += timedelta(days=1)
        return None


@lru_cache(maxsize=8)
def team_hours(tz: ZoneInfo) -> TeamHours:
    """One `TeamHours` per timezone for a whole demo build (its windows are cached)."""
    return TeamHours(tz)


def demo_settings(settings: Settings, config: Path | None = None,
                  environ: Mapping[str, str] = os.environ) -> Settings:
    """``settings`` for a demo: the team timezone the config (file or SALESCOCKPIT_TIMEZONE)
    names, else `DEMO_TIMEZONE`, never just the machine's zone. ``config`` is ``--config``."""
    if environ.get(TIMEZONE_ENV, "").strip():
        return settings
    configured = environ.get(CONFIG_ENV, "").strip()
    path = config or (Path(configured).expanduser() if configured else default_config_path())
    try:
        with Path(path).open("rb") as handle:
            if "timezone" in tomllib.load(handle):
                return settings
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        pass  # no file (or one load_settings already refused): nothing configured
    return replace(settings, timezone=DEMO_TIMEZONE)
