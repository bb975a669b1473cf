"""`salescockpit audit` (filters, permissions, bad input) and doctor's audit checks, via CliRunner."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from click.testing import CliRunner

from salescockpit.cli import main  # noqa: F401  (the CLI first: the commands import its options)
from salescockpit.commands.audit import audit
from salescockpit.commands.doctor import doctor
from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.callbacks import reschedule_callback, schedule_callback
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.users import add_user
from salescockpit.store.audit_health import chain_head
from salescockpit.store.engine import Database


@pytest.fixture
def story(tmp_path, clock):
    """olga (head); anna's lead with a call and a rescheduled callback; boris's lead with a callback."""
    path = tmp_path / "trail.db"
    db = Database.open(path)
    ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(ctx)
    for login, name, role in (("olga", "Ольга Петрова", "head"), ("anna", "Анна Смирнова", "manager"),
                              ("boris", "Борис Иванов", "manager")):
        add_user(ctx, login, name, role)
    olga, anna, boris = (load_actor(ctx, login) for login in ("olga", "anna", "boris"))
    now = clock.now()
    annas = create_lead(ctx, anna, LeadDraft(name="Иван Иванов"))
    log_call(ctx, anna, CallDraft(annas, "out", "reached", 90, started_at=now - timedelta(hours=1),
                                  next_callback_at=now + timedelta(days=1)))
    callback = schedule_callback(ctx, anna, annas, now + timedelta(days=2), "demo")
    reschedule_callback(ctx, anna, callback, now + timedelta(days=3), "asked later")
    boriss = create_lead(ctx, olga, LeadDraft(name="Пётр Петров", owner_id=boris.id))
    schedule_callback(ctx, boris, boriss, now + timedelta(days=1))
    db.close()
    return {"path": path, "anna_lead": annas, "boris_lead": boriss, "callback": callback}


def run(command, path, *args: str, user: str = "olga"):
    environment = {"SALESCOCKPIT_TIMEZONE": "Europe/Moscow", "SALESCOCKPIT_CONFIG": str(path.with_name("none.toml")),
                   "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": ""}
    return CliRunner().invoke(command, ["--db", str(path), "--user", user, *args], env=environment)


def test_the_head_sees_the_whole_trail_oldest_first_without_seals(story):
    result = run(audit, story["path"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["WHEN", "WHO", "ACTION", "RECORD", "FIELD", "CHANGE"]
    actions = [line.split()[3] for line in lines[1:]]
    assert " seal " not in result.output and "seal" not in actions
    assert actions.index("lead.create") < actions.index("call.log") < actions.index("callback.reschedule")
    reschedule = next(line for line in lines if "callback.reschedule" in line and "due_at" in line)
    # instants are shown in the team timezone: due at 10:00 Moscow in two days, then in three
    assert "2026-11-23 10:00  anna" in reschedule and "2026-11-25 10:00 -> 2026-11-26 10:00" in reschedule


def test_filters_by_lead_author_day_and_limit(story):
    by_lead = run(audit, story["path"], "--lead", str(story["boris_lead"]))
    assert by_lead.exit_code == 0, by_lead.output
    assert "Пётр Петров" in by_lead.output and "Иван Иванов" not in by_lead.output
    assert "callback.schedule" in by_lead.output  # a row about the lead's callback belongs to the lead
    by_author = run(audit, story["path"], "--by", "boris")
    assert {line.split()[2] for line in by_author.output.splitlines()[1:]} == {"boris"}
    assert "No audit rows match." in run(audit, story["path"], "--since", "2100-01-01").output
    assert "lead.create" in run(audit, story["path"], "--since", "2026-11-23").output
    limited = run(audit, story["path"], "--limit", "2")
    assert len(limited.output.splitlines()) == 3 and "callback.schedule" in limited.output.splitlines()[-1]


def test_a_manager_sees_only_rows_about_their_own_leads(story):
    result = run(audit, story["path"], user="anna")
    assert result.exit_code == 0, result.output
    assert "Иван Иванов" in result.output and "Пётр Петров" not in result.output
    assert "boris" not in result.output and "user.add" not in result.output
    refused = run(audit, story["path"], "--lead", str(story["boris_lead"]), user="anna")
    assert refused.exit_code == 1 and "belongs to another manager" in refused.output


@pytest.mark.parametrize(("args", "message"), [
    (("--since", "23.11.2026"), "Invalid value for '--since': '23.11.2026' is not a date"),
    (("--by", "nobody"), "There is no user nobody."),
    (("--lead", "999"), "Lead #999 does not exist."),
    (("--limit", "0"), "Invalid value for '--limit'"),
])
def test_bad_input_gets_a_clear_error(story, args, message):
    result = run(audit, story["path"], *args)
    assert result.exit_code != 0 and message in result.output


def test_the_audit_command_never_imports_textual(story):
    code = (
        "import sys; from salescockpit.cli import main\n"
        f"try: main(['audit', '--db', {str(story['path'])!r}, '--user', 'olga'])\n"
        "except SystemExit: pass\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "lead.create" in result.stdout


def test_doctor_names_the_backdated_callback_and_prints_the_head(story):
    clean = run(doctor, story["path"])
    assert clean.exit_code == 0, clean.output
    database = Database.open(story["path"], migrate=False)
    head_id, head_hash = chain_head(database)
    database.close()
    assert f"Audit trail head: {head_id}:{head_hash[:12]}" in clean.output
    connection = sqlite3.connect(story["path"], isolation_level=None)
    connection.execute("UPDATE callbacks SET due_at = '2026-11-23 07:30:00.000000' WHERE id = ?", (story["callback"],))
    connection.close()
    tampered = run(doctor, story["path"], "--head", f"{head_id}:{head_hash[:12]}")
    assert tampered.exit_code == 1
    assert "ok       Audit trail chain" in tampered.output
    assert "PROBLEM  Records match their seals" in tampered.output
    assert f"lead {story['anna_lead']} (Иван Иванов) differs from its last seal (audit row " in tampered.output
    assert f"ok       Noted head {head_id}" in tampered.output


def test_doctor_refuses_a_badly_written_head(story):
    result = run(doctor, story["path"], "--head", "12:xyz")
    assert result.exit_code == 2 and "is not a noted head" in result.output
