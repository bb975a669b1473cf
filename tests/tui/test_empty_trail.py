"""`t` on a lead nothing was ever recorded about: the box says so in words, not an empty table."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from salescockpit.tui.modals.audit_trail import AuditTrailModal
from tests.tui.conftest import wait_ready
from tests.tui.test_lead_card import open_card, settle


def _lead_without_a_trail(open_db) -> int:
    """A copy of a demo lead written straight into the file, so the trail has no row about it
    (as for a lead that came in before the trail existed)."""
    with open_db.engine.begin() as connection:
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(leads)") if row[1] != "id"]
        listed = ", ".join(columns)
        copied = ", ".join("NULL" if name in ("phone_norm", "email_norm") else name for name in columns)
        connection.exec_driver_sql(f"INSERT INTO leads ({listed}) SELECT {copied} FROM leads ORDER BY id LIMIT 1")
        return connection.exec_driver_sql("SELECT MAX(id) FROM leads").scalar()


async def test_an_empty_trail_says_there_is_nothing_recorded_yet(make_app, open_db):
    lead_id = _lead_without_a_trail(open_db)
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        await open_card(pilot, lead_id)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, AuditTrailModal)
        assert not app.screen.query_one(DataTable).display  # no empty grid of headers
        shown = " ".join(str(static.render()) for static in app.screen.query(Static) if static.display)
        assert "No changes recorded for this lead yet" in shown
        assert "Escape goes back" in shown
        await pilot.press("j", "k")  # the box's own keys do nothing harmful on an empty trail
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AuditTrailModal)


async def test_a_demo_leads_trail_has_its_history(make_app, open_db):
    with open_db.read() as session:
        lead_id = session.connection().exec_driver_sql(
            "SELECT lead_id FROM calls GROUP BY lead_id ORDER BY COUNT(*) DESC, lead_id LIMIT 1").scalar()
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        await open_card(pilot, lead_id)
        await pilot.press("t")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        actions = {str(table.get_row_at(index)[2]) for index in range(table.row_count)}
        assert table.display and {"call.log", "lead.create"} <= actions
