"""A bank's CSV (or XLSX) export of a statement, read into the same `Statement` as the 1C format.

Columns are found by their header (Russian or English names banks use, compared casefolded) or
named with ``--map COLUMN=FIELD`` like the lead import's. Fields: date, number, amount (or
credit and debit: the credit column is money in), payer_inn, payer_name, payer_account,
recipient_inn, recipient_account, purpose, currency, ignore. A row is incoming when its credit
is filled, or (with one amount column) when the recipient is the company; the others count as
outgoing. A fault raises `StatementError` naming the line: nothing is imported then.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal

from salescockpit.domain.money import MoneyError, check_currency, parse_decimal, to_minor
from salescockpit.i18n import _

from .bank_statement import BankDocument, Statement, StatementError, _day
from .tabular import Table

IGNORE = "ignore"
HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("date", "дата", "дата операции", "дата документа", "дата проводки", "value date"),
    "number": ("number", "номер", "номер документа", "№ документа", "№ док", "document number", "№"),
    "amount": ("amount", "сумма", "сумма операции", "сумма в валюте счета"),
    "credit": ("credit", "кредит", "поступление", "приход", "сумма по кредиту"),
    "debit": ("debit", "дебет", "списание", "расход", "сумма по дебету"),
    "payer_inn": ("payer inn", "инн плательщика", "плательщик инн", "инн контрагента", "инн"),
    "payer_name": ("payer", "payer name", "плательщик", "наименование плательщика", "контрагент"),
    "payer_account": ("payer account", "счет плательщика", "счёт плательщика", "счет контрагента"),
    "recipient_inn": ("recipient inn", "инн получателя", "получатель инн"),
    "recipient_account": ("recipient account", "счет получателя", "счёт получателя"),
    "purpose": ("purpose", "назначение", "назначение платежа", "description", "details"),
    "currency": ("currency", "валюта"),
}
REQUIRED = ("date", "number", "purpose")


def parse_bank_map(options: Collection[str]) -> dict[str, str]:
    """``--map COLUMN=FIELD`` options as {column: field}; StatementError(0, ...) for a bad one."""
    mapping: dict[str, str] = {}
    for option in options:
        column, sep, field = option.rpartition("=")
        name = field.strip().casefold()
        if not sep or not column.strip() or (name not in HEADERS and name != IGNORE):
            raise StatementError(0, _("--map {option!r}: give COLUMN=FIELD, FIELD one of {fields} or ignore.").format(
                option=option, fields=", ".join(HEADERS)))
        mapping[column.strip()] = name
    return mapping


def _fold(text: str) -> str:
    return " ".join(text.strip().casefold().replace("ё", "е").split())


def _columns(headers: tuple[str, ...], overrides: Mapping[str, str]) -> dict[str, int]:
    folded = [_fold(name) for name in headers]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for column, field in overrides.items():
        if _fold(column) not in folded:
            raise StatementError(0, _("--map names the column {column!r}, which is not in the file (columns: "
                                      "{columns}).").format(column=column, columns=", ".join(headers)))
        index = folded.index(_fold(column))
        taken.add(index)
        if field != IGNORE:
            found[field] = index
    for index, name in enumerate(folded):
        for field, names in HEADERS.items():
            if index not in taken and field not in found and name in {_fold(n) for n in names}:
                found[field] = index
                taken.add(index)
    missing = [field for field in REQUIRED if field not in found]
    if "amount" not in found and "credit" not in found:
        missing.append("amount")
    if missing:
        raise StatementError(0, _("No {columns} column in the header (columns: {found}); name it with --map "
                                  "COLUMN=FIELD.").format(columns=", ".join(missing), found=", ".join(headers)))
    return found


def _csv_day(text: str, line: int):
    """"05.12.2026", "2026-12-05" or either with a time after it."""
    from datetime import date

    first = text.strip().split(" ")[0].split("T")[0]
    if len(first) == 10 and first[4] == "-":
        try:
            return date.fromisoformat(first)
        except ValueError:
            pass
    return _day(first, line, "date")


def _money(text: str, line: int, currency: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        amount = parse_decimal(text)
        to_minor(amount, currency)
    except MoneyError:
        raise StatementError(line, _("{value!r} is not an amount").format(value=text)) from None
    return amount


def statement_from_table(table: Table, company_inn: str = "", company_accounts: Collection[str] = (),
                         overrides: Mapping[str, str] | None = None, default_currency: str = "RUB") -> Statement:
    """The incoming rows of a bank's table as a `Statement`."""
    columns = _columns(table.headers, overrides or {})
    statement = Statement(encoding=table.encoding or "xlsx")
    for row in table.rows:
        cells = {field: (row.cells[index] if index < len(row.cells) else "").strip() for field, index in columns.items()}
        try:
            currency = check_currency(cells.get("currency") or default_currency)
        except MoneyError as error:
            raise StatementError(row.line, str(error)) from None
        credit, amount = _money(cells.get("credit", ""), row.line, currency), _money(cells.get("amount", ""), row.line, currency)
        recipient_ours = (cells.get("recipient_inn") and cells.get("recipient_inn") == company_inn) or \
            cells.get("recipient_account", "") in set(company_accounts)
        if "credit" in columns:
            incoming, value = credit is not None and credit > 0, credit
        else:
            incoming, value = bool(recipient_ours) and amount is not None and amount > 0, amount
        if not incoming:
            statement.outgoing += 1
            continue
        statement.documents.append(BankDocument(
            line=row.line, kind="csv", number=cells["number"], day=_csv_day(cells["date"], row.line),
            amount=value, payer_inn=cells.get("payer_inn", ""), payer_name=cells.get("payer_name", ""),
            payer_account=cells.get("payer_account", ""), recipient_inn=cells.get("recipient_inn", ""),
            recipient_account=cells.get("recipient_account", ""), purpose=cells["purpose"], currency=currency))
    return statement
