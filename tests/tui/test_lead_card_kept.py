"""The lead card screen is kept once built: opening a card again shows it with its data at once.

`app.open_lead` pushes the kept screen (no compose, mount or styling between the key and the
frame); the same lead's data is on it from the first frame and is reloaded behind it; another
lead starts from "Loading…", never from the previous lead's facts.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from salescockpit.services.actor import load_actor
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import update_lead
from salescockpit.store.tables import Lead
from salescockpit.tui.screens.lead_card import LeadCardScreen
from tests.tui.conftest import wait_ready
from tests.tui.test_lead_card import settle


def _two_leads(open_db) -> tuple[Lead, Lead]:
    with open_db.read() as session:
        first, second = session.scalars(select(Lead).order_by(Lead.id).limit(2)).all()
        session.expunge_all()
        return first, second


def _title(screen) -> str:
    return str(screen.query_one("#card-title", Static).render())


async def _open_and_close(pilot, lead_id: int) -> LeadCardScreen:
    pilot.app.open_lead(lead_id)
    await settle(pilot)
    card = pilot.app.screen
    assert isinstance(card, LeadCardScreen) and card.card is not None
    await pilot.press("escape")
    await settle(pilot)
    return card


async def test_the_same_lead_again_has_its_data_on_the_first_frame(make_app, open_db):
    lead, _other = _two_leads(open_db)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first = await _open_and_close(pilot, lead.id)
        app.open_lead(lead.id)  # nothing awaited: what the first frame will show
        assert app.screen is first
        assert app.screen.card is not None and app.screen.card.lead_id == lead.id
        assert lead.name in _title(app.screen)


async def test_a_change_made_meanwhile_shows_after_the_reload(make_app, open_db, settings, clock):
    lead, _other = _two_leads(open_db)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open_and_close(pilot, lead.id)
        ctx = ServiceContext(db=open_db, clock=clock, settings=settings)
        head = load_actor(ctx, "head")
        update_lead(ctx, head, lead.id, name="Renamed Meanwhile")
        app.open_lead(lead.id)
        await settle(pilot)
        assert "Renamed Meanwhile" in _title(app.screen)
        assert app.screen.card.name == "Renamed Meanwhile"
    with open_db.read() as session:
        assert session.get(Lead, lead.id).name == "Renamed Meanwhile"


async def test_another_lead_starts_from_loading_never_from_the_previous_facts(make_app, open_db):
    lead, other = _two_leads(open_db)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open_and_close(pilot, lead.id)
        app.open_lead(other.id)
        assert app.screen.card is None
        assert lead.name not in _title(app.screen)
        assert str(app.screen.query_one("#card-facts-text", Static).render()) == ""
        await settle(pilot)
        assert app.screen.card.lead_id == other.id and other.name in _title(app.screen)
        assert lead.name not in str(app.screen.query_one("#card-facts-text", Static).render())


async def test_a_card_opened_from_a_card_is_a_screen_of_its_own(make_app, open_db):
    lead, other = _two_leads(open_db)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        app.open_lead(lead.id)
        await settle(pilot)
        under = app.screen
        app.open_lead(other.id)
        await settle(pilot)
        assert app.screen is not under and app.screen.card.lead_id == other.id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is under and under.card.lead_id == lead.id and lead.name in _title(under)


async def test_the_footer_keeps_its_keys_when_they_did_not_change(make_app, open_db):
    lead, _other = _two_leads(open_db)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        card = await _open_and_close(pilot, lead.id)
        keys = list(card.query(FooterKey))
        app.open_lead(lead.id)
        await settle(pilot)
        assert keys and list(card.query(FooterKey)) == keys  # the same widgets, not rebuilt
        assert any(key.key == "c" and not key.disabled for key in keys)
