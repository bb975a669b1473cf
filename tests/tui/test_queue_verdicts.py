"""Verdicts in the queue land once, leave the table at once, and can be undone with `u`."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from sqlalchemy import func, select, text, update
from textual.widgets import DataTable

from salescockpit.store.queries.queue import pending_action_ids
from salescockpit.store.tables import AuditEntry, LeadReview, User
from tests.tui.conftest import wait_ready

TODAY = date(2026, 11, 23)


def shown_ids(app) -> list[int]:
    return [row.lead_id for row in app.screen.rows]


def cursor_lead(app) -> int:
    table = app.screen.query_one("#queue-table", DataTable)
    return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


def table_ids(app) -> list[int]:
    table = app.screen.query_one("#queue-table", DataTable)
    return [int(key.value) for key in table.rows]


def notices(app) -> str:
    return " | ".join(f"{note.title}: {note.message}" for note in app._notifications)


def reviews_today(db, lead_id: int) -> list[tuple[str, str]]:
    with db.read() as session:
        rows = session.execute(
            select(LeadReview.verdict, LeadReview.action_text)
            .where(LeadReview.lead_id == lead_id, LeadReview.day == TODAY)
            .order_by(LeadReview.id)
        )
        return [tuple(row) for row in rows]


@contextmanager
def writes_held(db):
    """Hold the database's write lock: the screen's saves wait until the block ends."""
    with db.write() as session:
        session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the lock is taken
        yield


async def give_action(pilot, words: str = "Call back today") -> None:
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*words, "enter")


async def test_an_action_then_ok_at_once_gives_two_leads_one_verdict_each(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first, second, third = shown_ids(app)[:3]
        with open_db.read() as session:  # the demo's own history is audited too: count from here
            before = session.scalar(select(func.max(AuditEntry.id))) or 0
        with writes_held(open_db):
            await give_action(pilot)
            await pilot.press("o")
            # Both rows left the moment the verdicts were given, before either was saved.
            assert first not in table_ids(app) and second not in table_ids(app)
            assert cursor_lead(app) == third
        await wait_ready(pilot)
        assert first not in shown_ids(app) and second not in shown_ids(app)
        assert cursor_lead(app) == third
    assert reviews_today(open_db, first) == [("action", "Call back today")]
    assert reviews_today(open_db, second) == [("ok", "")]
    with open_db.read() as session:
        trail = list(session.scalars(
            select(AuditEntry.new).where(AuditEntry.action == "lead.review", AuditEntry.id > before)
            .order_by(AuditEntry.id)
        ))
    assert trail == [f"lead {first}: action Call back today", f"lead {second}: ok"]


async def test_two_actions_given_fast_reach_two_leads_and_each_manager_sees_one(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first, second = shown_ids(app)[:2]
        with writes_held(open_db):
            await give_action(pilot, "Send the offer")
            await give_action(pilot, "Send the offer")
        await wait_ready(pilot)
    assert reviews_today(open_db, first) == [("action", "Send the offer")]
    assert reviews_today(open_db, second) == [("action", "Send the offer")]
    with open_db.read() as session:
        owner = session.scalars(
            select(User).join(LeadReview, LeadReview.assignee_id == User.id).where(LeadReview.lead_id == first)
        ).first()
        assert len(pending_action_ids(session, first)) == 1
        login = owner.login
    manager_app = make_app(login)
    async with manager_app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert shown_ids(manager_app).count(first) == 1


async def test_a_verdict_that_cannot_be_saved_puts_the_row_back_with_an_error(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first = shown_ids(app)[0]
        with open_db.write() as session:  # the head leaves the company while the queue is open
            session.execute(update(User).where(User.login == "head").values(active=False))
        await pilot.press("o")
        await wait_ready(pilot)
        assert first in shown_ids(app)
        assert cursor_lead(app) == first
        assert "Not saved: The user head is deactivated." in notices(app)
    assert reviews_today(open_db, first) == []


def undo_rows(db) -> list[tuple[int, str, str | None]]:
    with db.read() as session:
        rows = session.execute(
            select(AuditEntry.entity_id, AuditEntry.field, AuditEntry.old)
            .where(AuditEntry.action == "lead.review.undo").order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


async def test_u_takes_back_the_last_verdicts_one_by_one(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first, second = shown_ids(app)[:2]
        with writes_held(open_db):  # o, a and u in a row: u undoes the action just given
            await pilot.press("o")
            await give_action(pilot, "Send the offer")
            await pilot.press("u")
        await wait_ready(pilot)
        assert reviews_today(open_db, second) == []
        assert second in shown_ids(app) and cursor_lead(app) == second
        assert "is back in the queue" in notices(app)
        with open_db.read() as session:
            assert pending_action_ids(session, second) == []
        await pilot.press("u")
        await wait_ready(pilot)
        assert reviews_today(open_db, first) == []
        assert shown_ids(app)[:2] == [first, second] and cursor_lead(app) == first
        await pilot.press("u")
        await wait_ready(pilot)
        assert "Nothing to undo today." in notices(app)
    removed = {(field, old) for _id, field, old in undo_rows(open_db)}
    assert {("verdict", "action"), ("action_text", "Send the offer"), ("verdict", "ok")} <= removed


async def test_the_undo_stack_outlives_the_screen_and_the_program(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first, second = shown_ids(app)[:2]
        await pilot.press("o", "o")
        await wait_ready(pilot)
        await pilot.press("2")
        await wait_ready(pilot, "board")
        await pilot.press("1")
        await wait_ready(pilot)
        await pilot.press("u")
        await wait_ready(pilot)
        assert second in shown_ids(app) and first not in shown_ids(app)
    assert reviews_today(open_db, second) == [] and reviews_today(open_db, first) == [("ok", "")]
    restarted = make_app("head")
    async with restarted.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert first not in shown_ids(restarted)
        await pilot.press("u")
        await wait_ready(pilot)
        assert first in shown_ids(restarted) and cursor_lead(restarted) == first
    assert reviews_today(open_db, first) == []


async def test_a_manager_has_no_undo(make_app):
    app = make_app("ivanov")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert app.screen.check_action("undo", ()) is False


async def test_keys_typed_in_one_burst_after_enter_reach_the_queue_not_the_text(make_app, open_db):
    from textual import events

    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first, second = shown_ids(app)[:2]
        await pilot.press("a")
        await pilot.pause()
        for key, character in [*((c, c) for c in "Call"), ("enter", "\r"), ("o", "o")]:
            app._driver.send_message(events.Key(key, character))  # all at once, as a fast typist or a paste
        await wait_ready(pilot)
    assert reviews_today(open_db, first) == [("action", "Call")]
    assert reviews_today(open_db, second) == [("ok", "")]
