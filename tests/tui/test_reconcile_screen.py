"""The reconciliation screen on the demo data, with a small phone log imported for the test day."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from salescockpit.services.actor import load_actor
from salescockpit.services.context import ServiceContext
from salescockpit.services.phone_import import import_phone_file
from salescockpit.tui.screens.reconcile import ReconcileScreen
from tests.tui.conftest import wait_ready
from tests.tui.test_compliance import ensure_mode, settle

# One phone call confirms Petrova's 09:17 call; one call to Fyodorov was never logged.
PHONE_LOG = """Дата и время;Направление;Номер;Длительность;Статус;Логин
23.11.2026 09:19;Исходящий;8 (925) 615-55-47;894;Отвечен;petrova
23.11.2026 09:30;Исходящий;8 (910) 824-57-34;0;Пропущен;sokolova
"""


@pytest.fixture
def phone_log(open_db, settings, clock, tmp_path):
    """Import PHONE_LOG into the demo copy as the head, before the app opens it."""
    ctx = ServiceContext(db=open_db, clock=clock, settings=settings)
    path = tmp_path / "pbx.csv"
    path.write_bytes(PHONE_LOG.encode("cp1251"))
    result = import_phone_file(ctx, load_actor(ctx, "head"), path)
    assert (result.imported, result.matched_leads, result.matched_managers) == (2, 2, 2)


async def open_reconcile(pilot) -> ReconcileScreen:
    ensure_mode(pilot.app, "reconcile", ReconcileScreen)
    await wait_ready(pilot)
    pilot.app.switch_mode("reconcile")
    await settle(pilot)
    return pilot.app.screen


def cells(screen, table_id: str, column: int) -> list[str]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def test_the_head_sees_the_day_moves_between_days_and_opens_a_lead(make_app, phone_log):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reconcile(pilot)
        assert cells(screen, "not-seen", 0) == ["09:10", "09:11", "09:11", "09:14", "09:15", "09:19", "09:19", "09:25",
                                                "09:45"]
        assert "09:17" not in cells(screen, "not-seen", 0)  # the phone system saw it at 09:19
        assert cells(screen, "not-logged", 2) == ["Николай Фёдоров"]
        assert cells(screen, "not-logged", 5) == ["no"]
        status = str(screen.query_one("#reconcile-status", Static).render())
        assert "Mon 23 Nov 2026" in status and "2 phone calls" in status
        managers = str(screen.query_one("#reconcile-managers", Static).render())
        assert "Анна Соколова: 1 / 1" in managers

        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.day.isoformat() == "2026-11-22" and cells(screen, "not-seen", 0) == []  # a Sunday: no work
        assert cells(screen, "not-logged", 0) == []
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.day.isoformat() == "2026-11-23"  # never past today

        await pilot.press("tab", "enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "LeadCardScreen"


async def test_a_manager_sees_only_their_own(make_app, phone_log):
    app = make_app("sokolova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reconcile(pilot)
        assert set(cells(screen, "not-seen", 1)) == {"Анна Соколова"}
        assert cells(screen, "not-seen", 0) == ["09:19"]
        assert cells(screen, "not-logged", 2) == ["Николай Фёдоров"]


def test_reconcile_snapshot(make_app, phone_log, snap_compare):
    async def run_before(pilot) -> None:
        await open_reconcile(pilot)

    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=run_before)


async def test_with_no_phone_log_imported_it_says_there_is_nothing_to_compare(make_app, open_db):
    """The issue: before any import it headlined "Logged, but the phone system never saw them: 67"."""
    from sqlalchemy import func, select

    from salescockpit.store.phone_tables import PhoneCall
    from salescockpit.store.tables import Call

    with open_db.read() as session:
        assert session.scalar(select(func.count()).select_from(PhoneCall)) == 0  # the demo imports no phone log
        assert session.scalar(select(func.count()).select_from(Call)) > 0
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reconcile(pilot)
        status = str(screen.query_one("#reconcile-status", Static).render())
        assert "No phone log imported yet: nothing to compare." in status
        assert "salescockpit import calls FILE" in str(screen.query_one("#reconcile-managers", Static).render())
        title = str(screen.query_one("#not-seen-title", Static).render())
        assert title.endswith(": —")
        assert cells(screen, "not-seen", 0) == [] and cells(screen, "not-logged", 0) == []
        await pilot.press("left_square_bracket")  # the day before: the same
        await settle(pilot)
        assert screen.day.isoformat() == "2026-11-22" and cells(screen, "not-seen", 0) == []
