"""The reminder ladder on screen: the manager's reminder call in the queue with the debt in front of
them, its outcome chosen in the call form (saved with the call), and the head resolving a dispute."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from textual.widgets import DataTable, Input, Static

from salescockpit.store.client_task_tables import ClientDispute, ClientTask
from salescockpit.store.money_tables import Client, PromiseToPay
from salescockpit.store.tables import Call, User
from salescockpit.tui.modals.log_call import LogCallForm
from tests.tui.conftest import wait_ready
from tests.tui.test_log_call import choose, settle, type_into


def _manager_task(open_db):
    """(login, client name, lead id, task id) of an open manager-step reminder due today, of a client with a lead."""
    with open_db.read() as session:
        return session.execute(
            select(User.login, Client.name, Client.lead_id, ClientTask.id)
            .join(Client, Client.id == ClientTask.client_id).join(User, User.id == ClientTask.manager_id)
            .where(ClientTask.status == "open", ClientTask.kind == "reminder", User.role == "manager",
                   Client.lead_id.is_not(None), ClientTask.due_date <= date(2026, 11, 23))
            .order_by(ClientTask.id)).first()


async def _open_as_first_manager_with_a_task(make_app, open_db):
    """The head's cockpit opens first (it runs the ladder), then the manager's."""
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
    return _manager_task(open_db)


def _cells(app) -> list[list[str]]:
    table = app.screen.query_one("#queue-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_the_manager_sees_the_reminder_call_with_the_debt_in_the_queue(make_app, open_db):
    login, client_name, _lead_id, _task_id = await _open_as_first_manager_with_a_task(make_app, open_db)
    app = make_app(login)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        rows = [row for row in _cells(app) if row[0] == client_name]
        assert rows, _cells(app)[:5]
        assert rows[0][2] == "client" and "₽" in rows[0][3] and "step " in rows[0][4]
        table = app.screen.query_one("#queue-table", DataTable)
        table.move_cursor(row=[row[0] for row in _cells(app)].index(client_name))
        await pilot.pause()
        line = str(app.screen.query_one("#queue-reasons", Static).render())
        assert "call by the manager: instalment due" in line and "owed ₽" in line  # the debt in front of the caller
        others = {row[0] for row in _cells(app) if row[2] == "client"}
        with open_db.read() as session:  # only the clients of this manager's own tasks
            own = set(session.scalars(select(Client.name).join(ClientTask, ClientTask.client_id == Client.id)
                                      .join(User, User.id == ClientTask.manager_id)
                                      .where(User.login == login, ClientTask.status == "open")))
        assert others <= own


async def test_the_manager_logs_the_reminder_call_with_its_outcome(make_app, open_db):
    login, client_name, lead_id, task_id = await _open_as_first_manager_with_a_task(make_app, open_db)
    app = make_app(login)
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_ready(pilot)
        table = app.screen.query_one("#queue-table", DataTable)
        index = next(i for i, row in enumerate(_cells(app)) if row[0] == client_name)
        table.move_cursor(row=index)
        await pilot.pause()
        await pilot.press("enter")  # the client's lead card
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogCallForm), [str(n.message) for n in app._notifications]
        debt = str(form.query_one("#reminder-debt", Static).render())
        assert client_name in debt and "owes ₽" in debt and "Reminder" in debt
        await choose(pilot, "#outcome", "Reached")
        await type_into(pilot, "#duration", "3")
        await type_into(pilot, "#no-next-step", "waiting for the money")
        await choose(pilot, "#reminder-outcome", "promise")
        assert form.query_one("#promise-amount", Input).display
        await type_into(pilot, "#promise-amount", "5000")
        await type_into(pilot, "#promise-day", "2026-11-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogCallForm)
    with open_db.read() as session:
        task = session.get(ClientTask, task_id)
        call = session.get(Call, task.call_id)
        promise = session.scalars(select(PromiseToPay).where(PromiseToPay.call_id == call.id)).one()
    assert (task.status, task.outcome, call.lead_id) == ("done", "promise", lead_id)
    assert (promise.amount_minor, promise.due_date, promise.instalment_id) == (5000_00, date(2026, 11, 30), task.instalment_id)


async def test_the_head_resolves_a_dispute_from_the_queue_with_a_note(make_app, open_db, clock):
    login, client_name, _lead_id, task_id = await _open_as_first_manager_with_a_task(make_app, open_db)
    with open_db.write() as session:  # the manager's call: "we dispute the act"
        task = session.get(ClientTask, task_id)
        task.status, task.outcome = "done", "dispute"
        session.add(ClientDispute(client_id=task.client_id, instalment_id=task.instalment_id, task_id=task.id,
                                  note="акт не подписан", opened_at=clock.now()))
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        rows = _cells(app)
        index = next(i for i, row in enumerate(rows) if row[0] == client_name)
        assert "dispute: акт не подписан" in rows[index][4]
        assert index == 0  # a dispute is the worst there is
        await pilot.press("o")  # a verdict is a lead's: nothing happens on a client row
        await pilot.pause()
        assert str(app.screen.query_one("#queue-progress", Static).render()).startswith("today 0 / ")  # no verdict
        assert app.screen.rows[0].name == client_name
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"подписали акт", "enter")
        await settle(pilot)
        await wait_ready(pilot)
        assert any("resolved" in str(note.message) for note in app._notifications)
        assert client_name not in [row[0] for row in _cells(app)][:1] or "dispute" not in _cells(app)[0][4]
    with open_db.read() as session:
        dispute = session.scalars(select(ClientDispute)).one()
    assert dispute.resolution_note == "подписали акт" and dispute.resolved_at is not None
