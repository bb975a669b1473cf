"""The cockpit on a database it may not write, or cannot use: a banner, or one clear message."""

from __future__ import annotations

import sqlite3

from salescockpit.tui.screens.queue import QueueScreen
from tests.cli.broken_databases import corrupt, read_only
from tests.tui.conftest import wait_ready


def _review_count(path) -> int:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM lead_reviews").fetchone()[0]
    finally:
        connection.close()


def _notes(app, severity: str) -> list[str]:
    return [f"{note.title}: {note.message}" for note in app._notifications if note.severity == severity]


async def test_a_read_only_database_opens_with_a_banner_and_a_verdict_is_refused_in_words(
    request, demo_template, settings, clock, tmp_path
):
    from salescockpit.tui.app import build_app

    finalizers: list = []
    request.addfinalizer(lambda: [undo() for undo in finalizers])
    path = read_only(demo_template, tmp_path, finalizers)
    before = _review_count(path)
    app = build_app(db_target=str(path), login="head", settings=settings, clock=clock, drafts_dir=tmp_path / "drafts")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert isinstance(app.screen, QueueScreen) and app.failure is None
        assert app.sub_title.startswith("READ-ONLY · ")
        assert any("nothing can be saved" in text for text in _notes(app, "warning"))
        await pilot.press("o")
        await wait_ready(pilot)
        errors = _notes(app, "error")
        assert any(f"{path}: the database is read-only, so nothing can be saved." in text for text in errors), errors
        assert all("Traceback" not in text and "attempt to write" not in text for text in errors)
        assert app.is_running
    assert _review_count(path) == before


async def test_a_corrupt_database_ends_the_cockpit_with_one_line_naming_the_file(settings, clock, tmp_path):
    from salescockpit.tui.app import build_app

    path = corrupt(tmp_path, tmp_path, [])
    app = build_app(db_target=str(path), login="head", settings=settings, clock=clock, drafts_dir=tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.failure:
                break
    assert app.failure_is_database
    assert app.failure.startswith(f"{path}: this file is not a salescockpit database")
    assert "\n" not in app.failure


async def test_a_missing_database_is_not_created_by_the_cockpit(settings, clock, tmp_path):
    from salescockpit.tui.app import build_app

    path = tmp_path / "typo" / "team.db"
    app = build_app(db_target=str(path), login="head", settings=settings, clock=clock, drafts_dir=tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.failure:
                break
    assert app.failure_is_database and "no salescockpit database here" in app.failure
    assert not path.parent.exists()


async def test_a_database_with_no_users_says_how_to_add_the_first_head(settings, clock, tmp_path):
    from salescockpit.store.engine import Database
    from salescockpit.tui.app import build_app

    path = tmp_path / "new.db"
    Database.open(path).close()  # the schema, and nobody yet
    app = build_app(db_target=str(path), login="olga", settings=settings, clock=clock, drafts_dir=tmp_path / "drafts")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.failure:
                break
    assert app.failure == ("The database new.db has no users yet. Add its head of sales first: "
                           "salescockpit user add LOGIN --name NAME --role head")
