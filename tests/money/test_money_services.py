"""Clients, contracts, payments by hand, resolving a waiting payment, promises settled by money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import update

from salescockpit.services.clients import ClientDraft, client_from_lead, create_client
from salescockpit.services.contracts import ContractDraft, create_contract
from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.services.payments import HandPayment, import_statement_file, record_payment, resolve_payment
from salescockpit.services.promises import log_promise
from salescockpit.store.money_tables import Client, ClientContact, Contract, Instalment, Payment, PromiseToPay
from salescockpit.store.tables import Lead
from tests.money.statements import document, statement


def test_a_won_lead_becomes_a_client_with_its_contacts_and_manager(money_ctx, head, anna, new_lead, fetch, audit):
    lead_id = new_lead(anna, name="Иван Петров", company="ООО Ромашка", phone="+7 495 123-45-67",
                       email="ivan@romashka.ru")
    with pytest.raises(InvalidInput, match="not won"):
        client_from_lead(money_ctx, anna, lead_id, inn="7712345678")
    with money_ctx.db.write() as session:  # arrange: the lead was won (stage moves have their own tests)
        session.execute(update(Lead).where(Lead.id == lead_id).values(stage=money_ctx.pipeline.won_key))
    client_id = client_from_lead(money_ctx, anna, lead_id, inn="77 1234 5678", kpp="771201001")
    [client] = fetch(Client, Client.id == client_id)
    assert (client.name, client.inn, client.kpp, client.manager_id, client.lead_id) == (
        "ООО Ромашка", "7712345678", "771201001", anna.id, lead_id)
    assert [(c.kind, c.value, c.value_norm) for c in fetch(ClientContact)] == [
        ("phone", "+7 495 123-45-67", "+74951234567"), ("email", "ivan@romashka.ru", "ivan@romashka.ru")]
    assert audit("client", client_id)[0][0] == "client.create"
    with pytest.raises(InvalidInput, match="client already"):
        client_from_lead(money_ctx, head, lead_id, inn="7712345678")


def test_a_manager_cannot_take_another_managers_lead_or_client(money_ctx, anna, boris, new_lead):
    lead_id = new_lead(boris, company="ООО Лютик")
    with pytest.raises(PermissionDenied):
        client_from_lead(money_ctx, anna, lead_id, inn="7712345678")
    client_id = create_client(money_ctx, boris, ClientDraft("ООО Лютик", "7723456789"))
    with pytest.raises(PermissionDenied):
        create_contract(money_ctx, anna, ContractDraft("X-1", client_id, date(2026, 11, 1), Decimal(10),
                                                       [(date(2026, 12, 1), Decimal(10))]))


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"inn": "123"}, "inn", "10 digits"),
    ({"inn": "7712345678", "kpp": "12"}, "kpp", "9 digits"),
    ({"inn": "7712345678", "name": "  "}, "name", "needs a name"),
])
def test_client_errors_name_the_field(money_ctx, anna, fields, field, words):
    draft = ClientDraft(fields.get("name", "ООО Ромашка"), fields["inn"], fields.get("kpp"))
    with pytest.raises(InvalidInput) as raised:
        create_client(money_ctx, anna, draft)
    assert raised.value.field == field and words in raised.value.message


def test_a_schedule_must_add_up_and_numbers_are_unique(money_ctx, anna, book, fetch):
    draft = ContractDraft("2026-099", book["vasilek"], date(2026, 11, 1), Decimal("1000.00"),
                          [(date(2026, 12, 1), Decimal("300")), (date(2027, 1, 1), Decimal("600"))])
    with pytest.raises(InvalidInput) as raised:
        create_contract(money_ctx, anna, draft)
    assert raised.value.field == "instalments" and "₽900.00: ₽100.00 less than the total ₽1,000.00" in raised.value.message
    with pytest.raises(InvalidInput, match="more decimals"):
        create_contract(money_ctx, anna, ContractDraft("2026-099", book["vasilek"], date(2026, 11, 1),
                                                       Decimal("10.001"), [(date(2026, 12, 1), Decimal("10.001"))]))
    with pytest.raises(InvalidInput, match="exists already"):
        create_contract(money_ctx, anna, ContractDraft("2026-041", book["vasilek"], date(2026, 11, 1), Decimal(1),
                                                       [(date(2026, 12, 1), Decimal(1))]))
    assert [row.number for row in fetch(Contract)] == ["2026-041", "Л-50/26", "Л-51/26"]


def test_the_head_records_a_payment_by_hand_oldest_instalment_first(money_ctx, head, anna, book, fetch):
    with pytest.raises(PermissionDenied):
        record_payment(money_ctx, anna, HandPayment(book["c050"], date(2026, 11, 20), Decimal("5000")))
    payment_id = record_payment(money_ctx, head, HandPayment(book["c050"], date(2026, 11, 20), Decimal("5000"),
                                                             "п/п 44"))
    [payment] = fetch(Payment)
    assert (payment.id, payment.status, payment.match_reason, payment.client_id) == (
        payment_id, "matched", "by_hand", book["lutik"])
    assert [row.paid_minor for row in fetch(Instalment, Instalment.contract_id == book["c050"])] == [400_000, 100_000]
    with pytest.raises(InvalidInput, match="recorded already"):
        record_payment(money_ctx, head, HandPayment(book["c050"], date(2026, 11, 20), Decimal("5000"), "п/п 44"))


def test_the_head_resolves_a_waiting_payment_and_it_leaves_the_list(money_ctx, head, anna, book, fetch, tmp_path):
    path = tmp_path / "st.txt"
    path.write_bytes(statement(document("7", "05.12.2026", "12500.25", payer_inn="7723456789", purpose="оплата")))
    import_statement_file(money_ctx, head, path)
    [waiting] = fetch(Payment)
    assert waiting.status == "unmatched"
    with pytest.raises(PermissionDenied):
        resolve_payment(money_ctx, anna, waiting.id, book["c051"])
    resolve_payment(money_ctx, head, waiting.id, book["c051"])
    [payment] = fetch(Payment)
    assert (payment.status, payment.match_reason, payment.contract_id) == ("matched", "by_hand", book["c051"])
    assert [row.paid_minor for row in fetch(Instalment, Instalment.contract_id == book["c051"])] == [1_250_025, 0]
    with pytest.raises(InvalidInput, match="matched already"):
        resolve_payment(money_ctx, head, waiting.id, book["c050"])


def test_a_statement_keeps_a_promise_paid_in_time_and_breaks_one_left_unpaid(money_ctx, head, anna, boris, book,
                                                                             fetch, tmp_path):
    [november, _december] = [row.id for row in fetch(Instalment, Instalment.contract_id == book["c051"])]
    [_oct, nov41, _dec41] = [row.id for row in fetch(Instalment, Instalment.contract_id == book["c041"])]
    kept = log_promise(money_ctx, boris, book["lutik"], november, date(2026, 11, 30), Decimal("12500.25"))
    broken = log_promise(money_ctx, anna, book["romashka"], nov41, date(2026, 11, 28), Decimal("30000"))
    path = tmp_path / "st.txt"
    path.write_bytes(statement(
        document("8", "27.11.2026", "12500.25", payer_inn="7723456789", purpose="по договору Л-51/26"),
        document("9", "01.12.2026", "10.00", payer_inn="5000000000", purpose="?"), encoding="DOS"))
    summary = import_statement_file(money_ctx, head, path)
    assert (summary.promises_kept, summary.promises_broken) == (1, 1)
    statuses = {row.id: row.status for row in fetch(PromiseToPay)}
    assert statuses == {kept: "kept", broken: "broken"}


def test_a_payment_recorded_by_hand_is_not_counted_again_when_the_statement_comes(money_ctx, head, book, fetch,
                                                                                tmp_path):
    record_payment(money_ctx, head, HandPayment(book["c041"], date(2026, 12, 5), Decimal("30000.00"), "115"))
    path = tmp_path / "st.txt"
    path.write_bytes(statement(document("115", "05.12.2026", "30000.00", payer_inn="7712345678",
                                        purpose="по договору 2026-041")))
    summary = import_statement_file(money_ctx, head, path)
    assert (summary.imported, summary.duplicates) == (0, 1)
    assert [row.paid_minor for row in fetch(Instalment, Instalment.contract_id == book["c041"])] == [3_000_000, 0, 0]


def test_numbers_that_differ_only_in_case_match_neither(money_ctx, head, anna, book, fetch, tmp_path):
    create_contract(money_ctx, anna, ContractDraft("2026-ab", book["vasilek"], date(2026, 11, 1), Decimal(5),
                                                   [(date(2026, 12, 1), Decimal(5))]))
    create_contract(money_ctx, anna, ContractDraft("2026-AB", book["vasilek"], date(2026, 11, 1), Decimal(5),
                                                   [(date(2026, 12, 1), Decimal(5))]))
    path = tmp_path / "st.txt"
    path.write_bytes(statement(document("1", "05.12.2026", "5.00", payer_inn="5000000000", purpose="по 2026-Ab")))
    import_statement_file(money_ctx, head, path)
    assert [(row.status, row.contract_id) for row in fetch(Payment)] == [("unmatched", None)]
