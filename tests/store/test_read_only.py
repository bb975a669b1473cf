"""`open_read_only`: the database itself refuses writes, and nothing is created or upgraded."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from salescockpit.store.engine import Database
from salescockpit.store.migrate import SchemaError
from salescockpit.store.read_only import open_read_only
from salescockpit.store.tables import User


def test_reads_work_and_every_write_is_refused_by_the_database(db_url):
    Database.open(db_url).close()
    viewer = open_read_only(db_url)
    try:
        with viewer.read() as session:
            assert session.scalar(select(func.count()).select_from(User)) == 0
        with pytest.raises(DBAPIError) as refused:
            with viewer.write() as session:
                session.execute(
                    text("INSERT INTO users (login, display_name, role, active, created_at) "
                         "VALUES ('x', 'X', 'head', true, CURRENT_TIMESTAMP)")
                )
        assert "read" in str(refused.value).casefold()  # "readonly database" / "read-only transaction"
    finally:
        viewer.close()
    writer = Database.open(db_url)
    try:
        with writer.read() as session:
            assert session.scalar(select(func.count()).select_from(User)) == 0
    finally:
        writer.close()


def test_a_database_without_the_schema_is_refused_not_migrated(blank_db_url, backend, tmp_path):
    if backend == "sqlite":
        path = tmp_path / "blank.db"
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE unrelated (x INTEGER)")
        connection.close()
        before = path.read_bytes()
    with pytest.raises(SchemaError, match="run salescockpit on it once"):
        open_read_only(blank_db_url)
    if backend == "sqlite":
        assert path.read_bytes() == before


@pytest.mark.sqlite_only("a missing file is a SQLite matter")
def test_a_missing_file_is_reported_and_not_created(db_url, tmp_path):
    missing = tmp_path / "nowhere" / "sales.db"
    with pytest.raises(SchemaError, match="There is no database"):
        open_read_only(missing)
    assert not missing.exists() and not missing.parent.exists()
