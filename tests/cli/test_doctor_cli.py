"""`salescockpit doctor` on a clean demo database, then after tampering with the file behind its back."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from salescockpit.cli import main  # noqa: F401  (the CLI first: the command imports its options)
from salescockpit.commands.doctor import doctor
from salescockpit.demo import build_demo
from salescockpit.store.engine import Database
from tests.conftest import TEST_NOW, TEST_TZ


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("doctor") / "demo.db"
    database = Database.open(path)
    build_demo(database, leads=60, seed=3, now=TEST_NOW, tz=TEST_TZ)
    database.close()
    return path


@pytest.fixture
def demo_copy(demo_file, tmp_path):
    """A private copy of the demo database, to tamper with."""
    target = tmp_path / "copy.db"
    with sqlite3.connect(demo_file) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target


def run_doctor(path):
    environment = {"SALESCOCKPIT_CONFIG": str(path.with_name("no-config.toml")), "SALESCOCKPIT_DB": ""}
    return CliRunner().invoke(doctor, ["--db", str(path)], env=environment)


def tamper(path, *statements: str) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        connection.execute(statement)
    connection.close()


def test_a_clean_demo_database_passes(demo_copy):
    result = run_doctor(demo_copy)
    assert result.exit_code == 0, result.output
    assert "PROBLEM" not in result.output
    assert result.output.count("ok ") == 8


def test_a_callback_closed_before_it_was_created(demo_copy):
    tamper(demo_copy, "UPDATE callbacks SET done_at = datetime(created_at, '-1 day'), status = 'done' "
                      "WHERE id = (SELECT min(id) FROM callbacks)")
    result = run_doctor(demo_copy)
    assert result.exit_code == 1
    assert "PROBLEM  Callback times" in result.output
    assert "closed before it was created" in result.output


def test_a_callback_due_in_ten_years(demo_copy):
    tamper(demo_copy, "UPDATE callbacks SET due_at = datetime(created_at, '+3650 days') "
                      "WHERE id = (SELECT max(id) FROM callbacks)")
    result = run_doctor(demo_copy)
    assert result.exit_code == 1
    assert "due more than five years" in result.output


def test_an_orphan_row(demo_copy):
    tamper(demo_copy, "UPDATE calls SET lead_id = 999999 WHERE id = (SELECT min(id) FROM calls)")
    result = run_doctor(demo_copy)
    assert result.exit_code == 1
    assert "PROBLEM  References between rows" in result.output
    assert "1 row(s) in calls point at missing leads" in result.output


def test_a_lead_with_a_wrong_rollup(demo_copy):
    connection = sqlite3.connect(demo_copy)
    lead_id = connection.execute("SELECT min(lead_id) FROM callbacks WHERE status = 'open'").fetchone()[0]
    connection.close()
    tamper(demo_copy, f"UPDATE leads SET open_due_min = NULL WHERE id = {lead_id}")
    result = run_doctor(demo_copy)
    assert result.exit_code == 1
    assert "PROBLEM  Lead summaries" in result.output
    assert f"#{lead_id}" in result.output


def test_an_old_schema_is_reported_not_upgraded(demo_copy):
    tamper(demo_copy, "UPDATE alembic_version SET version_num = '0002'")
    result = run_doctor(demo_copy)
    assert result.exit_code == 1
    assert "revision 0002" in result.output
    connection = sqlite3.connect(demo_copy)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    connection.close()


def test_a_damaged_file(demo_copy):
    data = bytearray(demo_copy.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200
    demo_copy.write_bytes(bytes(data))
    result = run_doctor(demo_copy)
    assert result.exit_code == 1
    assert "PROBLEM  File integrity" in result.output


def test_a_missing_file_is_not_created(tmp_path):
    result = run_doctor(tmp_path / "nothing.db")
    assert result.exit_code == 2
    assert "no salescockpit database here" in result.output
    assert not (tmp_path / "nothing.db").exists()


def test_a_write_ahead_log_that_keeps_growing(demo_copy):
    from salescockpit.store.health import check_wal_size

    database = Database.open(demo_copy)
    try:
        reader = database.engine.connect()  # a read kept open stops the log being checkpointed
        reader.exec_driver_sql("SELECT count(*) FROM leads").fetchall()
        with database.write() as session:
            session.connection().exec_driver_sql("UPDATE leads SET search_text = search_text || ' '")
        assert check_wal_size(database) == []
        assert "write-ahead log" in check_wal_size(database, limit=1024)[0]
        reader.close()
    finally:
        database.close()
