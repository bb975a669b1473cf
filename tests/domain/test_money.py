"""Money, pure: typed amounts, even splits that add up, schedule errors, allocation, aging."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salescockpit.domain.money import (
    Money, MoneyError, OpenInstalment, ScheduleError, aging, aging_bucket, allocate, check_schedule, even_split,
    from_minor, monthly_schedule, parse_amount, parse_decimal, to_minor,
)


@pytest.mark.parametrize(("typed", "expected"), [
    ("12 345,67", "12345.67"), ("12\u00a0345,67", "12345.67"), ("12,345.67", "12345.67"),
    ("12.345,67", "12345.67"), ("12345.67", "12345.67"), ("12345,6", "12345.6"), ("1 000", "1000"),
    ("12 345,67 ₽", "12345.67"), ("1,234,567.89", "1234567.89"),
])
def test_typed_amounts_in_either_language(typed, expected):
    assert parse_decimal(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["12,34,5", "1.2.3", "", "abc", "12,3456.7", "1 2,3,4"])
def test_what_is_not_an_amount_is_refused(typed):
    with pytest.raises(MoneyError):
        parse_decimal(typed)


def test_minor_units_are_exact_and_too_many_decimals_are_refused():
    assert parse_amount("12 345,67").minor == 1_234_567
    assert to_minor(Decimal("0.1") + Decimal("0.2"), "RUB") == 30
    assert str(from_minor(1_234_500, "RUB")) == "12345.00"
    assert Money.of("100", "JPY").minor == 100
    with pytest.raises(MoneyError):
        to_minor(Decimal("0.001"), "RUB")
    with pytest.raises(MoneyError):
        Money(1, "XXX")
    with pytest.raises(MoneyError):
        Money(1, "RUB") + Money(1, "USD")


@pytest.mark.parametrize(("total", "count"), [(100_000, 3), (1, 3), (9_999_999, 7), (0, 1), (12, 12)])
def test_an_even_split_adds_up_with_the_remainder_on_the_last(total, count):
    parts = even_split(total, count)
    assert sum(parts) == total and len(parts) == count
    assert len(set(parts[:-1])) <= 1 and parts[-1] >= parts[0]


def test_a_monthly_schedule_keeps_the_day_or_the_months_last():
    assert monthly_schedule(100_000, 3, date(2026, 12, 31)) == [
        (date(2026, 12, 31), 33_333), (date(2027, 1, 31), 33_333), (date(2027, 2, 28), 33_334)]


def test_a_schedule_that_does_not_add_up_names_the_difference():
    with pytest.raises(ScheduleError) as less:
        check_schedule(10_000_000, [3_000_000, 3_000_000], "RUB")
    assert less.value.difference_minor == -4_000_000 and "₽40,000.00 less" in str(less.value)
    with pytest.raises(ScheduleError) as more:
        check_schedule(100, [60, 50])
    assert more.value.difference_minor == 10 and "₽0.10 more" in str(more.value)
    with pytest.raises(ScheduleError):
        check_schedule(100, [100, 0])
    check_schedule(100, [40, 60])


def test_allocation_pays_the_oldest_first_and_keeps_the_rest_as_credit():
    open_ones = [OpenInstalment(3, date(2026, 12, 1), 1000), OpenInstalment(1, date(2026, 10, 1), 1000, 600),
                 OpenInstalment(2, date(2026, 11, 1), 1000)]
    assert allocate(900, open_ones).parts == ((1, 400), (2, 500))
    assert allocate(900, open_ones).credit_minor == 0
    everything = allocate(3000, open_ones)
    assert everything.parts == ((1, 400), (2, 1000), (3, 1000)) and everything.credit_minor == 600
    assert allocate(50, []).credit_minor == 50


@pytest.mark.parametrize(("due", "bucket"), [
    (date(2026, 12, 20), "not_due"), (date(2026, 12, 31), "not_due"), (date(2026, 12, 19), "1_30"),
    (date(2026, 11, 20), "1_30"), (date(2026, 11, 19), "31_60"), (date(2026, 10, 21), "31_60"),
    (date(2026, 10, 20), "61_90"), (date(2026, 9, 21), "61_90"), (date(2026, 9, 20), "over_90"),
])
def test_aging_buckets_by_days_late(due, bucket):
    assert aging_bucket(due, date(2026, 12, 20)) == bucket


def test_aging_sums_what_is_still_owed():
    on = date(2026, 12, 20)
    owed = [OpenInstalment(1, date(2026, 12, 25), 500), OpenInstalment(2, date(2026, 12, 1), 500, 200),
            OpenInstalment(3, date(2026, 8, 1), 700), OpenInstalment(4, date(2026, 8, 2), 700, 700)]
    assert aging(owed, on) == {"not_due": 500, "1_30": 300, "31_60": 0, "61_90": 0, "over_90": 700}
