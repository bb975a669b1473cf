"""The cockpit on a keyed audit trail (store/audit_key.py): with the key file its writes are linked with
the key; without it, or with a key file others may read, it ends at once with one line."""

from __future__ import annotations

import dataclasses
import sqlite3

from salescockpit.services.actor import load_actor
from salescockpit.services.audit_key import key_audit_trail
from salescockpit.services.context import ServiceContext
from salescockpit.store.audit_health import check_audit_chain
from salescockpit.store.engine import Database
from salescockpit.tui.screens.queue import QueueScreen
from tests.tui.conftest import wait_ready


def _review_count(path) -> int:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM lead_reviews").fetchone()[0]
    finally:
        connection.close()


def _key_the_demo(path, key_file, settings, clock) -> bytes:
    key = bytes(range(32))
    key_file.write_text(key.hex() + "\n")
    key_file.chmod(0o600)
    database = Database.open(path, audit_key=key)
    ctx = ServiceContext(db=database, clock=clock, settings=settings)
    key_audit_trail(ctx, load_actor(ctx, "head"), key)
    database.close()
    return key


def _app(path, settings, clock, tmp_path):
    from salescockpit.tui.app import build_app

    return build_app(db_target=str(path), login="head", settings=settings, clock=clock, drafts_dir=tmp_path / "drafts")


def _errors(app) -> list[str]:
    return [note.message for note in app._notifications if note.severity == "error"]


async def test_with_the_key_file_a_verdict_is_linked_with_the_key(demo_path, settings, clock, tmp_path):
    key = _key_the_demo(demo_path, tmp_path / "audit.key", settings, clock)
    keyed = dataclasses.replace(settings, audit_key_file=tmp_path / "audit.key")
    before = _review_count(demo_path)
    app = _app(demo_path, keyed, clock, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert isinstance(app.screen, QueueScreen) and app.failure is None
        await pilot.press("o")
        await wait_ready(pilot)
        assert _errors(app) == []
    assert _review_count(demo_path) == before + 1
    database = Database.open(demo_path, migrate=False, audit_key=key)
    assert check_audit_chain(database) == []
    database.close()


async def test_without_the_key_file_the_cockpit_ends_in_one_line(demo_path, settings, clock, tmp_path):
    _key_the_demo(demo_path, tmp_path / "audit.key", settings, clock)
    app = _app(demo_path, settings, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.failure:
                break
    assert app.failure_is_database
    assert app.failure == (f"{demo_path}: its audit trail is sealed with a key and this run has none "
                           "(audit.key_file in the config file, the service account's, is not set or its file is "
                           "missing); nothing was written.")


async def test_a_key_file_others_may_read_ends_the_cockpit_in_one_line(demo_path, settings, clock, tmp_path):
    key_file = tmp_path / "audit.key"
    _key_the_demo(demo_path, key_file, settings, clock)
    key_file.chmod(0o644)
    app = _app(demo_path, dataclasses.replace(settings, audit_key_file=key_file), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.failure:
                break
    assert app.failure == f"{demo_path}: {key_file} holds the audit key and others may read it: chmod 600 {key_file}."
