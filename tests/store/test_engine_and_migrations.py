"""Opening databases: pragmas, aware datetimes, schema upgrades with a backup, newer schemas refused.

On SQLite and PostgreSQL alike, except the pragmas; the copy made before an upgrade is a SQLite file.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from salescockpit.store.engine import Database
from salescockpit.store.migrate import MIGRATIONS_DIR, SchemaError, current_revision, upgrade
from salescockpit.store.migrations import HEAD_REVISION
from salescockpit.store.tables import User


def test_head_revision_constant_matches_the_migrations():
    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() == HEAD_REVISION


@pytest.mark.sqlite_only("pragmas are SQLite's settings")
def test_a_new_database_gets_the_whole_schema_with_house_pragmas(db):
    assert current_revision(db) == HEAD_REVISION
    with db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_datetimes_go_in_as_utc_and_come_back_aware(db):
    moscow = timezone(timedelta(hours=3))
    with db.write() as session:
        session.add(User(login="olga", display_name="Olga", role="head", created_at=datetime(2026, 11, 23, 10, 0, tzinfo=moscow)))
    with db.read() as session:
        stored = session.execute(text("SELECT created_at FROM users")).scalar()
        user = session.query(User).one()
    assert str(stored).startswith("2026-11-23 07:00:00")  # SQLite gives text, PostgreSQL a naive datetime
    assert user.created_at == datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
    assert user.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(db):
    with pytest.raises(Exception, match="naive"):
        with db.write() as session:
            session.add(User(login="x", display_name="X", role="head", created_at=datetime(2026, 1, 1)))


def test_a_failed_write_leaves_nothing(db):
    with pytest.raises(RuntimeError):
        with db.write() as session:
            session.add(User(login="x", display_name="X", role="head", created_at=datetime.now(timezone.utc)))
            session.flush()
            raise RuntimeError("boom")
    with db.read() as session:
        assert session.query(User).count() == 0


def test_an_older_database_is_backed_up_then_upgraded_keeping_every_row(blank_db_url, backend, tmp_path):
    old = Database.open(blank_db_url, migrate=False)
    upgrade(old, "0001")
    from salescockpit.demo import build_demo
    from tests.conftest import TEST_NOW, TEST_TZ

    tables = ("users", "leads", "calls", "callbacks", "call_reviews", "lead_reviews", "stage_history")

    def counts(database):
        with database.engine.connect() as connection:
            return {name: connection.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar() for name in tables}

    with old.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO users (login, display_name, role, active, created_at) VALUES ('olga', 'Olga', 'head', true, '2026-01-01 00:00:00.000000')")
        )
    # Rows in every table that points at users, made by the code of the day (the demo's Core path).
    build_demo(old, leads=30, seed=5, now=TEST_NOW, tz=TEST_TZ, fast=False, rollups=False)
    before = counts(old)
    old.close()
    reopened = Database.open(blank_db_url)
    assert current_revision(reopened) == HEAD_REVISION
    after = counts(reopened)
    with reopened.read() as session:
        assert "olga" in [u.login for u in session.query(User)]
    assert after == before and after["leads"] == 30
    backups = list(tmp_path.glob("blank.before-0001-*.db"))
    if backend == "postgresql":  # the server's own backups are the administrator's; no file is made
        assert backups == []
        reopened.close()
        return
    with reopened.read() as session:
        assert session.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert len(backups) == 1
    copy = Database.open(backups[0], migrate=False)
    assert current_revision(copy) == "0001"
    copy.close()
    reopened.close()


def test_a_database_from_a_newer_program_is_refused(db_url):
    Database.open(db_url).close()
    database = Database.open(db_url, migrate=False)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database.close()
    with pytest.raises(SchemaError, match="newer salescockpit"):
        Database.open(db_url)


@pytest.mark.sqlite_only("files and folders are SQLite's")
def test_opening_without_create_makes_no_file_and_no_folder(tmp_path):
    from salescockpit.store.problems import NoDatabase

    missing = tmp_path / "typo" / "team.db"
    with pytest.raises(NoDatabase, match="no salescockpit database here"):
        Database.open(missing, create=False)
    assert not missing.parent.exists()


@pytest.mark.sqlite_only("a file's permissions")
def test_a_read_only_file_is_read_and_every_write_refused_before_it_starts(request, db, tmp_path):
    from salescockpit.store.problems import ReadOnlyDatabase
    from tests.cli.broken_databases import read_only

    with db.write() as session:
        session.add(User(login="olga", display_name="Olga", role="head", created_at=datetime.now(timezone.utc)))
    db.close()
    finalizers: list = []
    request.addfinalizer(lambda: [undo() for undo in finalizers])
    folder = tmp_path / "copy"
    folder.mkdir()
    path = read_only(Path(db.url.removeprefix("sqlite:///")), folder, finalizers)
    database = Database.open(path, create=False)
    try:
        assert database.read_only
        with database.read() as session:
            assert session.query(User).one().login == "olga"
        with pytest.raises(ReadOnlyDatabase, match="read-only, so nothing can be saved"):
            with database.write() as session:
                session.add(User(login="anna", display_name="Anna", role="manager",
                                 created_at=datetime.now(timezone.utc)))
    finally:
        database.close()


@pytest.mark.sqlite_only("another program's SQLite file")
@pytest.mark.parametrize("create", [False, True])
def test_another_programs_database_is_refused_and_not_touched(tmp_path, create):
    import sqlite3

    from salescockpit.store.problems import DatabaseProblem

    other = tmp_path / "crm.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    before = other.read_bytes()
    with pytest.raises(DatabaseProblem, match="belongs to another program"):
        Database.open(other, create=create)
    assert other.read_bytes() == before
