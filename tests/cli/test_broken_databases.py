"""Every command against an unusable database: one `Error:` line naming the file, exit code 2.

The commands are enumerated from the click group, so a new command is covered without editing
this file; its arguments are made from its parameters (a Choice takes its first value, a file
that must exist gets a small one, any other path a new file in the scratch folder).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from tests.cli.broken_databases import STATES

#: Hidden commands are started by other commands, in a terminal (wallboard-app: serve's browser pages).
SKIPPED = {("wallboard-app",): "run by serve --wallboard inside a pseudo-terminal, not by people"}
#: Commands that start something long-running once the database is open.
STARTS_SERVER = {("serve",)}
#: Commands that repair a broken database rather than fail on it.
RECOVERS = {("restore",)}
#: Values that make sense for a parameter of this name (else: by type).
VALUES = {"login": "ivanov", "from_login": "ivanov", "to_login": "petrova", "name": "First contact", "role": "manager",
          "inn": "7707083893", "client_id": "1", "total": "120 000,00", "amount": "30 000,00", "number": "Д-1",
          "payment_id": "1", "call_id": "1", "month": "2026-12", "ref": "https://pbx.example/rec/1.wav",
          "due": "2030-12-01", "to": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
EXTRA = {("serve",): ["--wallboard"], ("script", "assign"): ["First contact"], ("restore",): ["--force"],
         ("client", "add"): ["ООО Ромашка"], ("contract", "add"): ["--months", "2"], ("call", "metrics"): ["1"]}
SCRIPT = Path(__file__).parents[2] / "src" / "salescockpit" / "scripts" / "first_contact.toml"
#: What a command reads (else a small CSV of leads); "good" is a good database (a backup).
INPUTS = {("import", "calls"): "time,number\n2026-11-23 09:00,+74951234567\n", ("script", "import"): SCRIPT,
          ("restore",): "good",
          ("payments", "import"): "date,number,amount,payer_inn,purpose\n05.12.2026,1,1000,7707083893,Д-1\n",
          ("transcript", "import"): "1\n00:00:01,000 --> 00:00:02,000\nМенеджер: Добрый день\n"}
#: Commands that only read: on a read-only database they work, and may refuse their own input
#: (the scratch database's call 1 has no recording) in words of their own.
READS = {("call", "metrics"), ("review", "suggest"), ("transfer",)}
#: Commands whose argument is the database itself (a URL), not --db.
DATABASE_ARGUMENT = {("db", "init")}
#: Path arguments are files to read, except these (a file to make).
NEW_FILES = {("backup",)}


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        path = prefix + (name,)
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        elif path not in SKIPPED:
            yield path, command


COMMANDS = dict(_commands(main))


def _arguments(path: tuple[str, ...], command: click.Command, scratch: Path, good: Path) -> list[str]:
    words: list[str] = list(path)
    for param in command.params:
        if not param.required:
            continue
        value = _value(param, scratch, path, good)
        words += [value] if isinstance(param, click.Argument) else [param.opts[0], value]
    return words + EXTRA.get(path, [])


def _value(param: click.Parameter, scratch: Path, path: tuple[str, ...], good: Path) -> str:
    if isinstance(param.type, click.Choice):
        wanted = VALUES.get(param.name or "")
        return wanted if wanted in param.type.choices else str(param.type.choices[0])
    if isinstance(param.type, click.Path):
        if not param.type.file_okay:  # a folder to read
            folder = scratch / f"input-{param.name}"
            folder.mkdir(exist_ok=True)
            return str(folder)
        if param.type.exists or (isinstance(param, click.Argument) and path not in NEW_FILES):
            given = INPUTS.get(path, "name,phone\nАнна,+7 495 123-45-67\n")
            if given == "good":
                return str(good)
            if isinstance(given, Path):
                return str(given)
            existing = scratch / f"input-{param.name}.csv"
            existing.write_text(given, encoding="utf-8")
            return str(existing)
        return str(scratch / f"output-{param.name}.out")
    return VALUES.get(param.name or "", "x")


@pytest.fixture(scope="module")
def good_database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "team.db"
    result = CliRunner().invoke(main, ["seed", "--db", str(path), "--leads", "5"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def broken(request, good_database, tmp_path):
    """``broken(state)`` -> the --db of a database in that state (undone after the test)."""
    finalizers: list = []
    request.addfinalizer(lambda: [undo() for undo in reversed(finalizers)])

    def make(state: str) -> Path:
        maker, _always_fails = STATES[state]
        return maker(good_database, tmp_path, finalizers)

    return make


def _run(words: list[str], database: Path) -> click.testing.Result:
    environment = {"SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "", "SALESCOCKPIT_CONFIG": "",
                   "SALESCOCKPIT_BUSY_TIMEOUT_MS": "50"}
    return CliRunner().invoke(main, [*words, "--db", str(database), "--user", "head"], env=environment)


def assert_one_line_error(result: click.testing.Result, database: Path) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert errors[0].startswith(f"Error: {database}"), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_every_command_on_an_unusable_database_says_one_line(state, path, broken, good_database, tmp_path):
    _maker, always_fails = STATES[state]
    if path in STARTS_SERVER and not always_fails:
        pytest.skip("would start serving: the database can be read")
    database = broken(state)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    words = [*path, str(database)] if path in DATABASE_ARGUMENT else _arguments(path, COMMANDS[path], scratch,
                                                                                   good_database)
    result = _run(words, database)
    if path in RECOVERS and result.exit_code == 0:
        return  # restore --force puts the good backup in place of the broken file: that is its job
    if path in READS and state == "read-only":
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
        return
    if always_fails or result.exit_code != 0:
        assert_one_line_error(result, database)


@pytest.mark.parametrize("state", ["read-only", "full-disk"])
def test_a_write_on_a_read_only_database_or_a_full_disk_is_refused_in_words(state, broken, tmp_path):
    database = broken(state)
    before = database.read_bytes()
    result = _run(["user", "add", "vera", "--name", "Vera", "--role", "manager"], database)
    assert_one_line_error(result, database)
    what = {"read-only": "read-only", "full-disk": "disk is full"}[state]
    assert what in result.output
    assert database.read_bytes() == before


@pytest.mark.parametrize(("state", "what"), [
    ("corrupt", "not a salescockpit database"), ("truncated", "damaged"), ("folder", "a folder"), ("locked", "locked"),
])
def test_each_state_is_named_with_what_to_do(state, what, broken):
    database = broken(state)
    result = _run(["report"], database)
    assert_one_line_error(result, database)
    assert what in result.output


@pytest.mark.parametrize("words", [["report"], ["user", "list"], ["export", "leads", "--output", "x.csv"],
                                   ["user", "add", "vera", "--name", "Vera", "--role", "manager"]])
def test_a_real_run_on_a_corrupt_file_prints_one_line_and_exits_2(words, broken, tmp_path):
    database = broken("corrupt")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SALESCOCKPIT_")}
    done = subprocess.run([sys.executable, "-m", "salescockpit", *words, "--db", str(database), "--user", "head"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environment)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith(f"Error: {database}: ")
    assert "Traceback" not in done.stderr + done.stdout


def test_the_every_command_list_found_the_commands():
    assert {("report",), ("user", "list"), ("export",), ("doctor",), ("backup",), ("demo",)} <= set(COMMANDS)
