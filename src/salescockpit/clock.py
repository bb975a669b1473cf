"""Where "now" comes from.

Rules never read the wall clock: they get a `Clock`. The app and CLI use `SystemClock`;
tests use `FixedClock`. Both give aware UTC instants and know the team timezone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Gives the current instant (aware, UTC) and the team's calendar date."""

    tz: ZoneInfo

    def now(self) -> datetime: ...

    def today(self) -> date: ...


@dataclass
class SystemClock:
    """The wall clock, for the running program."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def today(self) -> date:
        return self.now().astimezone(self.tz).date()


@dataclass
class FixedClock:
    """A clock that stands still until told to move (tests, snapshots, demo data)."""

    instant: datetime
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def __post_init__(self) -> None:
        if self.instant.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.instant = self.instant.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self.instant

    def today(self) -> date:
        return self.instant.astimezone(self.tz).date()

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        self.instant = self.instant + delta


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where ``day`` begins and ends in ``tz`` (DST-safe)."""
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=tz)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)
