"""The commands against a real PostgreSQL database, by `--db URL` and by SALESCOCKPIT_DB.

Seed, report, export, import and doctor work there; backup and restore, which copy SQLite files,
say clearly that they do not, and doctor marks its SQLite-only checks "n/a" instead of "ok".
Needs SALESCOCKPIT_TEST_PG (see tests/db_fixtures.py); skipped without it.
"""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from tests.db_fixtures import postgres_server  # noqa: F401  (the fixture)

LEADS = 40


@pytest.fixture
def run(postgres_server, tmp_path):  # noqa: F811
    """run(*args, db=True) -> click Result; the database is a fresh PostgreSQL one, seeded first."""
    with postgres_server.fresh(migrated=False) as url:
        environment = {"SALESCOCKPIT_CONFIG": str(tmp_path / "no-config.toml"), "SALESCOCKPIT_DB": "",
                       "SALESCOCKPIT_TIMEZONE": "Europe/Moscow", "SALESCOCKPIT_USER": "head"}

        def invoke(*args: str, by_env: bool = False):
            if by_env:
                return CliRunner().invoke(main, list(args), env={**environment, "SALESCOCKPIT_DB": url})
            command, *rest = args
            return CliRunner().invoke(main, [*command.split(), "--db", url, *rest], env=environment)

        seeded = invoke("seed", "--leads", str(LEADS), "--seed", "3")
        assert seeded.exit_code == 0, seeded.output
        yield invoke


def test_seed_refuses_a_database_with_leads(run):
    result = run("seed", "--leads", "5")
    assert result.exit_code == 1 and "already has leads" in result.output


def test_report_and_export_read_postgresql(run, tmp_path):
    report = run("report", "--format", "json", "--output", str(tmp_path / "report.json"))
    assert report.exit_code == 0, report.output
    figures = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert figures["format"] == "salescockpit-daily-report" and figures["managers"]
    exported = run("export leads", "--output", str(tmp_path / "leads.csv"))
    assert exported.exit_code == 0, exported.output
    with (tmp_path / "leads.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == LEADS + 1
    by_env = run("report", "--format", "json", by_env=True)
    assert by_env.exit_code == 0, by_env.output
    assert json.loads(by_env.stdout)["team"] == figures["team"]


def test_an_import_after_the_demo_gets_the_next_ids(run, tmp_path):
    """The demo writes explicit ids: PostgreSQL's sequences must have been moved past them."""
    source = tmp_path / "leads.csv"
    source.write_text("name,company,phone\nТест Тестов,ООО «Тест»,+7 495 000-11-22\n", encoding="utf-8")
    result = run("import leads", str(source))
    assert result.exit_code == 0, result.output
    assert "imported 1" in result.output


def test_doctor_checks_postgresql_and_names_what_only_sqlite_has(run):
    result = run("doctor")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    not_applicable = [line for line in lines if line.startswith("n/a")]
    assert len(not_applicable) == 3 and all("SQLite" in line for line in not_applicable)
    assert sum(line.startswith("ok ") for line in lines) >= 5
    assert "Everything is fine." in result.output


def test_backup_and_restore_say_they_are_for_sqlite_files(run, tmp_path):
    backup = run("backup", str(tmp_path / "copy.db"))
    assert backup.exit_code == 1 and "not a SQLite file" in backup.output
    assert not (tmp_path / "copy.db").exists()
    (tmp_path / "old.db").write_bytes(b"")
    restore = run("restore", str(tmp_path / "old.db"), "--force")
    assert restore.exit_code == 1 and "not a SQLite file" in restore.output
