"""Importing bank statements: every matching case, in both 1C encodings, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.services.payments import import_statement_file
from salescockpit.store.money_tables import Instalment, Payment, PaymentAllocation
from tests.money.statements import document, outgoing, statement

ROMASHKA, LUTIK, STRANGER = "7712345678", "7723456789", "5000000000"


def _import(ctx, actor, tmp_path, data: bytes, name="statement.txt", **options):
    path = tmp_path / name
    path.write_bytes(data)
    return import_statement_file(ctx, actor, path, **options)


def _paid(fetch, contract_id):
    return [(row.due_date, row.paid_minor) for row in fetch(Instalment, Instalment.contract_id == contract_id)]


def _payments(fetch):
    return [(row.reference, row.status, row.match_reason, row.client_id, row.contract_id, row.credit_minor)
            for row in fetch(Payment)]


@pytest.mark.parametrize("encoding", ["Windows", "DOS"])
def test_every_case_in_one_statement(money_ctx, head, book, fetch, tmp_path, encoding):
    data = statement(
        # 1. the contract's number in the purpose, paying more than the next instalment: oldest first
        document("101", "01.12.2026", "45000.00", payer_inn=STRANGER, purpose="Оплата по договору № 2026-041 за ноябрь"),
        # 2. no number, the INN of a client with one open contract
        document("102", "02.12.2026", "10000.00", payer_inn=ROMASHKA, purpose="Оплата за услуги"),
        # 3. two open contracts: the amount owed by exactly one instalment
        document("103", "03.12.2026", "6000.00", payer_inn=LUTIK, purpose="Оплата по счёту 17"),
        # 4. two open contracts and an amount two instalments owe: ambiguous, waits for the head
        document("104", "03.12.2026", "12500.25", payer_inn=LUTIK, purpose="Оплата по счёту 18"),
        # 5. a payer nobody knows
        document("105", "04.12.2026", "777.00", payer_inn=STRANGER, purpose="Предоплата"),
        # 6. the company's own payment to a supplier: skipped and counted
        outgoing("9", "04.12.2026", "1500.00"),
        encoding=encoding,
    )
    summary = _import(money_ctx, head, tmp_path, data)

    assert (summary.read, summary.imported, summary.outgoing, summary.duplicates) == (6, 5, 1, 0)
    assert summary.matched == {"contract_number": 1, "inn": 1, "amount": 1}
    assert summary.unmatched == 2
    assert _payments(fetch) == [
        ("101", "matched", "contract_number", book["romashka"], book["c041"], 0),
        ("102", "matched", "inn", book["romashka"], book["c041"], 0),
        ("103", "matched", "amount", book["lutik"], book["c050"], 0),
        ("104", "unmatched", None, book["lutik"], None, 0),
        ("105", "unmatched", None, None, None, 0),
    ]
    # 45 000 paid Oct (30 000) and half of Nov; the INN payment then 10 000 more of Nov.
    assert _paid(fetch, book["c041"]) == [(date(2026, 10, 15), 3_000_000), (date(2026, 11, 15), 2_500_000),
                                          (date(2026, 12, 15), 0)]
    # The amount rule paid the instalment that owed exactly 6 000, not the older one owing 4 000.
    assert _paid(fetch, book["c050"]) == [(date(2026, 9, 20), 0), (date(2026, 10, 20), 600_000)]
    assert _paid(fetch, book["c051"]) == [(date(2026, 11, 1), 0), (date(2026, 12, 1), 0)]


def test_over_payment_pays_everything_and_the_rest_is_credit(money_ctx, head, book, fetch, tmp_path):
    data = statement(document("201", "05.12.2026", "100 000,00", payer_inn=ROMASHKA,
                              purpose="Оплата по дог. 2026-041 полностью"), encoding="DOS", newline="\n")
    summary = _import(money_ctx, head, tmp_path, data)
    assert summary.credit_minor == 1_000_000
    assert [paid for _due, paid in _paid(fetch, book["c041"])] == [3_000_000, 3_000_000, 3_000_000]
    [payment] = fetch(Payment)
    assert (payment.match_reason, payment.credit_minor) == ("contract_number", 1_000_000)
    allocations = fetch(PaymentAllocation)
    assert sum(row.amount_minor for row in allocations) + payment.credit_minor == payment.amount_minor
    from salescockpit.store.queries.contracts import client_page

    with money_ctx.db.read() as session:
        credits = {row.name: row.credit_minor for row in client_page(session, viewer=head)}
    assert credits == {"ООО Ромашка": 1_000_000, "ООО Лютик": 0, "ООО Василёк": 0}


def test_the_same_statement_twice_changes_nothing(money_ctx, head, book, fetch, audit, tmp_path):
    data = statement(document("301", "05.12.2026", "30000.00", payer_inn=ROMASHKA, purpose="по договору 2026-041"),
                     document("302", "05.12.2026", "1.00", payer_inn=STRANGER, purpose="?"))
    _import(money_ctx, head, tmp_path, data)
    before = (_payments(fetch), _paid(fetch, book["c041"]), len(fetch(PaymentAllocation)))
    again = _import(money_ctx, head, tmp_path, data, name="again.txt")
    assert (again.imported, again.duplicates) == (0, 2)
    assert (_payments(fetch), _paid(fetch, book["c041"]), len(fetch(PaymentAllocation))) == before


def test_a_number_of_digits_only_needs_a_contract_word_or_sign(money_ctx, head, anna, fetch, tmp_path):
    from decimal import Decimal

    from salescockpit.services.clients import ClientDraft, create_client
    from salescockpit.services.contracts import ContractDraft, create_contract

    client = create_client(money_ctx, anna, ClientDraft("ИП Сидоров", "771234567890"))
    contract = create_contract(money_ctx, anna, ContractDraft("41", client, date(2026, 11, 1), Decimal("500"),
                                                              [(date(2026, 12, 1), Decimal("500"))]))
    data = statement(document("401", "05.12.2026", "500.00", payer_inn=STRANGER, purpose="Оплата 41 штуки"),
                     document("402", "05.12.2026", "500.00", payer_inn=STRANGER, purpose="Оплата по договору №41"))
    _import(money_ctx, head, tmp_path, data)
    assert [(row.reference, row.status, row.contract_id) for row in fetch(Payment)] == [
        ("401", "unmatched", None), ("402", "matched", contract)]


def test_dry_run_counts_but_writes_nothing(money_ctx, head, book, fetch, tmp_path):
    data = statement(document("501", "05.12.2026", "30000.00", payer_inn=ROMASHKA, purpose="x"), outgoing("8", "05.12.2026", "5.00"))
    summary = _import(money_ctx, head, tmp_path, data, dry_run=True)
    assert (summary.imported, summary.matched, summary.outgoing, summary.dry_run) == (1, {"inn": 1}, 1, True)
    assert fetch(Payment) == []
    assert [paid for _due, paid in _paid(fetch, book["c041"])] == [0, 0, 0]


@pytest.mark.parametrize("encoding", ["Windows", "DOS"])
@pytest.mark.parametrize(("broken", "line", "words"), [
    ("no_end_of_document", 19, "КонецДокумента"),
    ("amount", 36, "'12,34,5' is not an amount"),
    ("date", 35, "'31.02.2026' is not a date"),
    ("no_end_of_file", 0, "КонецФайла"),
])
def test_a_malformed_file_imports_nothing_and_names_the_line(money_ctx, head, book, fetch, tmp_path,
                                                             encoding, broken, line, words):
    good = document("601", "05.12.2026", "100.00", payer_inn=ROMASHKA, purpose="по договору 2026-041")
    bad = document("602", "31.02.2026" if broken == "date" else "05.12.2026",
                   "12,34,5" if broken == "amount" else "200.00", payer_inn=ROMASHKA, purpose="x")
    if broken == "no_end_of_document":
        good = good[:-1]
    data = statement(good, bad, encoding=encoding, end=broken != "no_end_of_file")
    with pytest.raises(InvalidInput) as raised:
        _import(money_ctx, head, tmp_path, data)
    message = raised.value.message
    assert words in message
    if line:
        assert f"Line {line}:" in message
    assert fetch(Payment) == []


def test_only_the_head_imports(money_ctx, anna, book, tmp_path):
    with pytest.raises(PermissionDenied):
        _import(money_ctx, anna, tmp_path, statement(document("1", "05.12.2026", "1.00", payer_inn=ROMASHKA, purpose="x")))


def test_a_bank_csv_export_is_matched_the_same_way(money_ctx, head, book, fetch, tmp_path):
    path = tmp_path / "bank.csv"
    path.write_bytes((
        "Дата;Номер документа;Дебет;Кредит;ИНН контрагента;Контрагент;Назначение платежа\n"
        "01.12.2026;71;;45 000,00;5000000000;ООО Другое;Оплата по договору № 2026-041\n"
        "02.12.2026;72;1 500,00;;7800000000;Аренда;Аренда офиса\n"
        "2026-12-03;73;;6000,00;7723456789;ООО Лютик;По счёту 5\n").encode("cp1251"))
    summary = import_statement_file(money_ctx, head, path)
    assert (summary.imported, summary.outgoing, summary.matched) == (2, 1, {"contract_number": 1, "amount": 1})
    assert [(row.reference, row.paid_on, row.contract_id) for row in fetch(Payment)] == [
        ("71", date(2026, 12, 1), book["c041"]), ("73", date(2026, 12, 3), book["c050"])]
    bad = tmp_path / "bad.csv"
    bad.write_text("Дата;Номер;Кредит;Назначение\n01.12.2026;1;12,34,5;x\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"bad.csv: Line 2: '12,34,5' is not an amount"):
        import_statement_file(money_ctx, head, bad)
    unnamed = tmp_path / "unnamed.csv"
    unnamed.write_text("Когда;Сколько;Зачем;Док\n01.12.2026;100;x;1\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="No date, number, purpose, amount column"):
        import_statement_file(money_ctx, head, unnamed)
    mapped = import_statement_file(money_ctx, head, unnamed, dry_run=True, overrides={
        "Когда": "date", "Сколько": "credit", "Зачем": "purpose", "Док": "number"})
    assert (mapped.imported, mapped.unmatched) == (1, 1)
