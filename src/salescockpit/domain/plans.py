"""Months, plans and the money figures' arithmetic: pure rules, no database.

- `parse_month("2026-12")` -> the month's first day (MonthError on anything else);
- `month_bounds(day)` -> (first day, last day) of the month ``day`` falls in;
- `forecast_window(month_start, on)` -> the days whose open instalments still count towards the
  month's forecast (from ``on`` to the month's end; none once the month is over);
- `share(part, whole)` -> a percentage with one decimal (None when ``whole`` is 0);
- `churn_cutoff(on, months)` -> the day before which a client's last contract or payment makes
  them churned.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .money import add_months

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class MonthError(ValueError):
    """Text that is not a month (YYYY-MM)."""


def parse_month(text: str) -> date:
    """"2026-12" -> date(2026, 12, 1)."""
    found = _MONTH.match(text or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise MonthError(text)
    return date(int(found.group(1)), int(found.group(2)), 1)


def month_text(month_start: date) -> str:
    return f"{month_start.year:04d}-{month_start.month:02d}"


def month_bounds(day: date) -> tuple[date, date]:
    """The first and the last day of ``day``'s month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def forecast_window(month_start: date, on: date) -> tuple[date, date] | None:
    """The due dates whose open instalments count towards the forecast: ``on`` (or the month's
    first day, for a month not begun) to the month's last day; None for a month already over."""
    first, last = month_bounds(month_start)
    if on > last:
        return None
    return max(first, on), last


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None when there is nothing to share."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def churn_cutoff(on: date, months: int) -> date:
    """The day ``months`` months before ``on``: a client with nothing since before it has churned."""
    return add_months(on, -months)
