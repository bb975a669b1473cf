""""Since yesterday": each team figure against the day before and the mean of the 7 days before.

The earlier days are counted with the same queries as the report day (see `build`), so a
figure and its comparison always mean the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .figures import Delta, Figures, TrendPoint, comparable_items
from .numbers import difference, mean


def deltas(today: Figures, previous: Sequence[Figures]) -> tuple[Delta, ...]:
    """One `Delta` per comparable figure; ``previous[0]`` is yesterday, then further back."""
    earlier = [dict(comparable_items(figures)) for figures in previous]
    result = []
    for key, value in comparable_items(today):
        yesterday = earlier[0][key] if earlier else None
        average = mean(day[key] for day in earlier)
        result.append(
            Delta(
                key=key,
                value=value,
                yesterday=yesterday,
                change=difference(value, yesterday),
                mean_7d=average,
                change_vs_mean=difference(value, average),
            )
        )
    return tuple(result)


def trend_point(day: date, figures: Figures) -> TrendPoint:
    """The three trend figures of one day."""
    return TrendPoint(
        day=day,
        average_score=figures.compliance.average_score,
        overdue_at_end=figures.callbacks.overdue_at_end,
        reach_rate=figures.calls.reach_rate,
    )
