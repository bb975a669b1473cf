"""Real failures behind the app's back (a dropped table, a deleted lead) are shown in words; the app lives on."""

from __future__ import annotations

import sqlite3

from salescockpit.tui.screens.lead_card import LeadCardScreen
from tests.tui.conftest import wait_ready
from tests.tui.test_log_call import settle


def _behind_the_apps_back(path, *statements: str) -> None:
    """Run ``statements`` through a connection of its own, foreign keys off, as another program would."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def _errors(app) -> list[str]:
    return [f"{note.title}: {note.message}" for note in app._notifications if note.severity == "error"]


async def test_a_dropped_table_shows_an_error_in_words_and_the_app_stays_usable(make_app, demo_path):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        _behind_the_apps_back(demo_path, "DROP TABLE lead_reviews")
        await pilot.press("r")
        await settle(pilot)
        errors = _errors(app)
        assert "Not done: The database refused: no such table: lead_reviews" in errors
        assert all("SELECT" not in text and "\n" not in text for text in errors)  # words, not a statement
        assert app.is_running and app.return_code is None
        for key, mode in (("2", "board"), ("3", "callbacks"), ("5", "recheck"), ("1", "queue")):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running and app.current_mode == mode
        await pilot.press("question_mark")  # the keys still answer
        await pilot.pause(0.1)
        assert app.is_running and app.screen.__class__.__name__ == "HelpScreen"


async def test_a_lead_deleted_behind_the_apps_back_cannot_be_opened_and_q_goes_back(make_app, demo_path, open_db):
    from sqlalchemy import select

    from salescockpit.store.tables import Lead

    with open_db.read() as session:
        lead_id = session.scalar(select(Lead.id).order_by(Lead.id.desc()))
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        _behind_the_apps_back(demo_path, f"DELETE FROM leads WHERE id = {lead_id}")
        app.open_lead(lead_id)
        await settle(pilot)
        assert isinstance(app.screen, LeadCardScreen)
        assert any(text.startswith("Cannot open the lead") for text in _errors(app))
        for key in ("c", "b", "e", "l", "v", "r"):  # the card's keys on a card that is not there
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running
            if not isinstance(app.screen, LeadCardScreen):
                await pilot.press("escape")
                await settle(pilot)
        assert isinstance(app.screen, LeadCardScreen)
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, LeadCardScreen)
        assert app.is_running and app.current_mode == "queue"


async def test_a_result_handler_that_fails_is_shown_in_words_and_the_app_lives(make_app):
    from textual.css.query import NoMatches

    from salescockpit.tui.flows import in_thread

    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)

        def show_on_a_widget_that_is_gone(_result) -> None:
            app.screen.query_one("#a-widget-that-is-gone")

        in_thread(app, lambda cockpit: cockpit.actor.id, then=show_on_a_widget_that_is_gone)
        await settle(pilot)
        app.screen.in_worker(lambda cockpit: cockpit.actor.id, then=show_on_a_widget_that_is_gone)
        await settle(pilot)
        gone = [text for text in _errors(app) if NoMatches.__name__ in text]
        assert len(gone) == 2
        assert app.is_running and app.return_code is None
        await pilot.press("2")
        await settle(pilot)
        assert app.current_mode == "board"
