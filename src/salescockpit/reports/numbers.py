"""Rounding, rates, means and medians that never depend on the database.

Everything is computed in Python with `Decimal` and rounded half-even to one decimal, so
SQLite and PostgreSQL give the same digits (and the JSON the same bytes).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal

_TENTH = Decimal("0.1")


def to_decimal(value: int | float | Decimal) -> Decimal:
    """An exact Decimal for an int, a Decimal, or a float as it prints (0.1 -> Decimal("0.1"))."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def one_decimal(value: Decimal | int | float | None) -> float | None:
    """``value`` rounded half-even to one decimal, as a float (None stays None)."""
    if value is None:
        return None
    return float(to_decimal(value).quantize(_TENTH, rounding=ROUND_HALF_EVEN))


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole`` (one decimal); None when ``whole`` is 0."""
    if whole <= 0:
        return None
    return one_decimal(Decimal(part * 100) / Decimal(whole))


def mean(values: Iterable[int | float | Decimal | None]) -> float | None:
    """The mean of the values that are not None (one decimal); None when there are none."""
    numbers = [to_decimal(value) for value in values if value is not None]
    if not numbers:
        return None
    return one_decimal(sum(numbers, Decimal(0)) / Decimal(len(numbers)))


def median(values: Iterable[int | float | Decimal]) -> float | None:
    """The median (one decimal); None for no values."""
    numbers = sorted(to_decimal(value) for value in values)
    if not numbers:
        return None
    middle = len(numbers) // 2
    if len(numbers) % 2:
        return one_decimal(numbers[middle])
    return one_decimal((numbers[middle - 1] + numbers[middle]) / Decimal(2))


def difference(value: int | float | None, other: int | float | None) -> float | None:
    """``value - other`` (one decimal); None when either is unknown."""
    if value is None or other is None:
        return None
    return one_decimal(to_decimal(value) - to_decimal(other))
