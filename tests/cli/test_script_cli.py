"""`salescockpit script import/export`: TOML in and out of the database from the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from salescockpit.commands.script import script
from salescockpit.domain.scoring import DEFAULT_SCRIPTS
from salescockpit.services.script_files import parse_script_toml


@pytest.fixture
def env(tmp_path, monkeypatch, clock):
    """A database with a head and a manager; the options every invocation needs."""
    from salescockpit.config import Settings
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.users import add_user
    from salescockpit.store.engine import Database

    for name in ("SALESCOCKPIT_DB", "SALESCOCKPIT_USER", "SALESCOCKPIT_CONFIG", "SALESCOCKPIT_LANG"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "cli.db"
    database = Database.open(path)
    ctx = ServiceContext(db=database, clock=clock, settings=Settings(timezone="UTC"))
    add_user(ctx, "olga", "Ольга", "head")
    add_user(ctx, "anna", "Анна", "manager")
    database.close()
    return ["--db", str(path), "--config", str(tmp_path / "none.toml")]


def run(*args):
    return CliRunner().invoke(script, list(args), catch_exceptions=False)


def test_export_to_stdout_and_to_a_file(env, tmp_path):
    result = run("export", "First contact", *env, "--user", "anna")
    assert result.exit_code == 0, result.output
    assert parse_script_toml(result.output) == DEFAULT_SCRIPTS[0]
    target = tmp_path / "out"
    target.mkdir()
    result = run("export", "Presentation & closing", "--output", str(target / "pc.toml"), *env)
    assert result.exit_code == 0, result.output
    assert parse_script_toml((target / "pc.toml").read_text(encoding="utf-8")) == DEFAULT_SCRIPTS[1]


def test_import_by_the_head_reports_the_version(env, tmp_path):
    exported = run("export", "First contact", *env).output
    path = tmp_path / "fc.toml"
    path.write_text(exported.replace("pass_mark = 70", "pass_mark = 75"), encoding="utf-8")
    result = run("import", str(path), *env, "--user", "olga")
    assert result.exit_code == 0, result.output
    assert "version 1" in result.output
    again = run("export", "First contact", *env).output
    assert "pass_mark = 75" in again


def test_import_errors_are_one_readable_line(env, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "X"\npass_mark = 70\n[[sections]\n', encoding="utf-8")
    result = run("import", str(path), *env, "--user", "olga")
    assert result.exit_code == 1
    assert "bad.toml, line 3" in result.output and "Traceback" not in result.output
    result = run("import", str(path), *env, "--user", "anna")
    assert result.exit_code == 1 and "head of sales" in result.output
    result = run("export", "Nope", *env)
    assert result.exit_code == 1 and "Nope" in result.output


def test_import_reports_all_of_a_files_errors_at_once_each_with_its_line(env, tmp_path):
    exported = run("export", "First contact", *env).output
    broken = (exported.replace("pass_mark = 70", "pass_mark = 170")
              .replace("weight = 2", "weight = -1").replace('key = "timing"', 'key = "need"'))
    path = tmp_path / "bad.toml"
    path.write_text(broken, encoding="utf-8")
    result = run("import", str(path), *env, "--user", "olga")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = broken.splitlines()
    pass_mark = next(number for number, text in enumerate(lines, start=1) if text.startswith("pass_mark = 170"))
    expected = [pass_mark, lines.index("weight = -1") - 2,
                lines.index('key = "need"', lines.index('key = "need"') + 1)]
    assert "bad.toml: 3 problems, nothing was imported:" in result.output
    for line, words in zip(expected, ("pass mark", "weight", "need is used twice")):
        assert any(f"bad.toml, line {line}: " in text and words in text for text in result.output.splitlines()), (
            line, result.output)
    again = run("export", "First contact", *env).output
    assert again == exported


def test_script_assign_sets_a_managers_default(tmp_path):
    from click.testing import CliRunner
    from sqlalchemy import select

    from salescockpit.cli import main
    from salescockpit.store.engine import Database
    from salescockpit.store.tables import Script, User

    db = str(tmp_path / "assign.db")
    runner = CliRunner()
    runner.invoke(main, ["user", "add", "olga", "--name", "Olga", "--role", "head", "--db", db])
    runner.invoke(main, ["user", "add", "anna", "--name", "Anna", "--role", "manager", "--db", db, "--user", "olga"])
    refused = runner.invoke(main, ["script", "assign", "Presentation & closing", "--to", "anna", "--db", db, "--user", "anna"])
    assert refused.exit_code == 1 and "head" in refused.output
    done = runner.invoke(main, ["script", "assign", "Presentation & closing", "--to", "anna", "--db", db, "--user", "olga"])
    assert done.exit_code == 0, done.output
    database = Database.open(db)
    with database.read() as session:
        anna = session.scalars(select(User).where(User.login == "anna")).one()
        assert session.get(Script, anna.default_script_id).name == "Presentation & closing"
    database.close()
