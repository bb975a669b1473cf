"""The lead card: what it shows, who may open it, and the keys that work the lead."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from textual.widgets import OptionList, Static
from textual.worker import WorkerState

from salescockpit.services.actor import load_actor
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.context import ServiceContext
from salescockpit.store.tables import AuditEntry, Callback, Lead, StageHistory, User
from salescockpit.tui.modals.gate_prompt import GatePrompt, StagePicker
from salescockpit.tui.screens.lead_card import LeadCardScreen
from tests.tui.conftest import wait_ready


async def settle(pilot, rounds: int = 200) -> None:
    """Wait until no worker of the app is pending or running."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause(0.05)
        if not [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]:
            break
    await pilot.pause()


async def open_card(pilot, lead_id: int) -> LeadCardScreen:
    pilot.app.open_lead(lead_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, LeadCardScreen)
    return pilot.app.screen


async def pick_option(pilot, option_id: str) -> None:
    """Move the focused OptionList's highlight to ``option_id`` with the arrow keys, then enter."""
    options = pilot.app.screen.query_one(OptionList)
    wanted = options.get_option_index(option_id)
    for _ in range(options.option_count + 1):
        if options.highlighted == wanted:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def choose(pilot, selector: str, option_text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*option_text)
    await pilot.press("enter")
    await pilot.pause()


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _notes(app) -> list[str]:
    return [str(note.message) for note in app._notifications]


def _lead(open_db, **conditions):
    with open_db.read() as session:
        query = select(Lead).join(User, User.id == Lead.owner_id)
        for field, value in conditions.items():
            if field == "owner":
                query = query.where(User.login == value)
            else:
                column = getattr(Lead, field)
                query = query.where(column.is_(None) if value is None else column == value)
        lead = session.scalars(query.order_by(Lead.id)).first()
        session.expunge(lead)
        return lead


def _owner_login(open_db, lead) -> str:
    with open_db.read() as session:
        return session.get(User, lead.owner_id).login


async def test_the_card_shows_the_lead_its_stage_callbacks_and_history(make_app, open_db):
    lead = _lead(open_db, stage="needs")
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        card = await open_card(pilot, lead.id)
        assert lead.name in _text(card, "#card-title")
        facts = _text(card, "#card-facts-text")
        assert "Needs" in facts and "days in stage" in facts and "BANT" in facts
        timeline = _text(card, "#card-timeline-text")
        assert "Call ·" in timeline and "Stage" in timeline
        await pilot.press("q")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "QueueScreen"


async def test_a_manager_cannot_open_another_managers_lead(make_app, open_db):
    lead = _lead(open_db, owner="smith")
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        card = await open_card(pilot, lead.id)
        assert "belongs to another manager" in _text(card, "#card-title")
        assert any("belongs to another manager" in note for note in _notes(app))
        assert lead.name not in _text(card, "#card-facts-text")
        await pilot.press("c")  # nothing to work on: the keys are off
        await settle(pilot)
        assert app.screen is card


async def test_the_lost_gate_asks_for_the_reason_then_the_move_succeeds(make_app, open_db):
    lead = _lead(open_db, stage="needs", owner="petrova")
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await open_card(pilot, lead.id)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, StagePicker)
        await pick_option(pilot, "lost")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, GatePrompt)
        assert "reason the lead was lost" in " ".join(str(s.render()) for s in prompt.query(".gate-problem"))
        await pilot.press("ctrl+s")  # nothing chosen yet: it says so and stays
        await pilot.pause()
        assert app.screen is prompt and "why the lead was lost" in str(prompt.query_one("#gate-error").render())
        await choose(pilot, "#lost-reason", "Price")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LeadCardScreen)
        assert "Lost" in _text(app.screen, "#card-facts-text")
        assert any("Moved to Lost" in note for note in _notes(app))
    with open_db.read() as session:
        saved = session.get(Lead, lead.id)
        assert (saved.stage, saved.lost_reason) == ("lost", "price")
        move = session.scalars(select(StageHistory).where(StageHistory.lead_id == lead.id)
                               .order_by(StageHistory.id.desc())).first()
        assert (move.from_stage, move.to_stage) == ("needs", "lost")


