"""A promise to pay, logged for a client's open instalment: who may, for which day and instalment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.services.promises import log_promise
from salescockpit.store.money_tables import Instalment, PromiseToPay
from tests.conftest import TEST_NOW


def instalments_of(fetch, contract_id):
    return fetch(Instalment, Instalment.contract_id == contract_id)


def test_the_manager_logs_a_promise_and_it_is_audited(money_ctx, book, anna, fetch, audit):
    first = instalments_of(fetch, book["c041"])[0]
    promise_id = log_promise(money_ctx, anna, book["romashka"], first.id, date(2026, 11, 27), Decimal("15000.50"))
    [promise] = fetch(PromiseToPay, PromiseToPay.id == promise_id)
    assert (promise.client_id, promise.instalment_id, promise.amount_minor, promise.due_date, promise.status) == (
        book["romashka"], first.id, 15_000_50, date(2026, 11, 27), "open")
    assert promise.created_at == TEST_NOW and promise.created_by_id == anna.id
    [(action, _field, _old, new, user_id)] = audit("client", book["romashka"])[-1:]
    assert action == "promise.log" and "15000.50 RUB" in new and user_id == anna.id


def test_another_manager_may_not_and_the_head_may(money_ctx, book, boris, head, fetch):
    first = instalments_of(fetch, book["c041"])[0]
    with pytest.raises(PermissionDenied):
        log_promise(money_ctx, boris, book["romashka"], first.id, date(2026, 11, 27), Decimal("1"))
    assert log_promise(money_ctx, head, book["romashka"], first.id, date(2026, 11, 27), Decimal("1")) > 0


def test_refused_a_past_day_another_clients_instalment_or_a_bad_amount(money_ctx, book, anna, fetch):
    first = instalments_of(fetch, book["c041"])[0]
    other = instalments_of(fetch, book["c050"])[0]
    cases = [
        (first.id, date(2026, 11, 22), Decimal("10"), "due_date"),
        (other.id, date(2026, 11, 27), Decimal("10"), "instalment_id"),
        (first.id, date(2026, 11, 27), Decimal("0"), "amount"),
        (first.id, date(2026, 11, 27), Decimal("1.001"), "amount"),
    ]
    for instalment_id, day, amount, field in cases:
        with pytest.raises(InvalidInput) as refused:
            log_promise(money_ctx, anna, book["romashka"], instalment_id, day, amount)
        assert refused.value.field == field
    assert fetch(PromiseToPay) == []
