"""`salescockpit report` through click's CliRunner, on the story of tests/reports/conftest.py."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from salescockpit.cli import main  # noqa: F401  (the CLI first: the command imports its options)
from salescockpit.commands.report import report
from tests.reports.conftest import story  # noqa: F401  (the fixture)


@pytest.fixture
def run(story, tmp_path):  # noqa: F811
    """run(*args, user="olga") -> click Result, on the story's database."""
    path = story.ctx.db.url.removeprefix("sqlite:///")
    environment = {
        "SALESCOCKPIT_TIMEZONE": "Europe/Moscow",
        "SALESCOCKPIT_CONFIG": str(tmp_path / "no-config.toml"),
        "SALESCOCKPIT_DB": "",
        "SALESCOCKPIT_USER": "",
    }

    def invoke(*args: str, user: str = "olga"):
        return CliRunner().invoke(report, ["--db", path, "--user", user, *args], env=environment)

    return invoke


def test_markdown_to_standard_output(run):
    result = run("--date", "2026-11-19")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Daily control report, Thu 19 Nov 2026 (team)")
    assert "## Calls" in result.output and "Борис Иванов" in result.output  # names, not logins


def test_json(run):
    result = run("--date", "2026-11-20", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["date"] == "2026-11-20" and data["scope"] == "team"
    assert data["team"]["pipeline"]["won_value"] == 50000
    assert [manager["login"] for manager in data["managers"]] == ["anna", "boris"]


def test_csv_with_semicolons(run):
    result = run("--date", "2026-11-19", "--format", "csv", "--csv-sep", ";")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["anna", "boris", "team"]


def test_a_manager_gets_their_own_report_only(run):
    result = run("--date", "2026-11-19", "--format", "json", user="anna")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["scope"] == "anna"
    refused = run("--date", "2026-11-19", "--manager", "boris", user="anna")
    assert refused.exit_code == 1 and "only their own report" in refused.output


def test_the_head_narrows_to_a_manager(run):
    result = run("--date", "2026-11-19", "--manager", "boris", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["team"]["calls"]["made"] == 2


def test_xlsx_needs_an_output_file(run, tmp_path):
    refused = run("--date", "2026-11-19", "--format", "xlsx")
    assert refused.exit_code == 2 and "--output" in refused.output
    target = tmp_path / "thursday.xlsx"
    result = run("--date", "2026-11-19", "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"PK")


def test_output_file_and_bad_dates(run, tmp_path):
    target = tmp_path / "r.html"
    assert run("--date", "2026-11-19", "--format", "html", "--output", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("--date", "19.11.2026").exit_code == 2
    assert run("--date", "2999-01-01").exit_code == 2
    assert run("--date", "yesterday", "--format", "json").exit_code == 0


def test_unknown_user_is_told_how_to_be_added(run):
    result = run("--date", "2026-11-19", user="stranger")
    assert result.exit_code == 1 and "salescockpit user add" in result.output
