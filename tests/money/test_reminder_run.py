"""The reminder ladder's run: tasks made once per instalment and step, paused, superseded, cancelled."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salescockpit.services.payments import HandPayment, record_payment
from salescockpit.services.promises import log_promise
from salescockpit.services.reminders import run_reminders
from salescockpit.store.client_task_tables import ClientTask
from salescockpit.store.money_tables import Instalment, Payment

MONDAY = date(2026, 11, 23)  # the test clock's day


def open_tasks(fetch):
    return {(t.instalment_id, t.ladder_step): t for t in fetch(ClientTask, ClientTask.status == "open")}


def instalment(fetch, contract_id, index):
    return fetch(Instalment, Instalment.contract_id == contract_id)[index]


def test_the_run_makes_the_latest_step_of_each_instalment_once(money_ctx, book, head, anna, boris, fetch, audit):
    run = run_reminders(money_ctx, head, MONDAY)
    tasks = open_tasks(fetch)
    romashka_oct, romashka_nov, romashka_dec = (instalment(fetch, book["c041"], i) for i in range(3))
    lutik_nov = instalment(fetch, book["c051"], 0)
    # Ромашка: 15 Oct +30 (the head's letter), 15 Nov (a Sunday) +7 falls on Sunday 22nd -> today
    assert tasks[(romashka_oct.id, 30)].manager_id == head.id
    assert tasks[(romashka_nov.id, 7)].manager_id == anna.id
    assert tasks[(romashka_nov.id, 7)].due_date == MONDAY and tasks[(romashka_nov.id, 7)].kind == "reminder"
    assert not any(key[0] == romashka_dec.id for key in tasks)  # -3 is 11 Dec: not yet
    assert tasks[(lutik_nov.id, 15)].manager_id == head.id  # 1 Nov +15 = 16 Nov, the head calls
    assert len(tasks) == 5 and len(run.created) == 5
    assert audit("client_task")[-1][0] == "reminders.run"
    again = run_reminders(money_ctx, head, MONDAY)
    assert not again.changed and len(open_tasks(fetch)) == 5


def test_a_later_step_supersedes_the_open_one_and_a_done_step_is_never_made_again(money_ctx, book, head, fetch):
    run_reminders(money_ctx, head, MONDAY)
    romashka_nov = instalment(fetch, book["c041"], 1)
    run = run_reminders(money_ctx, head, date(2026, 11, 30))  # 15 Nov +15 = 30 Nov
    tasks = open_tasks(fetch)
    assert (romashka_nov.id, 15) in tasks and (romashka_nov.id, 7) not in tasks
    [old] = fetch(ClientTask, ClientTask.instalment_id == romashka_nov.id, ClientTask.ladder_step == 7)
    assert old.status == "cancelled" and old.id in run.superseded


def test_a_promise_not_yet_due_pauses_and_a_payment_cancels(money_ctx, book, head, anna, fetch):
    romashka_nov = instalment(fetch, book["c041"], 1)
    log_promise(money_ctx, anna, book["romashka"], romashka_nov.id, date(2026, 11, 27), Decimal("30000"))
    run_reminders(money_ctx, head, MONDAY)
    assert not any(key[0] == romashka_nov.id for key in open_tasks(fetch))
    lutik_nov = instalment(fetch, book["c051"], 0)
    assert (lutik_nov.id, 15) in open_tasks(fetch)
    record_payment(money_ctx, head, HandPayment(book["c051"], MONDAY, Decimal("12500.25"), "п/п 7"))
    run = run_reminders(money_ctx, head, MONDAY)
    [task] = fetch(ClientTask, ClientTask.instalment_id == lutik_nov.id)
    assert task.status == "cancelled" and task.id in run.finished


def test_a_payment_waiting_to_match_from_the_clients_inn_holds_the_ladder(money_ctx, book, head, fetch):
    with money_ctx.db.write() as session:
        session.add(Payment(paid_on=MONDAY, amount_minor=100, currency="RUB", payer_inn="7712345678",
                            document_key="waiting-1", status="unmatched", recorded_at=money_ctx.clock.now()))
    run_reminders(money_ctx, head, MONDAY)
    romashka = {i.id for i in fetch(Instalment, Instalment.contract_id == book["c041"])}
    assert not any(key[0] in romashka for key in open_tasks(fetch))
