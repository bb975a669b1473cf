"""The call form with few keys: outcome and objections by letter or number, the callback it settles,
the cursor after a refused save, and callback times outside working hours."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from textual.widgets import Checkbox, Input, Static

from salescockpit.store.tables import AuditEntry, Call, Callback, CallObjection, Lead, ObjectionType, User
from salescockpit.tui.modals.callback_forms import PostponeCallbackForm
from salescockpit.tui.widgets.objection_checklist import ObjectionChecklist, match_objection
from tests.conftest import TEST_NOW
from tests.tui.conftest import wait_ready
from tests.tui.test_callbacks_screen import open_callbacks
from tests.tui.test_log_call import _open_form_for, settle


class KeyCounter:
    """Presses keys on the pilot, counting every key that is not text typed into a field."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.keys: list[str] = []

    async def key(self, *keys: str) -> None:
        self.keys.extend(keys)
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def text(self, text: str) -> None:
        await self.pilot.press(*text)
        await self.pilot.pause()


def _lead(open_db, *, with_due_callback: bool) -> tuple[int, int | None]:
    """A lead of petrova's in "needs", with (or without) an open callback due before now."""
    with open_db.read() as session:
        petrova = session.scalar(select(User.id).where(User.login == "petrova"))
        due = (select(Callback.id).where(Callback.lead_id == Lead.id, Callback.status == "open",
                                         Callback.due_at < TEST_NOW, Callback.owner_id == petrova)
               .order_by(Callback.due_at).limit(1).scalar_subquery())
        leads = select(Lead.id, due).where(Lead.owner_id == petrova, Lead.stage.not_in(["won", "lost", "junk"]))
        for lead_id, callback_id in session.execute(leads.order_by(Lead.id)):
            if (callback_id is not None) == with_due_callback:
                if with_due_callback or not session.scalar(
                        select(Callback.id).where(Callback.lead_id == lead_id, Callback.status == "open")):
                    return lead_id, callback_id
    raise AssertionError("the demo has no such lead")


def _last_call(open_db, lead_id: int) -> Call:
    with open_db.read() as session:
        call = session.scalars(select(Call).where(Call.lead_id == lead_id).order_by(Call.id.desc())).first()
        session.expunge(call)
        return call


def _focused_id(pilot) -> str | None:
    return getattr(pilot.app.focused, "id", None)


def test_objections_are_matched_by_number_or_first_letters():
    labels = ["Price", "I'll think about it", "No budget", "Uses a competitor", "No trust", "Цена"]
    assert [match_objection(text, labels) for text in ("1", "5", "9", "pr", "bud", "NO T", "comp", "це", "", "zz")] == [
        0, 4, None, 0, 2, 4, 3, 5, None, None]


