"""The Accounts mode on the demo data: clients by money at risk, the card, resolving a payment
to match with a key, a promise to pay from the card, and what a manager sees."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import DataTable, Input, OptionList, Static

from tests.tui.conftest import wait_ready
from tests.tui.test_compliance import settle


async def open_accounts(pilot):
    await wait_ready(pilot)
    await pilot.press("9")
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)
    return pilot.app.screen


def column(screen, table_id: str, index: int) -> list[str]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_clients_by_money_at_risk_with_the_card_of_the_highlighted_one(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_accounts(pilot)
        assert app.current_mode == "accounts" and "Accounts" in app.title
        names, overdue, why = column(screen, "accounts", 0), column(screen, "accounts", 2), column(screen, "accounts", 4)
        assert names and why[0].startswith("overdue ")
        with open_db.read() as session:
            owed = session.execute(text(
                "SELECT c.name, SUM(i.amount_minor - i.paid_minor) FROM clients c"
                " JOIN contracts k ON k.client_id = c.id JOIN instalments i ON i.contract_id = k.id"
                " WHERE i.paid_minor < i.amount_minor AND i.due_date < '2026-11-23' AND NOT EXISTS (SELECT 1"
                " FROM promises_to_pay p WHERE p.instalment_id = i.id AND p.status = 'open'"
                " AND p.due_date >= '2026-11-23')"
                " GROUP BY c.id ORDER BY 2 DESC LIMIT 1")).one()
        assert names[0] == owed[0]  # the most money overdue first (a promise not yet due pauses it)
        assert overdue[0] == "₽" + f"{owed[1] / 100:,.2f}"
        card = shown(screen, "#client-card")
        assert names[0] in card and "Contract №" in card and "overdue" in card
        await pilot.press("down")
        await settle(pilot)
        assert names[1] in shown(screen, "#client-card")


async def test_the_card_shows_the_clients_lifetime_value_and_repeat_purchases(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_accounts(pilot)
        name = column(screen, "accounts", 0)[0]
        card = shown(screen, "#client-card")
    with open_db.read() as session:
        paid, contracts = session.execute(text(
            "SELECT (SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p WHERE p.client_id = c.id"
            " AND p.status = 'matched'), (SELECT COUNT(*) FROM contracts k WHERE k.client_id = c.id)"
            " FROM clients c WHERE c.name = :name"), {"name": name}).one()
    assert f"Lifetime value ₽{paid / 100:,.2f} · repeat purchases {contracts - 1}" in " ".join(card.split())


async def test_the_head_resolves_a_payment_to_match_with_a_key(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_accounts(pilot)
        assert "Payments to match: 2" in shown(screen, "#to-match-title")
        payer = column(screen, "to-match", 2)[0]
        await pilot.press("tab", "m")
        await settle(pilot)
        picker = app.screen
        options = picker.query_one(OptionList)
        first_contract = picker.contracts[0]
        options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert app.screen is screen
        assert "Payments to match: 1" in shown(screen, "#to-match-title")
        assert payer not in column(screen, "to-match", 2)
    with open_db.read() as session:
        status, contract_id = session.execute(text(
            "SELECT status, contract_id FROM payments WHERE payer_name = :payer"), {"payer": payer}).one()
    assert (status, contract_id) == ("matched", first_contract[0])


async def test_a_promise_to_pay_is_logged_from_the_client_card(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_accounts(pilot)
        client_id = screen.current_client.client_id
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        form.query_one("#promise-day", Input).value = "2026-11-27"
        form.query_one("#promise-amount", Input).value = "10 000"
        await pilot.press("ctrl+s")
        await settle(pilot)
    with open_db.read() as session:
        promise = session.execute(text(
            "SELECT due_date, amount_minor, status FROM promises_to_pay WHERE client_id = :id AND status = 'open'"
            " ORDER BY id DESC LIMIT 1"), {"id": client_id}).one()
    assert (str(promise[0]), promise[1], promise[2]) == ("2026-11-27", 10_000_00, "open")


async def test_a_manager_sees_only_their_clients_and_no_payments_to_match(make_app, open_db):
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_accounts(pilot)
        managers = set(column(screen, "accounts", 1))
        assert managers <= {"Мария Петрова"}
        assert column(screen, "to-match", 0) == []
        assert "head of sales resolves" in shown(screen, "#to-match-title")


async def test_more_clients_come_page_by_page(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_accounts(pilot)
        every = column(screen, "accounts", 0)
        assert len(every) >= 2
        screen.page_size = 1
        await pilot.press("r")
        await settle(pilot)
        assert column(screen, "accounts", 0) == every[:1]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert column(screen, "accounts", 0) == every[:2]


async def test_a_contract_with_an_even_schedule_is_added_for_the_highlighted_client(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_accounts(pilot)
        client_id = screen.current_client.client_id
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        for field, value in (("number", "Д-2026-999"), ("total", "90 000"), ("months", "3"),
                             ("first_due", "2026-12-15")):
            form.query_one(f"#contract-{field}", Input).value = value
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    with open_db.read() as session:
        rows = session.execute(text(
            "SELECT k.client_id, i.due_date, i.amount_minor FROM contracts k JOIN instalments i"
            " ON i.contract_id = k.id WHERE k.number = 'Д-2026-999' ORDER BY i.due_date")).all()
    assert [(row[0], str(row[1]), row[2]) for row in rows] == [
        (client_id, "2026-12-15", 30_000_00), (client_id, "2027-01-15", 30_000_00), (client_id, "2027-02-15", 30_000_00)]


def test_accounts_snapshot_at_120x40(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await open_accounts(pilot)

    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=run_before)
