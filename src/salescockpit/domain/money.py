"""Money, pure: amounts in a currency, typed amounts, payment schedules, allocation, aging.

An amount is a `Decimal` in an ISO 4217 currency and is stored as integer *minor units*
(kopecks, cents): `Money.minor`. Nothing here is ever a float. Shown to people through
`l10n.money` (babel: "12 345,67 ₽" in Russian, "₽12,345.67" in English).

- `parse_amount("12 345,67")`, `parse_amount("12,345.67")`: what a person or a bank file types;
  "12,34,5" is refused (a `MoneyError` with the reason).
- `even_split(total, n)` and `monthly_schedule(total, n, first_due)`: n parts that add up to the
  total exactly, the remainder on the last.
- `check_schedule(total, amounts)`: a `ScheduleError` naming the difference when they do not add up.
- `allocate(amount, instalments)`: a payment to the open instalments, oldest due first; what is
  left over is the client's credit.
- `aging_bucket(due, on)` and `aging(...)`: not due / 1-30 / 31-60 / 61-90 / over 90 days late.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from salescockpit.i18n import _

#: Minor units per ISO 4217 currency (the ones a Russian sales team meets; others are refused).
MINOR_UNITS: dict[str, int] = {
    "RUB": 2, "USD": 2, "EUR": 2, "CNY": 2, "KZT": 2, "BYN": 2, "UAH": 2, "GBP": 2, "CHF": 2,
    "TRY": 2, "AED": 2, "UZS": 2, "AMD": 2, "GEL": 2, "KGS": 2, "AZN": 2, "INR": 2, "JPY": 0, "KRW": 0,
}
DEFAULT_CURRENCY = "RUB"


class MoneyError(ValueError):
    """An amount or currency that cannot be taken: the message says why."""


class ScheduleError(MoneyError):
    """A schedule whose instalments do not add up to the total; `difference_minor` = sum - total."""

    def __init__(self, message: str, difference_minor: int) -> None:
        super().__init__(message)
        self.difference_minor = difference_minor


def check_currency(code: str) -> str:
    """The upper-case ISO 4217 code, or a `MoneyError` for one this program does not know."""
    normal = (code or "").strip().upper()
    if normal not in MINOR_UNITS:
        raise MoneyError(_("Unknown currency {code!r}: give an ISO 4217 code such as RUB.").format(code=code))
    return normal


def minor_units(currency: str) -> int:
    return MINOR_UNITS[check_currency(currency)]


def to_minor(amount: Decimal, currency: str) -> int:
    """``amount`` in minor units; a `MoneyError` when it has more decimals than the currency."""
    scaled = amount.scaleb(minor_units(currency))
    if scaled != scaled.to_integral_value():
        raise MoneyError(_("{amount} has more decimals than {currency} allows.").format(
            amount=amount, currency=check_currency(currency)))
    return int(scaled)


def from_minor(minor: int, currency: str) -> Decimal:
    digits = minor_units(currency)
    return Decimal(minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


@dataclass(frozen=True, order=True)
class Money:
    """An exact amount in one currency, held as minor units."""

    minor: int
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", check_currency(self.currency))
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise MoneyError(_("An amount in minor units must be a whole number."))

    @classmethod
    def of(cls, amount: Decimal | str | int, currency: str = DEFAULT_CURRENCY) -> Money:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
        return cls(to_minor(value, currency), currency)

    @property
    def amount(self) -> Decimal:
        return from_minor(self.minor, self.currency)

    def __str__(self) -> str:  # the exact decimal, for JSON and files (people see l10n.money)
        return str(self.amount)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise MoneyError(_("Cannot add {first} and {second}.").format(first=self.currency, second=other.currency))

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN = re.compile(r"^-?\d+([.,]\d+)?$")
_GROUPED_DOT = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")  # 12,345.67
_GROUPED_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 12.345,67


def parse_decimal(text: str) -> Decimal:
    """A typed amount as a Decimal: "12 345,67", "12,345.67", "12.345,67", "12345.67", "1 000".

    Spaces (also no-break and thin ones) group thousands; a lone "," or "." is the decimal mark.
    Anything else ("12,34,5", "1.2.3", "abc", "") is a `MoneyError` with the reason.
    """
    raw = (text or "").strip()
    compact = _SPACES.sub("", raw)
    for symbol in ("₽", "руб.", "руб", "р.", "$", "€"):
        compact = compact.replace(symbol, "")
    if not compact:
        raise MoneyError(_("The amount is empty."))
    if _PLAIN.match(compact):
        number = compact.replace(",", ".")
    elif _GROUPED_DOT.match(compact):
        number = compact.replace(",", "")
    elif _GROUPED_COMMA.match(compact):
        number = compact.replace(".", "").replace(",", ".")
    else:
        raise MoneyError(_("{text!r} is not an amount.").format(text=raw))
    try:
        return Decimal(number)
    except InvalidOperation as error:  # pragma: no cover - the patterns above let only digits through
        raise MoneyError(_("{text!r} is not an amount.").format(text=raw)) from error


def parse_amount(text: str, currency: str = DEFAULT_CURRENCY) -> Money:
    """A typed amount in ``currency``; more decimals than the currency has is an error."""
    return Money.of(parse_decimal(text), currency)


def even_split(total_minor: int, count: int) -> list[int]:
    """``count`` parts of ``total_minor`` that add up exactly: equal, the remainder on the last."""
    if count < 1:
        raise MoneyError(_("A schedule needs at least one instalment."))
    if total_minor < 0:
        raise MoneyError(_("A total cannot be negative."))
    part = total_minor // count
    return [part] * (count - 1) + [total_minor - part * (count - 1)]


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def monthly_schedule(total_minor: int, count: int, first_due: date) -> list[tuple[date, int]]:
    """An even split over ``count`` months: (due date, amount) from ``first_due``, monthly."""
    return [(add_months(first_due, i), part) for i, part in enumerate(even_split(total_minor, count))]


def check_schedule(total_minor: int, amounts: Sequence[int], currency: str = DEFAULT_CURRENCY) -> None:
    """A `ScheduleError` unless the instalments are positive and add up to the total exactly."""
    if not amounts:
        raise ScheduleError(_("A schedule needs at least one instalment."), -total_minor)
    for number, amount in enumerate(amounts, start=1):
        if amount <= 0:
            raise ScheduleError(_("Instalment {number} must be more than zero.").format(number=number), 0)
    difference = sum(amounts) - total_minor
    if difference:
        from salescockpit.l10n import money

        text = (_("The instalments add up to {sum}: {difference} more than the total {total}.")
                if difference > 0 else
                _("The instalments add up to {sum}: {difference} less than the total {total}."))
        raise ScheduleError(text.format(
            sum=money(from_minor(sum(amounts), currency), currency),
            difference=money(from_minor(abs(difference), currency), currency),
            total=money(from_minor(total_minor, currency), currency)), difference)


@dataclass(frozen=True)
class OpenInstalment:
    """What allocation needs of an instalment."""

    id: int
    due_date: date
    amount_minor: int
    paid_minor: int = 0

    @property
    def outstanding_minor(self) -> int:
        return max(self.amount_minor - self.paid_minor, 0)


@dataclass(frozen=True)
class Allocation:
    """A payment spread over instalments: (instalment id, minor units) and the credit left over."""

    parts: tuple[tuple[int, int], ...]
    credit_minor: int


def allocate(amount_minor: int, instalments: Iterable[OpenInstalment]) -> Allocation:
    """``amount_minor`` to the open instalments, oldest due date first (then id); rest = credit."""
    if amount_minor < 0:
        raise MoneyError(_("A payment cannot be negative."))
    left = amount_minor
    parts: list[tuple[int, int]] = []
    for instalment in sorted(instalments, key=lambda i: (i.due_date, i.id)):
        if left == 0:
            break
        take = min(left, instalment.outstanding_minor)
        if take > 0:
            parts.append((instalment.id, take))
            left -= take
    return Allocation(tuple(parts), left)


#: Aging buckets, in order: not yet due, then days late.
AGING_BUCKETS = ("not_due", "1_30", "31_60", "61_90", "over_90")


def aging_bucket(due_date: date, on: date) -> str:
    """The bucket of an unpaid amount due on ``due_date``, seen on ``on`` (due today = not due)."""
    late = (on - due_date).days
    if late <= 0:
        return "not_due"
    if late <= 30:
        return "1_30"
    if late <= 60:
        return "31_60"
    if late <= 90:
        return "61_90"
    return "over_90"


def aging(instalments: Iterable[OpenInstalment], on: date) -> dict[str, int]:
    """Outstanding minor units per bucket (every bucket present, zero when empty)."""
    buckets = dict.fromkeys(AGING_BUCKETS, 0)
    for instalment in instalments:
        if instalment.outstanding_minor:
            buckets[aging_bucket(instalment.due_date, on)] += instalment.outstanding_minor
    return buckets


def document_key(day: date, number: str, payer_inn: str, amount_minor: int) -> str:
    """A bank document's identity (date, number, payer INN, amount) as 64 hex digits."""
    import hashlib

    text = f"{day.isoformat()}|{number.strip()}|{payer_inn.strip()}|{amount_minor}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