async def test_a_call_with_outcome_duration_a_handled_objection_and_a_callback_takes_eight_keys(make_app, open_db):
    lead_id, _none = _lead(open_db, with_due_callback=False)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        counter = KeyCounter(pilot)
        await counter.key("r")  # outcome: the first one starting with r, Reached
        await counter.key("tab")
        await counter.text("4:30")
        await counter.key("tab", "tab")  # past the notes to the objection picker
        await counter.key("5")  # Bad timing
        await counter.key("enter")  # ticked; the cursor is in its answer
        await counter.text("Agreed to talk after the budget is approved")
        await counter.key("tab")  # to the next callback
        await counter.text("tomorrow 10:00")
        await counter.key("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    assert counter.keys == ["r", "tab", "tab", "tab", "5", "enter", "tab", "ctrl+s"]
    assert len(counter.keys) <= 8
    call = _last_call(open_db, lead_id)
    assert (call.outcome, call.duration_seconds, call.created_at) == ("reached", 270, TEST_NOW)
    with open_db.read() as session:
        objections = session.execute(
            select(ObjectionType.key, CallObjection.handled, CallObjection.answer)
            .join(ObjectionType, ObjectionType.id == CallObjection.type_id).where(CallObjection.call_id == call.id)
        ).all()
        due = session.scalars(select(Callback.due_at).where(Callback.lead_id == lead_id, Callback.status == "open")).all()
    assert objections == [("bad_timing", True, "Agreed to talk after the budget is approved")]
    assert due == [datetime(2026, 11, 24, 7, 0, tzinfo=timezone.utc)]  # Tue 24 Nov 10:00 in Moscow


async def test_checkboxes_show_their_state_in_the_glyph_and_a_stray_space_ticks_nothing(make_app, open_db):
    lead_id, _none = _lead(open_db, with_due_callback=False)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        form.query_one("#notes").focus()
        await pilot.press("tab", "space", "tab", "space")
        await pilot.pause()
        checklist = form.query_one(ObjectionChecklist)
        assert checklist.values() == ()
        off = form.query_one("#raised-7", Checkbox)
        assert "✓" not in str(off.render()) and "X" not in str(off.render())
        checklist.raise_objection(7)
        await pilot.pause()
        assert "✓" in str(off.render())


async def test_a_call_settles_the_leads_overdue_callback_unless_left_open(make_app, open_db):
    lead_id, overdue_id = _lead(open_db, with_due_callback=True)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        settles = form.query_one("#settles", Checkbox)
        assert settles.display and settles.value and form.fulfils_callback_id == overdue_id
        shown = str(settles.render())
        assert "Settles: callback due" in shown and "ago)" in shown
        await pilot.press("b", "tab", *"0", "ctrl+s")  # Busy, no next step needed
        await settle(pilot)
        assert app.screen is not form
        call = _last_call(open_db, lead_id)
        form = await _open_form_for(pilot, lead_id)  # the next due one (if any) is offered now
        assert form.fulfils_callback_id != overdue_id
    with open_db.read() as session:
        settled = session.get(Callback, overdue_id)
        assert (settled.status, settled.done_call_id, settled.done_at) == ("done", call.id, TEST_NOW)
        assert session.scalar(select(AuditEntry.new).where(
            AuditEntry.entity == "callback", AuditEntry.entity_id == overdue_id,
            AuditEntry.field == "done_call_id")) == str(call.id)


async def test_ctrl_o_leaves_the_callback_open(make_app, open_db):
    lead_id, overdue_id = _lead(open_db, with_due_callback=True)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await pilot.press("b", "tab", "0", "ctrl+o")
        await pilot.pause()
        assert not form.query_one("#settles", Checkbox).value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    with open_db.read() as session:
        assert session.get(Callback, overdue_id).status == "open"


async def test_after_a_refused_save_the_cursor_is_in_the_first_field_with_an_error(make_app, open_db):
    lead_id, _none = _lead(open_db, with_due_callback=False)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await pilot.press("r", "tab", "tab", *"Wants the price list", "ctrl+s")  # no duration, no next step
        await pilot.pause()
        assert app.screen is form and _focused_id(pilot) == "duration"
        await pilot.press(*"3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _focused_id(pilot) == "next-callback"
        await pilot.press(*"tomorrow 11:00")
        await pilot.pause()
        assert form.query_one("#duration", Input).value == "3"
        assert form.query_one("#notes").text == "Wants the price list"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    assert _last_call(open_db, lead_id).duration_seconds == 180


async def _fill_with_saturday_callback(pilot, form) -> None:
    await pilot.press("r", "tab", "5", "tab", "tab", "tab", *"сб 10:00")
    await pilot.pause()
    assert _focused_id(pilot) == "next-callback"


async def test_a_callback_on_a_saturday_is_moved_to_the_offered_working_slot(make_app, open_db):
    lead_id, _none = _lead(open_db, with_due_callback=False)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await _fill_with_saturday_callback(pilot, form)
        reading = str(form.query_one("#next-field .when-reading", Static).render())
        assert "Outside working hours" in reading and "Mon 30 Nov 10:00" in reading
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and _focused_id(pilot) == "next-callback"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert form.query_one("#next-callback", Input).value == "30.11.2026 10:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    with open_db.read() as session:
        due = session.scalars(select(Callback.due_at).where(Callback.lead_id == lead_id, Callback.status == "open")).all()
    assert due == [datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc)]


async def test_a_second_enter_keeps_the_typed_time_outside_working_hours(make_app, open_db):
    lead_id, _none = _lead(open_db, with_due_callback=False)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await _fill_with_saturday_callback(pilot, form)
        await pilot.press("enter")  # the first enter points the warning out
        await pilot.pause()
        assert "enter: keep the typed time" in str(form.query_one("#next-field .when-reading", Static).render())
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    with open_db.read() as session:
        due = session.scalars(select(Callback.due_at).where(Callback.lead_id == lead_id, Callback.status == "open")).all()
    assert due == [datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc)]


async def test_postponing_to_late_evening_warns_first_then_keeps_it_on_a_second_enter(make_app, open_db):
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        chosen = screen._selected()
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PostponeCallbackForm)
        form.query_one("#form-text").focus()
        await pilot.press(*"Client is driving")
        form.query_one("#when").focus()
        await pilot.press(*"+12h", "enter")  # 22:00 in Moscow
        await pilot.pause()
        assert app.screen is form
        assert "Outside working hours" in str(form.query_one(".when-reading", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
    with open_db.read() as session:
        new_id = session.scalar(select(AuditEntry.new).where(
            AuditEntry.entity_id == chosen.callback_id, AuditEntry.field == "replaced_by"))
        moved = session.get(Callback, int(new_id))
        assert moved.due_at == datetime(2026, 11, 23, 19, 0, tzinfo=timezone.utc)
