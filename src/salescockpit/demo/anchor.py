"""The moment a demo stands at: a day, at 10:00 in the team timezone.

The demo is anchored to a day, never to the wall clock: `seed`/`demo --as-of DATE` (default:
today in the team timezone) build every row as of that day's 10:00, so the same seed and day
give the same database and the same reports whenever the build runs and however long it takes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

#: The hour of the anchored day the demo data stands at (team timezone): a morning's review.
DEMO_HOUR = time(10, 0)


def demo_moment(day: date, tz: ZoneInfo) -> datetime:
    """10:00 on ``day`` in ``tz``, as an aware UTC instant (DST-safe through zoneinfo)."""
    return datetime.combine(day, DEMO_HOUR, tzinfo=tz).astimezone(timezone.utc)
