"""Reading a bank statement in the 1CClientBankExchange text format: pure parsing, no database.

The format every Russian bank's client exports::

    1CClientBankExchange
    ВерсияФормата=1.03
    Кодировка=Windows                 (Windows-1251; "DOS" is cp866; UTF-8 with or without BOM occurs)
    РасчСчет=40702810900000000001     (one or several)
    СекцияРасчСчет ... КонецРасчСчет  (balances: read past)
    СекцияДокумент=Платежное поручение
    Номер=15
    Дата=05.12.2026
    Сумма=12345.67
    ПлательщикИНН=7712345678 ...
    НазначениеПлатежа=Оплата по договору № 2026-041
    КонецДокумента
    КонецФайла

Lines end in CRLF or LF. A document is *incoming* when its recipient INN or account is the
company's own (the configured ones and the file's `РасчСчет`); the others are the company's own
payments, counted and skipped. Any fault (a missing `КонецДокумента`, an amount like "12,34,5",
a date not on the calendar) raises `StatementError` naming the line: nothing is imported then.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from salescockpit.domain.money import MoneyError, document_key, parse_decimal, to_minor
from salescockpit.i18n import _

HEADER = "1CClientBankExchange"
_ENCODING_KEY = "Кодировка="
_ENCODINGS = {"windows": "cp1251", "dos": "cp866", "utf-8": "utf-8", "utf8": "utf-8"}


class StatementError(ValueError):
    """The statement cannot be imported; `line` is 1-based (0 = the file as a whole)."""

    def __init__(self, line: int, reason: str) -> None:
        text = _("Line {line}: {reason}").format(line=line, reason=reason) if line else reason
        super().__init__(text)
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class BankDocument:
    """One payment document of the statement, as the bank wrote it (amount in RUB)."""

    line: int
    kind: str
    number: str
    day: date
    amount: Decimal
    payer_inn: str
    payer_name: str
    payer_account: str
    recipient_inn: str
    recipient_account: str
    purpose: str
    currency: str = "RUB"

    @property
    def amount_minor(self) -> int:
        return to_minor(self.amount, self.currency)

    @property
    def key(self) -> str:
        """The document's identity: date, number, payer INN and amount (a re-import is skipped)."""
        return document_key(self.day, self.number, self.payer_inn, self.amount_minor)


@dataclass
class Statement:
    """The incoming documents, how many outgoing ones were skipped, the file's accounts."""

    documents: list[BankDocument] = field(default_factory=list)
    outgoing: int = 0
    accounts: tuple[str, ...] = ()
    encoding: str = ""


def decode_statement(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM) when it decodes, else what `Кодировка` says."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1251", "cp866"):
        key = _ENCODING_KEY.encode(encoding)
        start = data.find(key)
        if start >= 0:
            value = data[start + len(key):].split(b"\n", 1)[0].strip().decode("ascii", "replace").casefold()
            chosen = _ENCODINGS.get(value)
            if chosen is None:
                raise StatementError(data[:start].count(b"\n") + 1,
                                     _("unknown encoding {value!r} (Windows or DOS)").format(value=value))
            return data.decode(chosen, errors="replace"), chosen
    return data.decode("cp1251", errors="replace"), "cp1251"


_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _day(text: str, line: int, key: str) -> date:
    found = _DAY.match(text.strip())
    try:
        if found is None:
            raise ValueError(text)
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        raise StatementError(line, _("{key}: {value!r} is not a date on the calendar (DD.MM.YYYY)").format(
            key=key, value=text)) from None


def _amount(text: str, line: int) -> Decimal:
    try:
        amount = parse_decimal(text)
        to_minor(amount, "RUB")
    except MoneyError:
        raise StatementError(line, _("Сумма: {value!r} is not an amount").format(value=text)) from None
    if amount <= 0:
        raise StatementError(line, _("Сумма: {value!r} must be more than zero").format(value=text))
    return amount


def _payer_name(fields: dict[str, str]) -> str:
    name = fields.get("Плательщик1") or fields.get("Плательщик", "")
    if name.startswith("ИНН "):  # "ИНН 7712345678 ООО Ромашка"
        name = name.split(" ", 2)[2] if name.count(" ") >= 2 else ""
    return name.strip()


