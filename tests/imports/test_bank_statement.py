"""Reading 1CClientBankExchange statements: encodings, line ends, sections, and faults by line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salescockpit.imports.bank_statement import StatementError, parse_statement, read_statement
from tests.money.statements import (
    COMPANY_ACCOUNT, COMPANY_INN, SECOND_ACCOUNT, document, outgoing, statement, statement_text,
)

PAYMENT = document("15", "05.12.2026", "12345.67", payer_inn="7712345678", purpose="Оплата по договору № 2026-041")


@pytest.mark.parametrize(("encoding", "newline", "found"), [
    ("Windows", "\r\n", "cp1251"), ("DOS", "\r\n", "cp866"), ("UTF-8", "\n", "utf-8"),
    ("UTF-8-BOM", "\r\n", "utf-8-sig"), ("Windows", "\n", "cp1251"),
])
def test_every_encoding_and_line_end_reads_the_same(encoding, newline, found):
    read = read_statement(statement(PAYMENT, encoding=encoding, newline=newline), COMPANY_INN, [COMPANY_ACCOUNT])
    assert read.encoding == found
    assert read.accounts == (COMPANY_ACCOUNT, SECOND_ACCOUNT)
    [payment] = read.documents
    assert (payment.number, payment.day, payment.amount, payment.payer_inn, payment.payer_name, payment.purpose) == (
        "15", date(2026, 12, 5), Decimal("12345.67"), "7712345678", 'ООО "Ромашка"', "Оплата по договору № 2026-041")
    assert payment.line == 19


def test_outgoing_and_own_transfers_are_counted_not_read():
    own_transfer = document("3", "05.12.2026", "100.00", payer_inn=COMPANY_INN, payer_account=COMPANY_ACCOUNT,
                            recipient_account=SECOND_ACCOUNT, purpose="Перевод между своими счетами")
    read = parse_statement(statement_text(PAYMENT, outgoing("2", "05.12.2026", "10.00"), own_transfer), COMPANY_INN)
    assert (len(read.documents), read.outgoing) == (1, 2)


def test_the_files_own_accounts_tell_incoming_without_a_configured_company():
    read = parse_statement(statement_text(PAYMENT))
    assert len(read.documents) == 1 and read.outgoing == 0


def test_the_day_received_is_the_payment_day():
    late = document("4", "30.11.2026", "1.00", payer_inn="7712345678", purpose="x", received="02.12.2026")
    assert parse_statement(statement_text(late)).documents[0].day == date(2026, 12, 2)


def test_the_same_document_has_the_same_identity_and_another_amount_another():
    first = parse_statement(statement_text(PAYMENT)).documents[0]
    again = parse_statement(statement_text(PAYMENT)).documents[0]
    other = parse_statement(statement_text(
        document("15", "05.12.2026", "12345.68", payer_inn="7712345678", purpose="x"))).documents[0]
    assert first.key == again.key != other.key


@pytest.mark.parametrize(("text", "line", "words"), [
    ("Hello\nКонецФайла\n", 1, "not a 1CClientBankExchange file"),
    (statement_text(PAYMENT) + "Номер=1\n", 34, "text after КонецФайла"),
    (statement_text(PAYMENT[:-1]), 19, "no КонецДокумента"),
    (statement_text(PAYMENT[:-1], PAYMENT), 19, "no КонецДокумента"),
    (statement_text(PAYMENT, end=False), 32, "without КонецФайла"),
    (statement_text(document("1", "05.13.2026", "1.00", payer_inn="1", purpose="x")), 21, "'05.13.2026' is not a date"),
    (statement_text(document("1", "05.12.2026", "-5.00", payer_inn="1", purpose="x")), 22, "more than zero"),
    (statement_text(document("1", "05.12.2026", "1.005", payer_inn="1", purpose="x")), 22, "'1.005' is not an amount"),
    (statement_text(document("1", "05.12.2026", "", payer_inn="1", purpose="x")), 19, "has no Сумма"),
    (statement_text(PAYMENT).replace("Номер=15", "Номер 15"), 20, "not a Key=Value line"),
])
def test_a_fault_names_its_line(text, line, words):
    with pytest.raises(StatementError) as raised:
        parse_statement(text, COMPANY_INN)
    assert raised.value.line == line and words in str(raised.value) and f"Line {line}:" in str(raised.value)


def test_an_unknown_encoding_is_named():
    data = statement_text(PAYMENT, encoding_name="KOI8").replace("Оплата", "").encode("cp1251") + "Ж".encode("cp1251")
    with pytest.raises(StatementError, match="unknown encoding 'koi8'"):
        read_statement(data)


def test_without_any_own_account_nothing_is_guessed():
    text = "\n".join(line for line in statement_text(PAYMENT).splitlines() if not line.startswith("РасчСчет="))
    with pytest.raises(StatementError, match=r"\[company\] inn or bank_accounts"):
        parse_statement(text)
    assert len(parse_statement(text, COMPANY_INN).documents) == 1
