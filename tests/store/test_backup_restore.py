"""Backups of a database that another process keeps writing, and restores that never harm one in use."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from salescockpit.cli import main  # noqa: F401  (the CLI first: the commands import its options)
from salescockpit.commands.backup import backup, restore
from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.users import add_user
from salescockpit.store.backup import BackupError, backup_database, integrity_problems, restore_database
from salescockpit.store.engine import Database
from salescockpit.store.tables import Call

pytestmark = pytest.mark.sqlite_only("backup and restore copy SQLite files (PostgreSQL has pg_dump)")


def _keep_writing(url: str, lead_id: int, instant, started, stop) -> None:
    """Child: log calls until told to stop."""
    from salescockpit.clock import FixedClock
    from salescockpit.services.calls import CallDraft, log_call

    db = Database.open(url)
    ctx = ServiceContext(db, FixedClock(instant), Settings(timezone="Europe/Moscow"))
    actor = load_actor(ctx, "anna")
    while not stop.is_set():
        log_call(ctx, actor, CallDraft(lead_id, "out", "no_answer", 10, notes="n" * 500))
        started.set()
    db.close()


@pytest.fixture
def ctx(db, clock):
    context = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(context)
    add_user(context, "anna", "Anna", "manager")
    return context


@pytest.fixture
def lead_id(ctx):
    return create_lead(ctx, load_actor(ctx, "anna"), LeadDraft(name="Lead"))


def call_count(path) -> int:
    database = Database.open(path)
    try:
        with database.read() as session:
            return session.scalar(select(func.count()).select_from(Call))
    finally:
        database.close()


def test_a_backup_taken_while_another_process_writes_is_whole(ctx, db, db_url, clock, lead_id, tmp_path):
    spawn = multiprocessing.get_context("spawn")
    started, stop = spawn.Event(), spawn.Event()
    writer = spawn.Process(target=_keep_writing, args=(db_url, lead_id, clock.now(), started, stop))
    writer.start()
    try:
        assert started.wait(60)
        copies = []
        for number in range(3):
            copies.append(backup_database(tmp_path / "test.db", tmp_path / f"copy{number}.db").path)
            time.sleep(0.05)
    finally:
        stop.set()
        writer.join(30)
    assert writer.exitcode == 0
    counts = []
    for copy in copies:
        assert integrity_problems(copy) == []
        assert not copy.with_name(copy.name + "-wal").exists()  # one self-contained file
        counts.append(call_count(copy))
    assert counts == sorted(counts) and counts[0] > 0
    assert call_count(tmp_path / "test.db") >= counts[-1]


def test_a_backup_never_overwrites_a_file(ctx, tmp_path):
    (tmp_path / "taken.db").write_text("precious")
    with pytest.raises(BackupError, match="already exists"):
        backup_database(tmp_path / "test.db", tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_text() == "precious"


def test_restore_refuses_while_a_connection_holds_the_database(ctx, db, lead_id, tmp_path):
    target = tmp_path / "test.db"
    saved = backup_database(target, tmp_path / "saved.db").path
    with db.read() as session:  # a program that has the database open
        session.scalar(select(func.count()).select_from(Call))
    with pytest.raises(BackupError, match="in use"):
        restore_database(saved, target, force=True)
    holder = sqlite3.connect(target)  # and a plain connection in a read transaction
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM calls").fetchone()
    db.close()
    with pytest.raises(BackupError, match="in use"):
        restore_database(saved, target, force=True)
    holder.close()
    assert integrity_problems(target) == []


def test_restore_puts_the_backup_in_place_when_nobody_holds_it(ctx, db, lead_id, tmp_path):
    from salescockpit.services.calls import CallDraft, log_call

    target = tmp_path / "test.db"
    saved = backup_database(target, tmp_path / "saved.db").path
    log_call(ctx, load_actor(ctx, "anna"), CallDraft(lead_id, "out", "no_answer", 5))  # after the backup
    db.close()
    assert call_count(target) == 1
    with pytest.raises(BackupError, match="--force"):
        restore_database(saved, target)
    restore_database(saved, target, force=True)
    assert call_count(target) == 0
    assert integrity_problems(target) == []
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_restore_refuses_a_damaged_backup(ctx, db, tmp_path):
    db.close()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(BackupError, match="damaged"):
        restore_database(broken, tmp_path / "test.db", force=True)
    assert integrity_problems(tmp_path / "test.db") == []


def test_backup_and_restore_commands(ctx, db, lead_id, tmp_path):
    add_user(ctx, "olga", "Olga", "head")  # both commands are the head's
    db.close()
    environment = {"SALESCOCKPIT_CONFIG": str(tmp_path / "no-config.toml"), "SALESCOCKPIT_DB": "",
                   "SALESCOCKPIT_USER": "olga"}
    database = str(tmp_path / "test.db")
    runner = CliRunner()
    result = runner.invoke(backup, ["--db", database, str(tmp_path / "b.db")], env=environment)
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    result = runner.invoke(restore, ["--db", database, str(tmp_path / "b.db")], env=environment)
    assert result.exit_code == 1 and "--force" in result.output
    result = runner.invoke(restore, ["--db", database, str(tmp_path / "b.db"), "--force"], env=environment)
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output


def test_restore_replaces_a_damaged_database(ctx, db, tmp_path):
    target = tmp_path / "test.db"
    saved = backup_database(target, tmp_path / "saved.db").path
    db.close()
    target.write_bytes(b"this is not a database" * 100)
    restore_database(saved, target, force=True)
    assert integrity_problems(target) == []
    assert call_count(target) == 0
