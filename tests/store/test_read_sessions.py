"""`Database.read()` keeps a finished SQLite read session for the next read (issue 22).

What a reader must still get: what was written since its last read, a clean session after a read
that failed, and no connection left on the file once the database is closed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from salescockpit.store.engine import Database


def _user_count(db: Database) -> int:
    with db.read() as session:
        return session.execute(text("SELECT count(*) FROM users")).scalar_one()


def _add_user(db: Database, login: str) -> None:
    with db.write() as session:
        session.execute(text("INSERT INTO users (login, display_name, role, active, created_at) "
                             "VALUES (:login, :login, 'manager', :active, :now)"),
                        {"login": login, "active": True, "now": "2026-11-23 07:00:00.000000"})


def test_every_read_sees_what_was_written_before_it(db):
    before = _user_count(db)
    for number in range(3):
        _add_user(db, f"reader{number}")
        assert _user_count(db) == before + number + 1  # never a snapshot left from the last read


def test_a_read_that_failed_leaves_the_next_read_a_working_session(db):
    before = _user_count(db)
    with pytest.raises(ZeroDivisionError), db.read() as session:
        session.execute(text("SELECT count(*) FROM users")).scalar_one()
        1 / 0
    with pytest.raises(Exception), db.read() as session:
        session.execute(text("SELECT no_such_column FROM users"))
    assert _user_count(db) == before


def _open_on(path: Path) -> list[str]:
    """This process's open files on the database (and its -wal/-shm)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)):
            found.append(target)
    return found


@pytest.mark.sqlite_only("an open SQLite file shows as this process's file descriptors")
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_close_leaves_no_connection_on_the_file(tmp_path):
    path = tmp_path / "reads.db"
    db = Database.open(path)
    _user_count(db)
    with db.read() as one, db.read() as two:  # two sessions at once: both are kept afterwards
        one.execute(text("SELECT 1")), two.execute(text("SELECT 1"))
    assert _open_on(path)
    db.close()
    assert _open_on(path) == []
