"""Dates, times, numbers and money as the active language writes them.

`strftime` speaks the C locale only ("Tue 24 Nov"); these follow `i18n.language()`:
pendulum's locales for weekday and month names ("вт 24 нояб."), babel's for digit grouping
and decimal marks ("1 234,5"). English output keeps the shapes the screens always had.
Relative spans ("in 3 h", "2 days ago") live in `domain.timeinput` with ngettext.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal

from .i18n import language


def _pendulum(moment: datetime | date, tz: tzinfo | None = None):
    import pendulum  # on first use: the cockpit's first frame does not wait for it (13 ms)

    if isinstance(moment, datetime):
        if tz is not None:
            moment = moment.astimezone(tz)
        return pendulum.instance(moment)
    return pendulum.date(moment.year, moment.month, moment.day)


def _format(moment: datetime | date, pattern: str, tz: tzinfo | None = None, padded: bool = True) -> str:
    if not padded:  # "Tue 1 Dec": the day without its leading zero
        pattern = pattern.replace("DD", "D")
    return _pendulum(moment, tz).format(pattern, locale=language())


def day_month(moment: datetime | date, tz: tzinfo | None = None) -> str:
    """'24 Nov' / '24 нояб.'"""
    return _format(moment, "DD MMM", tz)


def weekday_day_month(moment: datetime | date, tz: tzinfo | None = None, *, padded: bool = True) -> str:
    """'Tue 24 Nov' / 'вт 24 нояб.'; 'Tue 1 Dec' rather than 'Tue 01 Dec' when not ``padded``."""
    return _format(moment, "ddd DD MMM", tz, padded)


def full_day(moment: datetime | date, tz: tzinfo | None = None, *, padded: bool = True) -> str:
    """'Tue 24 Nov 2026' / 'вт 24 нояб. 2026'; 'Mon 4 Jan 2027' when not ``padded``."""
    return _format(moment, "ddd DD MMM YYYY", tz, padded)


def day_month_time(moment: datetime, tz: tzinfo | None = None) -> str:
    """'24 Nov 10:00' / '24 нояб. 10:00'"""
    return _format(moment, "DD MMM HH:mm", tz)


def weekday_day_month_time(moment: datetime, tz: tzinfo | None = None) -> str:
    """'Tue 24 Nov 10:00' / 'вт 24 нояб. 10:00'"""
    return _format(moment, "ddd DD MMM HH:mm", tz)


def full_day_time(moment: datetime, tz: tzinfo | None = None) -> str:
    """'Tue 24 Nov 2026 10:00' / 'вт 24 нояб. 2026 10:00'"""
    return _format(moment, "ddd DD MMM YYYY HH:mm", tz)


def weekday_name(moment: datetime | date, tz: tzinfo | None = None) -> str:
    """The short weekday alone: 'Tue' / 'вт' (for layouts of their own, such as aligned columns)."""
    return _format(moment, "ddd", tz)


def month_name(moment: datetime | date, tz: tzinfo | None = None) -> str:
    """The short month as written after a day: 'Nov' / 'нояб.' (Russian uses the genitive: 'мая')."""
    return _format(moment, "MMM", tz)


def number(value: int | float | Decimal, digits: int | None = None) -> str:
    """A count or amount with the language's grouping: '12,345' / '12 345'; ``digits`` after the mark."""
    from babel.numbers import format_decimal

    pattern = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=language())


def percent(share: float, digits: int = 0) -> str:
    """A share 0..1 as a percentage: '34%' / '34 %'."""
    from babel.numbers import format_percent

    pattern = "#,##0%" if not digits else "#,##0." + "0" * digits + "%"
    return format_percent(share, format=pattern, locale=language())


#: The sign a language without its own symbol for a currency still writes ('₽12,345.67', not 'RUB12,345.67').
NARROW_SIGNS = {"RUB": "₽"}


def money(amount: int | float | Decimal, currency: str = "RUB") -> str:
    """An amount of money: '₽150,000.00' / '150 000,00 ₽'."""
    from babel.numbers import format_currency

    text = format_currency(amount, currency, locale=language())
    sign = NARROW_SIGNS.get(currency)
    if sign and currency in text:
        text = text.replace(currency + "\xa0", sign).replace(currency, sign)
    return text


def compact_number(value: int | None) -> str:
    """A short amount for a narrow column: '120', '12.5k', '1.2M' / '12,5 тыс.', '1,2 млн'; None is a dash."""
    if value is None:
        return "—"
    if language() != "en":
        from babel.numbers import format_compact_decimal

        return format_compact_decimal(value, locale=language(), fraction_digits=1)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value < 1000:
        return f"{sign}{value}"
    for divisor, suffix in ((10**3, "k"), (10**6, "M"), (10**9, "B")):
        scaled = value / divisor
        text = f"{scaled:.1f}" if scaled < 99.95 else f"{scaled:.0f}"
        if float(text) < 1000 or suffix == "B":
            return f"{sign}{text.removesuffix('.0')}{suffix}"
    return f"{sign}{value}"
