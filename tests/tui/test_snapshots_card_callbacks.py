"""Snapshots of the lead card, the call form and the callbacks screen (fixed clock, demo data)."""

from __future__ import annotations

from sqlalchemy import select
from textual.worker import WorkerState

from salescockpit.store.tables import Lead
from tests.tui.conftest import wait_ready


async def settle(pilot, rounds: int = 200) -> None:
    """Wait until no worker has run for two checks in a row (a pushed screen starts its own late)."""
    app = pilot.app
    idle = 0
    for _ in range(rounds):
        await pilot.pause(0.05)
        busy = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        # A worker ends before its result is handed to the screen: a form still waiting is busy too.
        waiting = [s for s in app.screen_stack if getattr(s, "thread_calls_pending", False)]
        idle = 0 if busy or waiting else idle + 1
        if idle >= 2:
            break
    await app.workers.wait_for_complete()
    # Bindings that depend on the loaded data re-enable in the Footer a frame or two later.
    await pilot.pause(0.2)
    await pilot.pause()


def _needs_lead(open_db) -> int:
    with open_db.read() as session:
        return session.scalars(select(Lead.id).where(Lead.stage == "needs").order_by(Lead.id)).first()


def test_lead_card_snapshot(make_app, open_db, snap_compare):
    lead_id = _needs_lead(open_db)

    async def open_card(pilot):
        await wait_ready(pilot)
        pilot.app.open_lead(lead_id)
        await settle(pilot)

    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=open_card)


def test_log_call_form_snapshot(make_app, open_db, snap_compare):
    lead_id = _needs_lead(open_db)

    async def fill_form(pilot):
        await wait_ready(pilot)
        pilot.app.open_lead(lead_id)
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#outcome").focus()
        await pilot.press("enter", *"Callback", "enter")
        form.query_one("#duration").focus()
        await pilot.press(*"3:20")
        await pilot.click("#raised-0")
        form.query_one("#next-callback").focus()
        await pilot.press(*"tomorrow 25:00")
        await pilot.pause(0.2)

    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=fill_form)


def test_callbacks_snapshot(make_app, snap_compare):
    async def show(pilot):
        await wait_ready(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=show)


def test_callbacks_snapshot_of_a_manager_at_80x24(make_app, snap_compare):
    async def show(pilot):
        await wait_ready(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(make_app("petrova"), terminal_size=(80, 24), run_before=show)
