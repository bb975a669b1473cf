"""Cells of another CRM's export as values: dates in the team's timezone, money with its currency.

Pure parsing, no database. Each reader returns None for a blank cell and raises `ValueProblem`
(with a translated reason) for a cell it cannot read, so the row can be reported with its line.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from salescockpit.i18n import _

#: Date layouts the CRMs write (Bitrix24 and amoCRM: dd.mm.yyyy hh:mm[:ss]; XLSX cells read back as ISO).
DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d.%m.%y %H:%M", "%d.%m.%y",
                "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
                "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y")
#: Excel's day zero (serial dates count days from it, the fraction is the time of day).
EXCEL_EPOCH = datetime(1899, 12, 30)
#: The years a CRM's date may fall in (anything else is a misread cell).
YEARS = (1990, 2200)
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")

#: Currency names and signs as exports write them (folded: casefolded, no dots), by ISO code.
CURRENCIES: dict[str, tuple[str, ...]] = {
    "RUB": ("российский рубль", "рубль", "рубли", "рублей", "руб", "р", "rub", "rur", "₽"),
    "USD": ("доллар сша", "доллар", "доллары", "usd", "$", "us dollar"),
    "EUR": ("евро", "eur", "€", "euro"),
    "KZT": ("казахстанский тенге", "тенге", "kzt", "₸"),
    "BYN": ("белорусский рубль", "byn"),
    "UAH": ("гривна", "украинская гривна", "uah", "₴"),
}
_CURRENCY_WORDS = {word: code for code, words in CURRENCIES.items() for word in words}
_SIGN = re.compile(r"(российский рубль|руб\.?|р\.|₽|rub|rur|usd|eur|kzt|byn|uah|\$|€|₸|₴)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")


class ValueProblem(Exception):
    """A cell that cannot be read; ``reason`` says why (translated)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_moment(text: str, tz: ZoneInfo) -> datetime | None:
    """A date (and time) as the CRMs write it, read as wall time in ``tz``, as aware UTC; blank -> None.

    An Excel serial date ("45962.5") counts too, for a date cell saved as a plain number.
    """
    text = text.strip()
    if not text:
        return None
    local: datetime | None = None
    if _EXCEL_SERIAL.match(text):
        local = EXCEL_EPOCH + timedelta(seconds=round(float(text.replace(",", ".")) * 86400))
    for layout in DATE_FORMATS if local is None else ():
        try:
            local = datetime.strptime(text, layout)
            break
        except ValueError:
            continue
    if local is None or not YEARS[0] <= local.year <= YEARS[1]:
        raise ValueProblem(_("{value!r} is not a date (dd.mm.yyyy hh:mm).").format(value=text))
    return local.replace(tzinfo=tz).astimezone(timezone.utc)


def currency_code(text: str) -> str | None:
    """"Российский рубль", "RUB", "₽" -> "RUB"; any three-letter code as it is; blank -> None."""
    folded = text.strip().casefold().replace(".", "").replace("ё", "е")
    if not folded:
        return None
    if folded in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[folded]
    if re.fullmatch(r"[a-z]{3}", folded):
        return folded.upper()
    raise ValueProblem(_("Unknown currency {value!r}.").format(value=text.strip()))


def parse_money(text: str) -> tuple[Decimal | None, str | None]:
    """"150 000", "1 500,50 ₽", "$1,234.5" -> (exact amount, currency code of a sign or None); blank -> (None, None)."""
    signs = _SIGN.findall(text)
    currency = currency_code(signs[0]) if signs else None
    compact = _SPACES.sub("", _SIGN.sub("", text))
    if not compact:
        return None, currency
    if not _NUMBER.match(compact):
        raise ValueProblem(_("{value!r} is not an amount.").format(value=text.strip()))
    separators = [char for char in compact if char in ",."]
    if separators:
        last = max(compact.rfind(","), compact.rfind("."))
        decimals = len(compact) - last - 1
        if compact.count(compact[last]) > 1 or (len(separators) == 1 and decimals == 3):
            compact = compact.replace(",", "").replace(".", "")  # "150,000", "1.234.567": thousands
        else:
            compact = compact[:last].replace(",", "").replace(".", "") + "." + compact[last + 1:]
    try:
        return Decimal(compact), currency
    except InvalidOperation:
        raise ValueProblem(_("{value!r} is not an amount.").format(value=text.strip())) from None
