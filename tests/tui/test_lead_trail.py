"""`t` on the lead card: the lead's audit trail in a box, newest first; escape goes back."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable

from salescockpit.services.actor import load_actor
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import update_lead
from salescockpit.store.tables import Lead, User
from salescockpit.tui.modals.audit_trail import AuditTrailModal
from salescockpit.tui.screens.lead_card import LeadCardScreen
from tests.tui.conftest import wait_ready
from tests.tui.test_lead_card import open_card, settle


def _petrovas_lead(open_db) -> Lead:
    with open_db.read() as session:
        lead = session.scalars(select(Lead).join(User, User.id == Lead.owner_id)
                               .where(User.login == "petrova", Lead.stage == "needs").order_by(Lead.id)).first()
        session.expunge(lead)
        return lead


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_the_trail_shows_the_latest_edit_first(make_app, open_db, clock, settings):
    lead = _petrovas_lead(open_db)
    ctx = ServiceContext(db=open_db, clock=clock, settings=settings)
    update_lead(ctx, load_actor(ctx, "petrova"), lead.id, company="Ромашка [bold]")
    app = make_app("petrova")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        card = await open_card(pilot, lead.id)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, AuditTrailModal)
        rows = _cells(app.screen.query_one(DataTable))
        assert rows[0][1:5] == ["petrova", "lead.update", f"lead {lead.id}", "company"]
        assert rows[0][5].endswith("-> Ромашка [bold]")  # user text is shown as written, not as markup
        assert not any(row[2] == "seal" for row in rows)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is card and isinstance(card, LeadCardScreen)
