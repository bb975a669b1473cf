"""`doctor --acknowledge ID --reason TEXT`: the head acknowledges a broken seal; doctor then lists it as such."""

from __future__ import annotations

import re
import sqlite3

from click.testing import CliRunner

from salescockpit.cli import Invocation, main
from salescockpit.clock import FixedClock
from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import update_lead
from salescockpit.store.engine import Database
from tests.cli.test_doctor_cli import demo_copy, demo_file, tamper  # noqa: F401  (fixtures)
from tests.conftest import TEST_NOW, TEST_TZ


def run(path, *args: str):
    environment = {"SALESCOCKPIT_CONFIG": str(path.with_name("no-config.toml")), "SALESCOCKPIT_DB": "",
                   "SALESCOCKPIT_TIMEZONE": "Europe/Moscow"}
    return CliRunner().invoke(main, ["doctor", "--db", str(path), *args], env=environment,
                              obj=Invocation(clock=FixedClock(TEST_NOW, TEST_TZ)))


def _broken_seal(path) -> tuple[int, int]:
    """Change a lead behind the program's back, then write to it: the write leaves a seal.broken row."""
    tamper(path, "UPDATE leads SET company = 'changed behind the back' WHERE id = (SELECT min(id) FROM leads)")
    database = Database.open(path)
    try:
        ctx = ServiceContext(db=database, clock=FixedClock(TEST_NOW, TEST_TZ), settings=Settings(timezone="Europe/Moscow"))
        with database.read() as session:
            lead_id = session.connection().exec_driver_sql("SELECT min(id) FROM leads").scalar()
        update_lead(ctx, load_actor(ctx, "head"), lead_id, company="Ромашка")
    finally:
        database.close()
    connection = sqlite3.connect(path)
    try:
        (row_id,) = connection.execute("SELECT id FROM audit_log WHERE action = 'seal.broken'").fetchone()
    finally:
        connection.close()
    return row_id, lead_id


def test_the_head_acknowledges_a_broken_seal_and_doctor_lists_it_as_acknowledged(demo_copy):  # noqa: F811
    row_id, lead_id = _broken_seal(demo_copy)
    before = run(demo_copy)
    assert before.exit_code == 1
    assert re.search(rf"lead {lead_id} had been changed outside salescockpit .*\(audit row {row_id}\)", before.output)

    done = run(demo_copy, "--user", "head", "--acknowledge", str(row_id), "--reason", "fixed a typo by hand")
    assert done.exit_code == 0, done.output
    assert f"Acknowledged the broken seal in audit row {row_id} (lead {lead_id}): fixed a typo by hand" in done.output
    assert "PROBLEM" not in done.output
    assert f"acknowledged: lead {lead_id}: broken seal of audit row {row_id}" in done.output
    assert "acknowledged by head" in done.output and "fixed a typo by hand" in done.output

    connection = sqlite3.connect(demo_copy)
    try:
        audited = connection.execute(
            "SELECT u.login, a.entity, a.entity_id, a.old, a.new FROM audit_log a JOIN users u ON u.id = a.user_id "
            "WHERE a.action = 'seal.acknowledged'").fetchall()
    finally:
        connection.close()
    assert audited == [("head", "audit", row_id, f"lead {lead_id}", "fixed a typo by hand")]
    again = run(demo_copy)
    assert again.exit_code == 0 and "Everything is fine." in again.output


def test_only_the_head_with_a_reason_and_only_once(demo_copy):  # noqa: F811
    row_id, _lead_id = _broken_seal(demo_copy)
    manager = run(demo_copy, "--user", "ivanov", "--acknowledge", str(row_id), "--reason", "x")
    assert manager.exit_code == 1 and "Only the head of sales" in manager.output
    no_reason = run(demo_copy, "--user", "head", "--acknowledge", str(row_id), "--reason", "  ")
    assert no_reason.exit_code == 1 and "--reason" in no_reason.output
    not_broken = run(demo_copy, "--user", "head", "--acknowledge", "1", "--reason", "x")
    assert not_broken.exit_code == 1 and "Audit row 1 is not a broken seal" in not_broken.output
    assert run(demo_copy, "--user", "head", "--acknowledge", str(row_id), "--reason", "ok").exit_code == 0
    twice = run(demo_copy, "--user", "head", "--acknowledge", str(row_id), "--reason", "ok")
    assert twice.exit_code == 1 and "already acknowledged" in twice.output
    assert "Traceback" not in twice.output
