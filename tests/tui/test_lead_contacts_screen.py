"""A lead imported with several contacts: the card shows them all, ctrl+f and / find it by its second number."""

from __future__ import annotations

from salescockpit.imports.lead_columns import match_columns
from salescockpit.imports.tabular import read_table
from salescockpit.l10n import number
from salescockpit.services.actor import load_actor
from salescockpit.services.context import ServiceContext
from salescockpit.services.lead_import import import_leads
from salescockpit.store.tables import Lead
from salescockpit.tui.screens.lead_card import LeadCardScreen
from tests.imports.crm_files import bitrix24_csv
from tests.tui.conftest import wait_ready
from tests.tui.test_lead_card import _text, pick_option, settle


def import_bitrix24(open_db, settings, clock, tmp_path) -> int:
    """Import the Bitrix24 file into the demo copy (owners unknown there: given to petrova); Maria's id."""
    ctx = ServiceContext(db=open_db, clock=clock, settings=settings)
    head = load_actor(ctx, "head")
    table = read_table(bitrix24_csv(tmp_path / "LEAD.csv"))
    outcome = import_leads(ctx, head, table, match_columns(table.headers), owner_fallback="petrova")
    assert outcome.imported == 3, outcome.not_imported
    with open_db.read() as session:
        return session.query(Lead.id).filter(Lead.external_id == "bitrix24:101").scalar()


async def test_the_card_shows_every_phone_and_e_mail_of_the_lead(make_app, open_db, settings, clock, tmp_path):
    lead_id = import_bitrix24(open_db, settings, clock, tmp_path)
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        app.open_lead(lead_id)
        await settle(pilot)
        facts = _text(app.screen, "#card-facts-text")
        for shown in ("+7 495 123-45-67", "Mobile", "8 (916) 111-22-33", "Home phone", "8 495 700-00-01",
                      "maria@vector.ru", "Private e-mail", "Maria.K@mail.ru", "Поставка для Вектора", "Директор",
                      f"{number(150001)} RUB"):
            assert shown in facts, shown


async def test_ctrl_f_and_the_queue_filter_find_the_lead_by_its_second_number(make_app, open_db, settings, clock,
                                                                            tmp_path):
    lead_id = import_bitrix24(open_db, settings, clock, tmp_path)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("slash", *"89161112233", "enter")
        await wait_ready(pilot)
        assert [row.lead_id for row in app.screen.rows] == [lead_id]
        await pilot.press("escape")
        await wait_ready(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"9161112233")
        await pilot.pause(0.4)
        await settle(pilot)
        await pick_option(pilot, str(lead_id))
        await settle(pilot)
        assert isinstance(app.screen, LeadCardScreen) and app.screen.lead_id == lead_id
        assert "Мария Ивановна Кузнецова" in _text(app.screen, "#card-title")
