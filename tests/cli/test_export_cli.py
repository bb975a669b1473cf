"""`salescockpit export leads|calls`: CSV and XLSX, the manager's own rows only, and a round trip
through `salescockpit import leads` into an empty database that gives the same leads."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from salescockpit.cli import main  # noqa: F401  (the CLI first: the command imports its options)
from salescockpit.commands.export import export
from salescockpit.commands.imports import import_group
from salescockpit.config import Settings
from salescockpit.demo import build_demo
from salescockpit.services.context import ServiceContext
from salescockpit.services.users import add_user, list_users
from salescockpit.store.engine import Database
from salescockpit.store.tables import Lead, User

FIELDS = ("name", "company", "phone", "email", "source", "owner", "stage", "value")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from tests.conftest import TEST_NOW, TEST_TZ

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = Database.open(path)
    build_demo(db, leads=120, seed=3, now=TEST_NOW, tz=TEST_TZ)
    db.close()
    return path


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("SALESCOCKPIT_DB", "SALESCOCKPIT_USER", "SALESCOCKPIT_CONFIG", "SALESCOCKPIT_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SALESCOCKPIT_TIMEZONE", "Europe/Moscow")


def invoke(command, path, tmp_path, *args, user="head"):
    options = ["--db", str(path), "--config", str(tmp_path / "none.toml"), "--user", user]
    return CliRunner().invoke(command, [*args, *options], catch_exceptions=False)


def leads_of(path):
    """{phone or e-mail or name: the compared fields} of every lead in the database at ``path``."""
    db = Database.open(path)
    try:
        with db.read() as session:
            query = select(Lead.name, Lead.company, Lead.phone, Lead.email, Lead.source, User.login, Lead.stage,
                           Lead.value).join(User, User.id == Lead.owner_id).order_by(Lead.id)
            return [tuple(row) for row in session.execute(query)]
    finally:
        db.close()


def empty_copy_of_users(source, target, clock):
    source_db, target_db = Database.open(source), Database.open(target)
    settings = Settings(timezone="Europe/Moscow")
    users = list_users(ServiceContext(db=source_db, clock=clock, settings=settings))
    for user in users:
        add_user(ServiceContext(db=target_db, clock=clock, settings=settings), user.login, user.name, user.role)
    source_db.close()
    target_db.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_leads(demo_path, tmp_path, clock, fmt):
    exported = tmp_path / f"leads.{fmt}"
    result = invoke(export, demo_path, tmp_path, "leads", "--format", fmt, "--output", str(exported))
    assert result.exit_code == 0, result.output
    assert "Wrote 120 leads" in result.output
    fresh = tmp_path / "fresh.db"
    empty_copy_of_users(demo_path, fresh, clock)
    result = invoke(import_group, fresh, tmp_path, "leads", str(exported))
    assert result.exit_code == 0, result.output
    assert leads_of(fresh) == leads_of(demo_path)


def test_csv_is_utf8_with_bom_neutralised_text_and_bare_numbers(demo_path, tmp_path):
    exported = tmp_path / "leads.csv"
    invoke(export, demo_path, tmp_path, "leads", "--output", str(exported))
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0])[:len(FIELDS)] == FIELDS
    assert not any(row[field].startswith(("=", "+", "-", "@")) for row in rows for field in FIELDS)
    assert all(row["value"] == "" or row["value"].isdigit() for row in rows)


def test_xlsx_keeps_numbers_numeric(demo_path, tmp_path):
    exported = tmp_path / "calls.xlsx"
    assert invoke(export, demo_path, tmp_path, "calls", "--format", "xlsx", "--output", str(exported)).exit_code == 0
    sheet = load_workbook(exported, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("started", "name", "company")
    durations = [row[rows[0].index("duration_seconds")] for row in rows[1:]]
    assert durations and all(isinstance(value, int) for value in durations)


def test_a_manager_exports_only_their_own(demo_path, tmp_path):
    leads_file, calls_file = tmp_path / "mine.csv", tmp_path / "calls.csv"
    assert invoke(export, demo_path, tmp_path, "leads", "--output", str(leads_file), user="ivanov").exit_code == 0
    assert invoke(export, demo_path, tmp_path, "calls", "--output", str(calls_file), user="ivanov").exit_code == 0
    leads = list(csv.DictReader(io.StringIO(leads_file.read_bytes().decode("utf-8-sig"))))
    calls = list(csv.DictReader(io.StringIO(calls_file.read_bytes().decode("utf-8-sig"))))
    assert leads and {row["owner"] for row in leads} == {"ivanov"}
    assert calls and {row["manager"] for row in calls} == {"ivanov"}


def test_calls_between_two_days(demo_path, tmp_path):
    exported = tmp_path / "calls.csv"
    result = invoke(export, demo_path, tmp_path, "calls", "--from", "2026-11-16", "--to", "2026-11-20",
                    "--output", str(exported))
    assert result.exit_code == 0, result.output
    days = {row["started"][:10] for row in csv.DictReader(io.StringIO(exported.read_bytes().decode("utf-8-sig")))}
    assert days and min(days) >= "2026-11-16" and max(days) <= "2026-11-20"


def test_bad_dates_are_refused(demo_path, tmp_path):
    target = str(tmp_path / "x.csv")
    assert invoke(export, demo_path, tmp_path, "calls", "--from", "16.11", "--output", target).exit_code == 2
    assert invoke(export, demo_path, tmp_path, "calls", "--from", "2026-11-20", "--to", "2026-11-16",
                  "--output", target).exit_code == 2
