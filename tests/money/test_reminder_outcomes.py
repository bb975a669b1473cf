"""A reminder call's outcome moves the ladder on; a dispute stops it until the head resolves it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from salescockpit.services.errors import InvalidInput, NotFound, PermissionDenied
from salescockpit.services.reminder_outcomes import OutcomeDraft, record_reminder_outcome, resolve_dispute
from salescockpit.services.reminders import run_reminders
from salescockpit.store.client_task_tables import ClientDispute, ClientTask
from salescockpit.store.money_tables import Instalment, PromiseToPay

MONDAY = date(2026, 11, 23)


def task_for(fetch, contract_id, index):
    item = fetch(Instalment, Instalment.contract_id == contract_id)[index]
    [task] = fetch(ClientTask, ClientTask.instalment_id == item.id, ClientTask.status == "open")
    return task


def test_a_promise_outcome_logs_the_promise_and_pauses_the_ladder(money_ctx, book, head, anna, fetch, audit):
    run_reminders(money_ctx, head, MONDAY)
    task = task_for(fetch, book["c041"], 1)
    promise_id = record_reminder_outcome(money_ctx, anna, OutcomeDraft(
        task.id, "promise", promised_amount=Decimal("30000"), promised_for=date(2026, 12, 4)))
    [promise] = fetch(PromiseToPay, PromiseToPay.id == promise_id)
    assert (promise.instalment_id, promise.amount_minor, promise.due_date) == (task.instalment_id, 30_000_00, date(2026, 12, 4))
    [done] = fetch(ClientTask, ClientTask.id == task.id)
    assert (done.status, done.outcome) == ("done", "promise")
    assert ("client_task.done", "outcome", None, "promise", anna.id) in audit("client_task", task.id)
    run_reminders(money_ctx, head, date(2026, 11, 30))  # +15 falls due, but the promise holds until 4 Dec
    assert fetch(ClientTask, ClientTask.instalment_id == task.instalment_id, ClientTask.ladder_step == 15) == []


def test_paid_waits_for_the_money_then_the_ladder_goes_on(money_ctx, book, head, anna, fetch):
    run_reminders(money_ctx, head, MONDAY)
    task = task_for(fetch, book["c041"], 1)
    record_reminder_outcome(money_ctx, anna, OutcomeDraft(task.id, "paid", note="отправили вчера"))
    money_ctx.settings = replace(money_ctx.settings, paid_wait_days=3)
    run_reminders(money_ctx, head, date(2026, 11, 26))
    assert len(fetch(ClientTask, ClientTask.instalment_id == task.instalment_id)) == 1
    run_reminders(money_ctx, head, date(2026, 11, 30))  # the wait is over, no money: +15
    assert [t.ladder_step for t in fetch(ClientTask, ClientTask.instalment_id == task.instalment_id)] == [7, 15]


def test_a_dispute_stops_the_clients_ladder_until_the_head_resolves_it(money_ctx, book, head, anna, fetch, audit):
    run_reminders(money_ctx, head, MONDAY)
    task = task_for(fetch, book["c041"], 1)
    with pytest.raises(InvalidInput):
        record_reminder_outcome(money_ctx, anna, OutcomeDraft(task.id, "dispute"))
    record_reminder_outcome(money_ctx, anna, OutcomeDraft(task.id, "dispute", note="акт не подписан"))
    romashka = fetch(ClientTask, ClientTask.client_id == book["romashka"])
    assert {(t.ladder_step, t.status) for t in romashka} == {(7, "done"), (30, "cancelled")}
    run_reminders(money_ctx, head, date(2026, 11, 30))
    assert len(fetch(ClientTask, ClientTask.client_id == book["romashka"])) == 2  # stopped
    with pytest.raises(PermissionDenied):
        resolve_dispute(money_ctx, anna, book["romashka"], "подписали")
    dispute_id = resolve_dispute(money_ctx, head, book["romashka"], "акт подписан, ждём оплату")
    [dispute] = fetch(ClientDispute, ClientDispute.id == dispute_id)
    assert dispute.resolved_by_id == head.id and dispute.resolution_note == "акт подписан, ждём оплату"
    assert audit("client_dispute", dispute_id)[-1][:2] == ("dispute.resolve", "resolution_note")
    with pytest.raises(NotFound):
        resolve_dispute(money_ctx, head, book["romashka"], "again")
    run_reminders(money_ctx, head, date(2026, 11, 30))
    steps = {t.ladder_step for t in fetch(ClientTask, ClientTask.client_id == book["romashka"], ClientTask.status == "open")}
    assert steps == {15}  # the 15 Nov instalment's +15; 15 Oct's +30 was made once already


def test_another_manager_may_not_close_the_task_nor_close_it_twice(money_ctx, book, head, anna, boris, fetch):
    run_reminders(money_ctx, head, MONDAY)
    task = task_for(fetch, book["c041"], 1)
    with pytest.raises(PermissionDenied):
        record_reminder_outcome(money_ctx, boris, OutcomeDraft(task.id, "refused"))
    record_reminder_outcome(money_ctx, anna, OutcomeDraft(task.id, "wrong_contact"))
    with pytest.raises(InvalidInput):
        record_reminder_outcome(money_ctx, anna, OutcomeDraft(task.id, "refused"))
