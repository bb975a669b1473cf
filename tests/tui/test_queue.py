"""The review queue, driven with keys, checked on screen and in the database."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable, Static

from salescockpit.store.tables import LeadReview, User
from tests.tui.conftest import wait_ready


def _table(app) -> DataTable:
    return app.screen.query_one("#queue-table", DataTable)


def _first_lead_id(app) -> int:
    return next(row.lead_id for row in app.screen.rows if row.lead_id > 0)  # client rows have negative keys


async def test_the_head_marks_a_lead_ok_and_it_leaves_the_queue(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert _table(app).row_count > 10
        progress = str(app.screen.query_one("#queue-progress", Static).render())
        assert "today 0 / 65" in progress
        lead_id = _first_lead_id(app)
        await pilot.press("o")
        await wait_ready(pilot)
        assert lead_id not in [row.lead_id for row in app.screen.rows]
        assert "today 1 / 65" in str(app.screen.query_one("#queue-progress", Static).render())
    with open_db.read() as session:
        review = session.scalars(
            select(LeadReview).where(LeadReview.lead_id == lead_id, LeadReview.day == "2026-11-23")
        ).one()
        assert review.verdict == "ok"


async def test_an_action_reaches_the_manager_queue_first(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("j", "j")
        row = app.screen.rows[2]
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Call back today")
        await pilot.press("enter")
        await wait_ready(pilot)
    with open_db.read() as session:
        review = session.scalars(select(LeadReview).where(LeadReview.lead_id == row.lead_id, LeadReview.day == "2026-11-23")).one()
        assert (review.verdict, review.action_text) == ("action", "Call back today")
        owner = session.scalars(select(User).where(User.id == review.assignee_id)).one()
        owner_login = owner.login
    manager_app = make_app(owner_login)
    async with manager_app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        rows = manager_app.screen.rows
        index = [each.lead_id for each in rows].index(row.lead_id)
        # Actions come first: every row up to this one is an action of the head's.
        assert all(each.hits[0].reason == "action_pending" for each in rows[: index + 1])
        assert rows[index].action_text == "Call back today"
        assert "Action: Call back today" in str(_table(manager_app).get_row_at(index)[3])
        for _ in range(index):
            await pilot.press("j")
        # The head's keys are not the manager's: no action verdicts, no manager filter.
        assert manager_app.screen.check_action("verdict_action", ()) is False
        await pilot.press("o")
        await wait_ready(pilot)
    with open_db.read() as session:
        done = session.scalars(select(LeadReview).where(LeadReview.id == review.id)).one()
        assert done.action_done_at is not None


async def test_filter_by_text_narrows_the_queue(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        before = _table(app).row_count
        wanted = app.screen.rows[3]
        await pilot.press("slash")
        await pilot.press(*wanted.name.split()[0].lower())
        await pilot.press("enter")
        await wait_ready(pilot)
        names = [row.name for row in app.screen.rows]
        assert wanted.name in names
        assert len(names) < before
        assert "filter:" in str(app.screen.query_one("#queue-progress", Static).render())
        await pilot.press("escape")
        await wait_ready(pilot)
        assert _table(app).row_count == before


async def test_help_lists_the_keys_of_the_queue(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-keys", DataTable)
        actions = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {"OK", "Action", "Skip", "Filter", "Manager", "Refresh", "Queue", "Board"} <= actions
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "QueueScreen"


async def test_an_unknown_user_gets_a_message_naming_user_add(make_app):
    app = make_app("nobody")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.failure:
                break
    assert app.failure and "salescockpit user add" in app.failure


def test_queue_snapshot(make_app, snap_compare):
    async def ready(pilot):
        await wait_ready(pilot)

    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=ready)


def test_manager_queue_snapshot_at_80x24(make_app, snap_compare):
    async def ready(pilot):
        await wait_ready(pilot)

    assert snap_compare(make_app("ivanov"), terminal_size=(80, 24), run_before=ready)


async def test_help_lists_the_queues_own_keys_first_then_the_apps_then_the_tables(make_app):
    from salescockpit.tui.screens.queue import QueueScreen

    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-keys", DataTable)
        actions = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
    own = {binding.description for binding in QueueScreen.BINDINGS}
    from_the_app = {"Queue", "Board", "Help", "Quit"}
    from_the_table = {"Cursor up", "Cursor down", "Page up", "Page down"}
    kinds = [0 if action in own else 1 if action in from_the_app else 2 if action in from_the_table else None
             for action in actions]
    known = [kind for kind in kinds if kind is not None]
    assert actions[0] == "Down" and "Undo" in actions
    assert known == sorted(known) and set(known) == {0, 1, 2}
