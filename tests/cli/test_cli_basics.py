"""The command line: users, seeding, global options before or after the command, no Textual import."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from salescockpit.cli import main


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_user_add_then_list_as_a_table_and_as_json(tmp_path):
    db = str(tmp_path / "team.db")
    assert _run("user", "add", "olga", "--name", "Ольга Смирнова", "--role", "head", "--db", db).exit_code == 0
    # --db may also come before the command name.
    assert _run("--db", db, "user", "add", "ivanov", "--name", "Алексей Иванов", "--role", "manager", "--user", "olga").exit_code == 0
    table = _run("user", "list", "--db", db, "--user", "olga")
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split()[:2] == ["LOGIN", "NAME"]
    assert lines[1].startswith("ivanov") or lines[1].startswith("olga")
    listed = json.loads(_run("--db", db, "user", "list", "--json", "--user", "olga").output)
    assert {"login": "olga", "name": "Ольга Смирнова", "role": "head", "active": True} in listed
    assert {row["login"] for row in listed} == {"olga", "ivanov"}


def test_a_duplicate_login_or_bad_role_is_refused_clearly(tmp_path):
    db = str(tmp_path / "team.db")
    _run("user", "add", "olga", "--name", "Olga", "--role", "head", "--db", db)
    again = CliRunner().invoke(main, ["user", "add", "olga", "--name", "Olga", "--role", "head", "--db", db, "--user", "olga"])
    assert again.exit_code == 1
    assert "olga" in again.output
    bad = CliRunner().invoke(main, ["user", "add", "x", "--name", "X", "--role", "boss", "--db", db])
    assert bad.exit_code == 2 and "head" in bad.output


def test_after_the_first_user_only_a_head_adds_users(tmp_path):
    db = str(tmp_path / "team.db")
    assert _run("user", "add", "olga", "--name", "Olga", "--role", "head", "--db", db).exit_code == 0
    assert _run("user", "add", "anna", "--name", "Anna", "--role", "manager", "--db", db, "--user", "olga").exit_code == 0
    refused = CliRunner().invoke(main, ["user", "add", "boss", "--name", "Boss", "--role", "head", "--db", db,
                                        "--user", "anna"])
    assert refused.exit_code == 1 and "Only the head of sales can add users." in refused.output
    stranger = CliRunner().invoke(main, ["user", "add", "eve", "--name", "Eve", "--role", "head", "--db", db,
                                         "--user", "nobody"])
    assert stranger.exit_code == 1
    listed = json.loads(_run("--db", db, "user", "list", "--json", "--user", "olga").output)
    assert {row["login"] for row in listed} == {"olga", "anna"}


def test_an_unknown_user_is_told_about_user_add(tmp_path):
    db = str(tmp_path / "team.db")
    _run("user", "add", "olga", "--name", "Olga", "--role", "head", "--db", db)
    result = CliRunner().invoke(main, ["user", "deactivate", "olga", "--db", db, "--user", "stranger"])
    assert result.exit_code == 1
    assert "salescockpit user add" in result.output


def test_seed_writes_demo_data_into_the_named_database(tmp_path):
    db = str(tmp_path / "seeded.db")
    result = CliRunner().invoke(main, ["seed", "--db", db, "--leads", "60", "--seed", "2"])
    assert result.exit_code == 0, result.output
    listed = json.loads(_run("user", "list", "--json", "--db", db, "--user", "head").output)
    assert {"head"} <= {row["login"] for row in listed}
    assert sum(1 for row in listed if row["role"] == "manager") == 6
    refused = CliRunner().invoke(main, ["seed", "--db", db, "--leads", "60"])
    assert refused.exit_code == 1 and "Error" in refused.output


def test_the_env_variable_picks_the_database(tmp_path):
    db = str(tmp_path / "env.db")
    _run("user", "add", "olga", "--name", "Olga", "--role", "head", env={"SALESCOCKPIT_DB": db})
    listed = json.loads(_run("user", "list", "--json", "--db", db, "--user", "olga").output)
    assert [row["login"] for row in listed] == ["olga"]


def test_commands_that_open_no_screen_never_import_textual(tmp_path):
    db = str(tmp_path / "light.db")
    code = (
        "import sys; from salescockpit.cli import main\n"
        f"try: main(['user', 'list', '--db', {db!r}])\n"
        "except SystemExit: pass\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "print('light')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "light" in result.stdout
