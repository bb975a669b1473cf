"""An over-payment stays as the client's credit and pays later instalments, oldest first, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salescockpit.services.contracts import ContractDraft, create_contract
from salescockpit.services.payments import HandPayment, record_payment
from salescockpit.services.reminders import run_reminders
from salescockpit.store.client_task_tables import ClientTask
from salescockpit.store.money_tables import Instalment, Payment, PaymentAllocation


def paid(fetch, contract_id):
    return [(i.due_date, i.paid_minor) for i in fetch(Instalment, Instalment.contract_id == contract_id)]


def test_a_new_contract_is_paid_from_the_credit_first(money_ctx, book, head, anna, fetch, audit):
    payment_id = record_payment(money_ctx, head, HandPayment(book["c041"], date(2026, 11, 20), Decimal("100000"), "п/п 1"))
    [payment] = fetch(Payment, Payment.id == payment_id)
    assert payment.credit_minor == 10_000_00
    contract_id = create_contract(money_ctx, anna, ContractDraft(
        "2026-042", book["romashka"], date(2026, 11, 23), Decimal("25000"),
        [(date(2027, 1, 20), Decimal("20000")), (date(2026, 12, 20), Decimal("5000"))]))
    assert paid(fetch, contract_id) == [(date(2026, 12, 20), 5_000_00), (date(2027, 1, 20), 5_000_00)]
    [payment] = fetch(Payment, Payment.id == payment_id)
    assert payment.credit_minor == 0
    parts = fetch(PaymentAllocation, PaymentAllocation.payment_id == payment_id)
    assert sum(part.amount_minor for part in parts) == 100_000_00
    assert ("credit.apply", "credit_minor", "1000000", "0", anna.id) in audit("payment", payment_id)
    assert audit("client", book["romashka"])[-1][0] == "credit.apply"


def test_credit_pays_an_instalment_of_another_contract_once_it_falls_due(money_ctx, book, head, fetch, audit):
    # Лютик over-pays Л-50/26 (10 000) by 2 000; Л-51/26 has 12 500,25 due 1 Nov and 12 500,25 due 1 Dec.
    payment_id = record_payment(money_ctx, head, HandPayment(book["c050"], date(2026, 11, 20), Decimal("12000"), "п/п 2"))
    assert paid(fetch, book["c051"]) == [(date(2026, 11, 1), 0), (date(2026, 12, 1), 0)]
    run = run_reminders(money_ctx, head, date(2026, 11, 23))
    assert run.credit_applied_minor == 2_000_00
    assert paid(fetch, book["c051"]) == [(date(2026, 11, 1), 2_000_00), (date(2026, 12, 1), 0)]  # 1 Dec not yet due
    [payment] = fetch(Payment, Payment.id == payment_id)
    assert payment.credit_minor == 0
    [item] = fetch(Instalment, Instalment.contract_id == book["c051"], Instalment.due_date == date(2026, 11, 1))
    assert ("credit.apply", "paid_minor", "0", "200000", head.id) in audit("instalment", item.id)
    assert len(fetch(ClientTask, ClientTask.instalment_id == item.id)) == 1  # still owed 10 500,25: the ladder goes on
