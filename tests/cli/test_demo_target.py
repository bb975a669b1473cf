"""`salescockpit demo --db FILE` replaces only a database a demo made, keeping it as FILE.previous."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from salescockpit.cli_errors import DatabaseUnusable
from salescockpit.commands.demo_target import prepare_demo_target
from salescockpit.demo import DemoSummary, build_demo, is_demo_database, summary_sentence
from salescockpit.store.engine import Database

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
ENVIRONMENT = {"SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "", "SALESCOCKPIT_CONFIG": ""}


def _demo(path, leads: int = 3) -> None:
    database = Database.open(path)
    try:
        build_demo(database, leads=leads, now=NOW, tz=ZoneInfo("Europe/Moscow"), mark_as_demo=True)
    finally:
        database.close()


def _logins(path, user: str = "head") -> set[str]:
    result = CliRunner().invoke(main, ["user", "list", "--json", "--db", str(path), "--user", user], env=ENVIRONMENT)
    assert result.exit_code == 0, result.output
    return {row["login"] for row in json.loads(result.output)}


@pytest.fixture
def real_team(tmp_path):
    path = tmp_path / "team.db"
    for words in (["olga", "--name", "Olga", "--role", "head"], ["anna", "--name", "Anna", "--role", "manager"]):
        result = CliRunner().invoke(main, ["user", "add", *words, "--db", str(path), "--user", "olga"], env=ENVIRONMENT)
        assert result.exit_code == 0, result.output
    return path


def test_a_real_database_is_refused_and_kept_as_it_was(real_team):
    before = real_team.read_bytes()
    with pytest.raises(DatabaseUnusable) as refused:
        prepare_demo_target(str(real_team))
    assert refused.value.exit_code == 2
    assert "was not made by salescockpit demo" in refused.value.message and str(real_team) in refused.value.message
    assert real_team.read_bytes() == before
    assert not (real_team.parent / "team.db.previous").exists()


def test_a_seeded_team_database_is_not_a_demo(tmp_path):
    seeded = tmp_path / "seeded.db"
    assert CliRunner().invoke(main, ["seed", "--db", str(seeded), "--leads", "3"], env=ENVIRONMENT).exit_code == 0
    with pytest.raises(DatabaseUnusable):
        prepare_demo_target(str(seeded))
    database = Database.open(seeded)
    try:
        assert not is_demo_database(database) and is_demo_database(database, or_seeded=True)
    finally:
        database.close()


@pytest.mark.parametrize("content", [b"", b"my notes, not a database\n"])
def test_any_other_file_is_refused(tmp_path, content):
    other = tmp_path / "demo.db"
    other.write_bytes(content)
    result = CliRunner().invoke(main, ["demo", "--db", str(other), "--leads", "3"], env=ENVIRONMENT)
    assert result.exit_code == 2 and result.output.startswith(f"Error: {other}: ")
    assert other.read_bytes() == content


def test_a_new_demo_keeps_the_last_one_as_previous(tmp_path):
    path = tmp_path / "demo.db"
    _demo(path, leads=3)
    previous = prepare_demo_target(str(path))
    assert previous == tmp_path / "demo.db.previous"
    assert not path.exists() and previous.is_file()
    _demo(path, leads=4)
    assert {"head", "ivanov"} <= _logins(previous)
    again = prepare_demo_target(str(path))  # one generation: the older copy gives way
    assert again == previous and not path.exists()


def test_the_demo_command_refuses_a_real_database_without_opening_anything(real_team):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SALESCOCKPIT_")}
    done = subprocess.run([sys.executable, "-m", "salescockpit", "demo", "--db", str(real_team), "--leads", "3"],
                          capture_output=True, text=True, timeout=120, env=environment, stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and str(real_team) in done.stderr
    assert "Traceback" not in done.stderr
    assert _logins(real_team, user="olga") == {"olga", "anna"}


def test_the_summary_is_a_sentence(tmp_path):
    summary = DemoSummary(users=7, leads=400, calls=4000, callbacks=310, call_reviews=120, review_items=900,
                          objections=200, rechecks=15, lead_reviews=80, stage_moves=650)
    text = summary_sentence(summary)
    assert text.startswith("7 users and 400 leads, with 4000 calls") and "DemoSummary" not in text
    seeded = CliRunner().invoke(main, ["seed", "--db", str(tmp_path / "x.db"), "--leads", "3"], env=ENVIRONMENT)
    assert seeded.exit_code == 0 and "DemoSummary(" not in seeded.output and "3 leads" in seeded.output
