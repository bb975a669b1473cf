"""The callbacks screen: what is late or due today, and done / postpone / transfer driven with keys."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select
from textual.widgets import DataTable, OptionList, Static
from textual.worker import WorkerState

from salescockpit.clock import local_day_bounds
from salescockpit.services.actor import load_actor
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.context import ServiceContext
from salescockpit.store.tables import AuditEntry, Call, Callback, User
from salescockpit.tui.modals.callback_forms import CallbackDoneForm, PostponeCallbackForm, TransferCallbackForm
from salescockpit.tui.modals.log_call import LogCallForm
from salescockpit.tui.screens.callbacks import CallbacksScreen
from tests.conftest import TEST_NOW, TEST_TZ
from tests.tui.conftest import wait_ready


async def settle(pilot, rounds: int = 200) -> None:
    """Wait until no worker of the app is pending or running."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause(0.05)
        if not [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]:
            break
    await pilot.pause()


async def open_callbacks(pilot) -> CallbacksScreen:
    await wait_ready(pilot)
    await pilot.press("3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CallbacksScreen)
    return pilot.app.screen


async def pick_option(pilot, option_id: str) -> None:
    options = pilot.app.screen.query_one(OptionList)
    wanted = options.get_option_index(option_id)
    for _ in range(options.option_count + 1):
        if options.highlighted == wanted:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


def _due_today(open_db, login: str | None = None) -> list[int]:
    end = local_day_bounds(TEST_NOW.astimezone(TEST_TZ).date(), TEST_TZ)[1]
    with open_db.read() as session:
        query = select(Callback.id).where(Callback.status == "open", Callback.due_at < end)
        if login is not None:
            query = query.join(User, User.id == Callback.owner_id).where(User.login == login)
        return list(session.scalars(query))


def _callback(open_db, callback_id: int) -> Callback:
    with open_db.read() as session:
        row = session.get(Callback, callback_id)
        session.expunge(row)
        return row


def _notes(app) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def test_the_head_sees_every_late_or_due_callback_per_manager_in_buckets(make_app, open_db):
    expected = _due_today(open_db)
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        table = screen.query_one("#callbacks-table", DataTable)
        assert table.row_count == len(expected) > 5
        assert {str(row.value) for row in table.rows} == {str(each) for each in expected}
        buckets = {str(table.get_row_at(index)[1]) for index in range(table.row_count)} - {""}
        assert {"< 1 h", "1-4 h", "today", "1-3 days", "> 3 days"} <= buckets
        summary = screen.query_one("#callbacks-summary", DataTable)
        people = {str(summary.get_row_at(index)[0]) for index in range(summary.row_count)}
        assert {"Мария Петрова", "John Smith"} <= people
        assert all("%" in str(summary.get_row_at(index)[3]) or str(summary.get_row_at(index)[3]) == "—"
                   for index in range(summary.row_count))
        assert "overdue" in str(screen.query_one("#callbacks-status", Static).render())


async def test_a_manager_sees_only_their_own_callbacks(make_app, open_db):
    expected = _due_today(open_db, "petrova")
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        table = screen.query_one("#callbacks-table", DataTable)
        assert {str(row.value) for row in table.rows} == {str(each) for each in expected}
        assert screen.query_one("#callbacks-summary", DataTable).row_count == 1


async def test_postpone_needs_a_reason_and_writes_the_new_time(make_app, open_db):
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        chosen = screen._selected()
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PostponeCallbackForm)
        await pilot.press(*"tomorrow 11:00", "enter")
        await pilot.pause()
        assert app.screen is form and "Say why" in str(form.query_one("#form-error").render())
        form.query_one("#form-text").focus()
        await pilot.press(*"Client is at a trade fair", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert chosen.callback_id not in [int(str(row.value)) for row in screen.query_one("#callbacks-table", DataTable).rows]
    missed = _callback(open_db, chosen.callback_id)  # it was overdue: moving it broke the promise
    assert (missed.status, missed.due_at) == ("missed", chosen.due_at)
    with open_db.read() as session:
        audited = dict(session.execute(select(AuditEntry.field, AuditEntry.new).where(
            AuditEntry.entity == "callback", AuditEntry.entity_id == chosen.callback_id,
            AuditEntry.action == "callback.reschedule")).all())
    assert audited["reason"] == "Client is at a trade fair"
    moved = _callback(open_db, int(audited["replaced_by"]))
    assert moved.due_at == datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc) and moved.status == "open"


async def test_done_asks_which_call_kept_the_promise(make_app, open_db, clock, settings):
    first = _callback(open_db, sorted(_due_today(open_db, "petrova"))[0])
    ctx = ServiceContext(db=open_db, clock=clock, settings=settings)
    kept_by = log_call(ctx, load_actor(ctx, "petrova"),
                       CallDraft(first.lead_id, "out", "reached", 95, no_next_step_reason="all agreed")).call_id
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        table = screen.query_one("#callbacks-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(first.id)))
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, CallbackDoneForm)
        await pick_option(pilot, str(kept_by))
        await settle(pilot)
        assert app.screen is screen and any("Callback done" in note for note in _notes(app))
    saved = _callback(open_db, first.id)
    assert (saved.status, saved.done_call_id) == ("done", kept_by)


async def test_done_can_log_the_call_that_keeps_the_promise(make_app, open_db):
    first = _callback(open_db, sorted(_due_today(open_db, "petrova"))[0])
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        table = screen.query_one("#callbacks-table", DataTable)
        table.move_cursor(row=table.get_row_index(str(first.id)))
        await pilot.press("d")
        await settle(pilot)
        await pick_option(pilot, "log")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogCallForm) and form.fulfils_callback_id == first.id
        form.query_one("#outcome").focus()
        await pilot.press("enter", *"No answer", "enter")
        form.query_one("#duration").focus()
        await pilot.press("0", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    saved = _callback(open_db, first.id)
    with open_db.read() as session:
        newest = session.scalar(select(func.max(Call.id)).where(Call.lead_id == first.lead_id))
    assert (saved.status, saved.done_call_id) == ("done", newest)


async def test_a_manager_cannot_transfer_a_callback(make_app, open_db):
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        chosen = screen._selected()
        await pilot.press("t")
        await settle(pilot)
        assert app.screen is screen
        assert any("Only the head of sales can reassign callbacks" in note for note in _notes(app))
    assert _callback(open_db, chosen.callback_id).owner_id == chosen.owner_id


async def test_the_head_transfers_a_callback_to_another_manager(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        chosen = screen._selected()
        target = "smith" if chosen.owner_login != "smith" else "jones"
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TransferCallbackForm)
        await pick_option(pilot, target)
        await settle(pilot)
        assert app.screen is screen
    with open_db.read() as session:
        owner = session.scalar(select(User.login).join(Callback, Callback.owner_id == User.id)
                               .where(Callback.id == chosen.callback_id))
    assert owner == target


async def test_enter_opens_the_lead_card(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callbacks(pilot)
        chosen = screen._selected()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "LeadCardScreen" and app.screen.lead_id == chosen.lead_id
