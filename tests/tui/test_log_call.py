"""The "Log a call" form driven with keys: what it saves, what it refuses, and what it never loses."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select, update
from textual.widgets import Input, OptionList, Static, TextArea
from textual.worker import WorkerState

from salescockpit.store.tables import AuditEntry, Call, Callback, CallObjection, Lead, ObjectionType, User
from salescockpit.tui.modals.log_call import DiscardChanges, LogCallForm, format_duration, parse_duration
from tests.tui.conftest import wait_ready


async def settle(pilot, rounds: int = 200) -> None:
    """Wait until no worker of the app is pending or running (searches, loads, saves)."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause(0.05)
        if not [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]:
            break
    await pilot.pause()


async def type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)


async def choose(pilot, selector: str, option_text: str) -> None:
    """Open a Select with enter, type the start of the option to jump to it, confirm with enter."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*option_text)
    await pilot.press("enter")
    await pilot.pause()


def _lead_of(open_db, login: str, stage: str | None = None) -> tuple[int, str]:
    with open_db.read() as session:
        query = select(Lead.id, Lead.name).join(User, User.id == Lead.owner_id).where(User.login == login)
        if stage is not None:
            query = query.where(Lead.stage == stage)
        return session.execute(query.order_by(Lead.id)).first()


def _count(open_db, table, *conditions) -> int:
    with open_db.read() as session:
        return session.scalar(select(func.count()).select_from(table).where(*conditions))


def _error(form, line_id: str) -> str:
    line = form.query_one(f"#{line_id}", Static)
    return str(line.render()) if line.display else ""


async def _open_form_for(pilot, lead_id: int) -> LogCallForm:
    pilot.app.open_lead(lead_id)
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LogCallForm)
    return pilot.app.screen


def test_durations_read_as_minutes_or_clock_text():
    assert [parse_duration(text) for text in ("5", "4:30", "0:07", "1:02:03", " 0 ")] == [300, 270, 7, 3723, 0]
    assert format_duration(270) == "4:30" and format_duration(3723) == "1:02:03"
    for bad in ("", "4:75", "abc", "-1", "1:60:00"):
        try:
            parse_duration(bad)
        except ValueError as error:
            assert "m:ss" in str(error)
        else:
            raise AssertionError(bad)


async def test_a_call_with_objections_and_a_callback_is_saved_at_once(make_app, open_db):
    lead_id, lead_name = _lead_of(open_db, "petrova", "needs")
    calls_before = _count(open_db, Call)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogCallForm)
        await pilot.press(*lead_name.lower())  # Cyrillic, typed in lower case
        await pilot.pause(0.4)
        await settle(pilot)
        matches = form.query_one("#lead-picker OptionList", OptionList)
        position = matches.get_option_index(str(lead_id))
        await pilot.press("down", *["down"] * position, "enter")
        await pilot.pause()
        assert form.query_one("#lead-picker").lead_id == lead_id
        await choose(pilot, "#outcome", "Reached")
        await type_into(pilot, "#duration", "4:30")
        await type_into(pilot, "#notes", "Wants a discount")
        await pilot.click("#raised-0")  # Price
        await pilot.click("#handled-0")
        await type_into(pilot, "#answer-0", "Showed the ROI case")
        await pilot.click("#raised-2")  # No budget, left unhandled
        await type_into(pilot, "#next-callback", "tomorrow 10:00")
        await pilot.pause()
        reading = str(form.query_one("#next-field .when-reading", Static).render())
        assert "tomorrow, Tue 24 Nov 10:00" in reading
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogCallForm)
        assert any("Call logged" in str(note.message) for note in app._notifications)
    assert _count(open_db, Call) == calls_before + 1
    with open_db.read() as session:
        call = session.scalars(select(Call).where(Call.lead_id == lead_id).order_by(Call.id.desc())).first()
        assert (call.outcome, call.direction, call.duration_seconds, call.notes) == ("reached", "out", 270, "Wants a discount")
        objections = session.execute(
            select(ObjectionType.key, CallObjection.handled, CallObjection.answer)
            .join(ObjectionType, ObjectionType.id == CallObjection.type_id)
            .where(CallObjection.call_id == call.id)
            .order_by(ObjectionType.key)
        ).all()
        assert objections == [("no_budget", False, ""), ("price", True, "Showed the ROI case")]
        callback = session.scalars(select(Callback).where(Callback.lead_id == lead_id, Callback.created_at == call.created_at)).one()
        assert callback.due_at == datetime(2026, 11, 24, 7, 0, tzinfo=timezone.utc)
        assert callback.status == "open"
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.at == call.created_at)))
        assert {"call.log", "callback.schedule"} <= actions


async def test_a_bad_time_keeps_what_was_typed_and_writes_nothing(make_app, open_db):
    lead_id, _name = _lead_of(open_db, "petrova", "needs")
    calls_before = _count(open_db, Call)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await choose(pilot, "#outcome", "Callback")
        await type_into(pilot, "#duration", "2")
        await type_into(pilot, "#notes", "Asked to call after the board meeting")
        await type_into(pilot, "#next-callback", "someday 25:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#notes", TextArea).text == "Asked to call after the board meeting"
        assert form.query_one("#duration", Input).value == "2"
        assert "25:00 is not a time of day" in str(form.query_one("#next-field .when-reading", Static).render())
        assert any("not saved" in str(note.message) for note in app._notifications)
    assert _count(open_db, Call) == calls_before


async def test_an_outcome_that_needs_a_next_step_asks_for_one_or_a_reason(make_app, open_db):
    lead_id, _name = _lead_of(open_db, "petrova", "needs")
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        callbacks_before = _count(open_db, Callback, Callback.lead_id == lead_id)
        await choose(pilot, "#outcome", "Meeting")
        await pilot.pause()
        assert "next callback" in _error(form, "error-next")
        await type_into(pilot, "#duration", "12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        await type_into(pilot, "#no-next-step", "Meeting agreed by e-mail invite")
        await pilot.pause()
        assert _error(form, "error-next") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    assert _count(open_db, Callback, Callback.lead_id == lead_id) == callbacks_before
    with open_db.read() as session:
        summary = session.scalars(
            select(AuditEntry.new).where(AuditEntry.action == "call.log").order_by(AuditEntry.id.desc())
        ).first()
    assert "no next step: Meeting agreed by e-mail invite" in summary


async def test_escape_on_a_filled_form_asks_before_throwing_it_away(make_app, open_db):
    lead_id, _name = _lead_of(open_db, "petrova", "needs")
    calls_before = _count(open_db, Call)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await type_into(pilot, "#notes", "Half-typed notes")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.query_one("#notes", TextArea).text == "Half-typed notes"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LeadCardScreen"
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")  # an empty form closes at once
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LeadCardScreen"
    assert _count(open_db, Call) == calls_before


async def test_a_refused_save_keeps_the_form_open_with_its_content(make_app, open_db):
    lead_id, _name = _lead_of(open_db, "petrova", "needs")
    calls_before = _count(open_db, Call)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await choose(pilot, "#outcome", "No answer")
        await type_into(pilot, "#duration", "0")
        await type_into(pilot, "#notes", "Nobody picked up")
        with open_db.write() as session:  # meanwhile the head gives the lead to someone else
            other = session.scalar(select(User.id).where(User.login == "smith"))
            session.execute(update(Lead).where(Lead.id == lead_id).values(owner_id=other))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#notes", TextArea).text == "Nobody picked up"
        assert "belongs to another manager" in _error(form, "error-form")
    assert _count(open_db, Call) == calls_before