async def test_moving_forward_from_qualification_asks_for_bant(make_app, open_db):
    lead = _lead(open_db, stage="qualification", bant_need=None)
    app = make_app(_owner_login(open_db, lead))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await open_card(pilot, lead.id)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, GatePrompt)
        for key in ("budget", "authority", "need", "timing"):
            await choose(pilot, f"#bant-{key}", "yes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LeadCardScreen)
    with open_db.read() as session:
        saved = session.get(Lead, lead.id)
        assert saved.stage == "nurture"
        assert (saved.bant_budget, saved.bant_authority, saved.bant_need, saved.bant_timing) == (True, True, True, True)


async def test_an_override_is_for_the_head_only_and_is_kept_in_the_history(make_app, open_db, clock, settings):
    lead = _lead(open_db, stage="closing")
    owner = _owner_login(open_db, lead)
    ctx = ServiceContext(db=open_db, clock=clock, settings=settings)
    unhandled = CallDraft(lead.id, "out", "reached", 60, objections=(ObjectionDraft("price", False),),
                          no_next_step_reason="thinking it over")
    log_call(ctx, load_actor(ctx, owner), unhandled)
    manager_app = make_app(owner)
    async with manager_app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await open_card(pilot, lead.id)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(manager_app.screen, LeadCardScreen), "a manager gets no prompt for an override"
        assert any("Only the head of sales can override" in note for note in _notes(manager_app))
    assert _lead(open_db, id=lead.id).stage == "closing"

    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await open_card(pilot, lead.id)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, GatePrompt)
        app.screen.query_one("#override-reason").focus()
        await pilot.press(*"Signed contract is on my desk")
        if app.screen.query("#deal-value"):
            app.screen.query_one("#deal-value").focus()
            await pilot.press(*"150000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LeadCardScreen)
    with open_db.read() as session:
        move = session.scalars(select(StageHistory).where(StageHistory.lead_id == lead.id)
                               .order_by(StageHistory.id.desc())).first()
        assert (move.to_stage, move.override_reason) == ("won", "Signed contract is on my desk")
        audited = session.scalars(select(AuditEntry.new).where(
            AuditEntry.entity == "lead", AuditEntry.entity_id == lead.id, AuditEntry.field == "override_reason")).all()
        assert "Signed contract is on my desk" in audited


async def test_b_schedules_a_callback_from_the_time_typed(make_app, open_db):
    lead = _lead(open_db, stage="needs", owner="petrova")
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        card = await open_card(pilot, lead.id)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"fri 15:30")
        await pilot.pause()
        assert "Fri 27 Nov 15:30" in str(app.screen.query_one(".when-reading").render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is card
        assert "Fri 27 Nov 15:30" in _text(card, "#card-facts-text")
    with open_db.read() as session:
        dues = session.scalars(select(Callback.due_at).where(Callback.lead_id == lead.id, Callback.status == "open")).all()
    assert datetime(2026, 11, 27, 12, 30, tzinfo=timezone.utc) in dues


async def test_e_edits_the_contact_and_a_bad_email_is_refused_in_words(make_app, open_db):
    lead = _lead(open_db, stage="needs", owner="petrova")
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        card = await open_card(pilot, lead.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#edit-email").value = ""
        form.query_one("#edit-email").focus()
        await pilot.press(*"not-an-email")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "not a valid e-mail" in str(form.query_one("#edit-error").render())
        form.query_one("#edit-email").value = ""
        await pilot.press(*"boss@vector.ru")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is card and "boss@vector.ru" in _text(card, "#card-facts-text")
    assert _lead(open_db, id=lead.id).email == "boss@vector.ru"


async def test_v_opens_the_review_of_the_latest_call(make_app, open_db):
    lead = _lead(open_db, stage="needs")
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        card = await open_card(pilot, lead.id)
        latest = card.card.latest_call_id
        assert latest is not None
        await pilot.press("v")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ReviewCallScreen" and app.screen.call_id == latest
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is card


async def test_ctrl_f_finds_a_lead_by_part_of_its_name_and_opens_its_card(make_app, open_db):
    lead = _lead(open_db, stage="needs", owner="petrova")
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*lead.name.lower())
        await pilot.pause(0.4)
        await settle(pilot)
        await pick_option(pilot, str(lead.id))
        await settle(pilot)
        assert isinstance(app.screen, LeadCardScreen) and app.screen.lead_id == lead.id
        assert lead.name in _text(app.screen, "#card-title")
