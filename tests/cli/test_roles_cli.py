"""Roles from the command line: a manager's export, report and reconcile hold only their own
leads; the head's commands refuse a manager; `user deactivate` lists the open work for
`lead reassign`, which hands it over. On the team of tests/services/team_world.py."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from salescockpit.cli import main
from tests.services.team_world import ANNA_MARK, SECRETS, build_team


@pytest.fixture
def run(db, tmp_path):
    """run(*args, user="olga") -> click Result of `salescockpit ARGS` on the team's database."""
    team = build_team(db, tmp_path)
    path = db.url.removeprefix("sqlite:///")
    environment = {
        "SALESCOCKPIT_TIMEZONE": "Europe/Moscow",
        "SALESCOCKPIT_CONFIG": str(tmp_path / "no-config.toml"),
        "SALESCOCKPIT_DB": "",
        "SALESCOCKPIT_USER": "",
        "SALESCOCKPIT_LANG": "en",
    }

    def invoke(*args: str, user: str = "olga"):
        return CliRunner().invoke(main, [*args, "--db", path, "--user", user], env=environment)

    invoke.team = team
    return invoke


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text.casefold()]


@pytest.mark.parametrize("what", ["leads", "calls"])
def test_a_manager_exports_only_their_own(run, tmp_path, what):
    mine, everyone = tmp_path / "anna.csv", tmp_path / "all.csv"
    assert run("export", what, "--output", str(mine), user="anna").exit_code == 0
    assert run("export", what, "--output", str(everyone)).exit_code == 0
    text = mine.read_text(encoding="utf-8-sig")
    assert leaked(text) == [] and ANNA_MARK in text
    assert leaked(everyone.read_text(encoding="utf-8-sig"))
    owners = {row["owner" if what == "leads" else "manager"] for row in csv.DictReader(io.StringIO(text))}
    assert owners == {"anna"}


@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx", "html", "json"])
def test_a_managers_report_in_every_format_is_their_own(run, tmp_path, fmt):
    output = tmp_path / f"report.{fmt}"
    result = run("report", "--date", "2026-11-20", "--format", fmt, "--output", str(output), user="anna")
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        workbook = load_workbook(output, read_only=True)
        text = "\n".join(" ".join(str(cell) for cell in row if cell is not None)
                         for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))
    else:
        text = output.read_text(encoding="utf-8-sig")
    assert leaked(text) == []
    assert "boris" not in text.casefold() and "борис" not in text.casefold()


def test_a_manager_cannot_ask_for_another_managers_report(run):
    result = run("report", "--date", "2026-11-20", "--manager", "boris", user="anna")
    assert result.exit_code == 1 and "only their own report" in result.output
    everyone = run("report", "--date", "2026-11-20", "--manager", "boris")
    assert everyone.exit_code == 0 and leaked(everyone.output)


def test_reconcile_shows_a_manager_their_own_calls(run):
    mine = run("reconcile", "--date", "2026-11-20", user="anna")
    assert mine.exit_code == 0, mine.output
    assert ANNA_MARK in mine.output and leaked(mine.output) == []
    assert leaked(run("reconcile", "--date", "2026-11-20").output)


def test_the_heads_commands_refuse_a_manager(run, tmp_path, backend):
    refused = {
        "reassign": run("lead", "reassign", "--from", "boris", "--to", "anna", user="anna"),
        "deactivate": run("user", "deactivate", "boris", user="anna"),
    }
    if backend == "sqlite":  # PostgreSQL is backed up by the server's own tools (backup says so)
        refused["backup"] = run("backup", str(tmp_path / "copy.db"), user="anna")
    for name, result in refused.items():
        assert result.exit_code == 1 and "head of sales" in result.output, (name, result.output)
    assert not (tmp_path / "copy.db").exists()
    if backend == "sqlite":
        assert run("backup", str(tmp_path / "copy.db")).exit_code == 0


def test_deactivate_lists_open_work_then_reassign_hands_it_over(run, tmp_path):
    team = run.team
    result = run("user", "deactivate", "boris")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Deactivated boris."
    assert "Open leads of boris: 2" in result.output  # his lead and the one handed to him; junk is history
    for key, name in (("boris", "Boris Secret Lead"), ("handed", "Handed Secret Lead")):
        [line] = [line for line in lines if line.split()[:1] == [str(team.leads[key])]]
        assert line.split()[1:4] == ["new", "2026-11-20", "11:00"] and name in line
        assert any(name in line and "due 2026-11-20 11:00" in line for line in lines)  # the callback he owes
    assert "Open callbacks boris owes: 2" in result.output
    assert "salescockpit lead reassign --from boris --to LOGIN [--lead ID ...]" in result.output
    assert "deactivated" in run("export", "leads", "--output", str(tmp_path / "x.csv"), user="boris").output

    moved = run("lead", "reassign", "--from", "boris", "--to", "anna", "--lead", str(team.leads["boris"]))
    assert moved.exit_code == 0, moved.output
    assert "Moved 1 lead(s), 1 callback(s) and 1 pending action(s) from boris to anna." in moved.output
    rest = run("lead", "reassign", "--from", "boris", "--to", "anna")
    assert "Moved 1 lead(s)" in rest.output
    again = run("user", "deactivate", "boris")
    assert "boris has no open leads and no open callbacks." in again.output
    export = tmp_path / "anna.csv"
    run("export", "leads", "--output", str(export), user="anna")
    assert "Boris Secret Lead" in export.read_text(encoding="utf-8-sig")


def test_reassign_names_what_is_wrong(run):
    team = run.team
    result = run("lead", "reassign", "--from", "anna", "--to", "boris", "--lead", str(team.leads["boris"]))
    assert result.exit_code == 1 and f"Lead #{team.leads['boris']} does not belong to anna." in result.output
    assert "ghost is not a salescockpit user" in run("lead", "reassign", "--from", "anna", "--to", "ghost").output


@pytest.mark.parametrize("update", [False, True])
def test_importing_another_managers_phone_does_not_name_their_lead(run, tmp_path, update):
    team = run.team
    table = tmp_path / "leads.csv"
    table.write_text("name,phone\nSomebody,+7 916 777-88-99\n", encoding="utf-8")
    result = run("import", "leads", str(table), *(["--update"] if update else []), user="anna")
    assert "another manager" in result.output
    assert f"#{team.leads['boris']}" not in result.output and leaked(result.output) == []