def _document(kind: str, start: int, fields: dict[str, str], lines: dict[str, int]) -> BankDocument:
    for required in ("Номер", "Дата", "Сумма"):
        if not fields.get(required, "").strip():
            raise StatementError(start, _("the document has no {key}").format(key=required))
    purpose = " ".join(fields[key] for key in sorted(fields) if key.startswith("НазначениеПлатежа") and fields[key])
    received = fields.get("ДатаПоступило", "").strip()
    day = _day(received, lines["ДатаПоступило"], "ДатаПоступило") if received else None
    written = _day(fields["Дата"], lines["Дата"], "Дата")
    return BankDocument(
        line=start, kind=kind, number=fields["Номер"].strip(), day=day or written,
        amount=_amount(fields["Сумма"], lines["Сумма"]),
        payer_inn=fields.get("ПлательщикИНН", "").strip(), payer_name=_payer_name(fields),
        payer_account=fields.get("ПлательщикСчет", fields.get("ПлательщикРасчСчет", "")).strip(),
        recipient_inn=fields.get("ПолучательИНН", "").strip(),
        recipient_account=fields.get("ПолучательСчет", fields.get("ПолучательРасчСчет", "")).strip(),
        purpose=purpose.strip(),
    )


def parse_statement(text: str, company_inn: str = "", company_accounts: Collection[str] = ()) -> Statement:
    """The incoming documents of a statement's text; `StatementError` names the first fault's line."""
    lines = text.splitlines()
    first = next((number for number, raw in enumerate(lines) if raw.strip()), None)
    if first is None or lines[first].strip().lstrip("\ufeff") != HEADER:
        raise StatementError(first + 1 if first is not None else 0,
                             _("not a 1CClientBankExchange file (its first line must be {header})").format(header=HEADER))
    accounts: list[str] = []
    documents: list[BankDocument] = []
    section: str | None = None  # None | "account" | "document"
    kind, start, fields, field_lines = "", 0, {}, {}
    ended = False
    for index in range(first + 1, len(lines)):
        number, raw = index + 1, lines[index].strip()
        if not raw:
            continue
        if ended:
            raise StatementError(number, _("text after КонецФайла"))
        key, sep, value = raw.partition("=")
        if section == "document":
            if raw == "КонецДокумента":
                documents.append(_document(kind, start, fields, field_lines))
                section = None
            elif raw.startswith("СекцияДокумент") or raw in ("КонецФайла", "СекцияРасчСчет"):
                raise StatementError(start, _("the document that starts here has no КонецДокумента"))
            elif sep:
                fields[key.strip()], field_lines[key.strip()] = value.strip(), number
            else:
                raise StatementError(number, _("{text!r} is not a Key=Value line").format(text=raw[:60]))
        elif section == "account":
            if raw == "КонецРасчСчет":
                section = None
            elif not sep:
                raise StatementError(number, _("{text!r} is not a Key=Value line").format(text=raw[:60]))
        elif raw == "СекцияРасчСчет":
            section = "account"
        elif key == "СекцияДокумент":
            section, kind, start, fields, field_lines = "document", value.strip(), number, {}, {}
        elif raw == "КонецФайла":
            ended = True
        elif sep:
            if key == "РасчСчет" and value.strip():
                accounts.append(value.strip())
        else:
            raise StatementError(number, _("{text!r} is not a Key=Value line").format(text=raw[:60]))
    if section == "document":
        raise StatementError(start, _("the document that starts here has no КонецДокумента"))
    if section == "account":
        raise StatementError(len(lines), _("the balance section has no КонецРасчСчет"))
    if not ended:
        raise StatementError(len(lines), _("the file ends without КонецФайла (cut short?)"))
    own_accounts = set(company_accounts) | set(accounts)
    if not company_inn and not own_accounts:
        raise StatementError(0, _("The file names no account of its own (РасчСчет) and the config has no [company] "
                                  "inn or bank_accounts: incoming payments cannot be told from outgoing ones."))
    statement = Statement(accounts=tuple(accounts))
    for document in documents:
        ours = (company_inn and document.recipient_inn == company_inn) or document.recipient_account in own_accounts
        if ours and not (document.payer_account in own_accounts and document.payer_inn == document.recipient_inn):
            statement.documents.append(document)
        else:
            statement.outgoing += 1
    return statement


def read_statement(data: bytes, company_inn: str = "", company_accounts: Collection[str] = ()) -> Statement:
    """`parse_statement` of the file's bytes, decoded as `decode_statement` finds."""
    text, encoding = decode_statement(data)
    statement = parse_statement(text, company_inn, company_accounts)
    statement.encoding = encoding
    return statement
