"""Fixtures for the screens: a demo database built once, copied for each test, and the app factory."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import TEST_NOW, TEST_TZ

DEMO_LEADS = 120
DEMO_SEED = 7


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch):
    """Cursors in inputs and text areas do not blink in tests: a snapshot cannot catch one half-way.

    A blink is a 0.5 s timer; on a loaded machine the last key and the screenshot can be further
    apart than that, so the same screen came out with or without its cursor cell.
    """
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A small demo database at the fixed test instant (built once per test session)."""
    from salescockpit.demo import build_demo
    from salescockpit.store.engine import Database

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = Database.open(path)
    build_demo(database, leads=DEMO_LEADS, seed=DEMO_SEED, now=TEST_NOW, tz=TEST_TZ)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_path(demo_template, tmp_path):
    """A fresh copy of the demo database for one test."""
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    return target


@pytest.fixture
def settings():
    from salescockpit.config import Settings

    return Settings(timezone="Europe/Moscow")


@pytest.fixture
def make_app(demo_path, settings, clock, tmp_path):
    """``make_app(login="head")``: the cockpit on the demo copy at the fixed test clock (drafts in tmp_path)."""
    from salescockpit.tui.app import build_app

    def factory(login: str = "head"):
        return build_app(
            db_target=str(demo_path), login=login, settings=settings, clock=clock, drafts_dir=tmp_path / "drafts"
        )

    return factory


@pytest.fixture
def open_db(demo_path):
    """The demo copy as a Database, to check what a flow wrote."""
    from salescockpit.store.engine import Database

    database = Database.open(demo_path)
    yield database
    database.close()


async def wait_ready(pilot, mode: str = "queue") -> None:
    """Wait until the store is open, ``mode`` is shown and no worker is still running."""
    app = pilot.app
    for _ in range(400):
        await pilot.pause(0.02)
        busy = any(not worker.is_finished for worker in app.workers)
        if app.cockpit is not None and app.current_mode == mode and not busy:
            break
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause(0.2)
    await pilot.pause()
