"""Only `user add` (a new team's head), `seed`, `demo` and `restore` make a database; the others refuse.

A mistyped --db used to create an empty database (and its folders), and turn a 0-byte file into
one, then complain about the user. Now: "no salescockpit database at PATH", exit code 2, nothing
made.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from salescockpit.cli import main

ENVIRONMENT = {"SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "", "SALESCOCKPIT_CONFIG": ""}


def _run(*words: str):
    return CliRunner().invoke(main, list(words), env=ENVIRONMENT)


@pytest.mark.parametrize("words", [["report"], ["user", "list"], ["user", "deactivate", "ivanov"], ["audit"],
                                   ["export", "leads", "--output", "out.csv"], ["reconcile"], ["doctor"],
                                   ["backup", "copy.db"], ["lead", "reassign", "--from", "a", "--to", "b"]])
def test_a_mistyped_db_is_refused_and_nothing_is_made(words, tmp_path):
    missing = tmp_path / "typo" / "tem.db"
    result = _run(*words, "--db", str(missing), "--user", "olga")
    assert result.exit_code == 2, result.output
    assert f"Error: {missing}: no salescockpit database here." in result.output
    assert not missing.parent.exists()


def test_a_zero_byte_file_is_not_turned_into_a_database(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = _run("report", "--db", str(empty), "--user", "olga")
    assert result.exit_code == 2 and "no salescockpit database here" in result.output
    assert empty.stat().st_size == 0


def test_another_programs_database_is_left_alone(tmp_path):
    other = tmp_path / "crm.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    before = other.read_bytes()
    for words in (["report"], ["user", "add", "olga", "--name", "Olga", "--role", "head"], ["seed", "--leads", "3"]):
        result = _run(*words, "--db", str(other), "--user", "olga")
        assert result.exit_code == 2, result.output
        assert "belongs to another program" in result.output
    assert other.read_bytes() == before


def test_the_first_user_makes_the_database_and_must_be_the_head(tmp_path):
    team = tmp_path / "new" / "team.db"
    refused = _run("user", "add", "anna", "--name", "Anna", "--role", "manager", "--db", str(team))
    assert refused.exit_code == 2
    assert "starts with its head of sales" in refused.output and not team.exists()
    made = _run("user", "add", "olga", "--name", "Olga", "--role", "head", "--db", str(team))
    assert made.exit_code == 0, made.output
    listed = json.loads(_run("user", "list", "--json", "--db", str(team), "--user", "olga").output)
    assert [row["login"] for row in listed] == ["olga"]


def test_a_database_with_no_users_says_how_to_add_the_head(tmp_path):
    team = tmp_path / "team.db"
    assert _run("user", "add", "olga", "--name", "Olga", "--role", "head", "--db", str(team)).exit_code == 0
    with sqlite3.connect(team) as connection:  # a database set up, whose only user was then removed
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM users")
    result = _run("report", "--db", str(team), "--user", "root")
    assert result.exit_code == 1
    assert "has no users yet" in result.output and "--role head" in result.output


def test_an_unknown_login_cannot_list_the_users(tmp_path):
    team = tmp_path / "team.db"
    _run("user", "add", "olga", "--name", "Olga Smirnova", "--role", "head", "--db", str(team))
    result = _run("user", "list", "--db", str(team), "--user", "stranger")
    assert result.exit_code == 1
    assert "Olga Smirnova" not in result.output and "stranger is not a salescockpit user" in result.output


def test_the_cockpit_on_a_missing_file_refuses_before_opening(tmp_path):
    missing = tmp_path / "nowhere" / "team.db"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SALESCOCKPIT_")}
    done = subprocess.run([sys.executable, "-m", "salescockpit", "--db", str(missing), "--user", "olga"],
                          capture_output=True, text=True, timeout=120, env=environment, stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"Error: {missing}: no salescockpit database here.")
    assert "Traceback" not in done.stderr and not missing.parent.exists()
