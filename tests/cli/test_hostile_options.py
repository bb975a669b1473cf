"""Hostile text in the CLI's text options and in an imported file: taken as text, nothing else happens.

`--manager`, `--by`, a script's or a contract's name: a value such as ``'; DROP TABLE leads; --``
or ``%`` names nobody (no wildcard, no SQL), so the command refuses it in one clear line and the
database is untouched. An imported leads file keeps hostile cells verbatim, and refuses a NUL or an
over-long cell by its row, in one line. (SQLite here; the same lookups and writes run on
PostgreSQL in tests/services/test_hostile_text.py and test_hostile_search.py.)
"""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from salescockpit.cli import main
from salescockpit.store.audit_health import check_audit_chain
from salescockpit.store.engine import Database
from salescockpit.store.tables import Lead

SQL_INJECTION = "'; DROP TABLE leads; --"
HOSTILE_NAMES = [SQL_INJECTION, "100% off", "a_b", "C:\\temp\\new", "O'Brien \"the\" boss"]


@pytest.fixture
def database(tmp_path, monkeypatch, clock):
    """A database with a head (olga), a manager (anna) and one lead of anna's per hostile name."""
    from salescockpit.config import Settings
    from salescockpit.services.actor import load_actor
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.leads import LeadDraft, create_lead
    from salescockpit.services.users import add_user

    for name in ("SALESCOCKPIT_DB", "SALESCOCKPIT_USER", "SALESCOCKPIT_CONFIG", "SALESCOCKPIT_LANG"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "cli.db"
    db = Database.open(path)
    ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="UTC"))
    add_user(ctx, "olga", "Ольга Петрова", "head")
    add_user(ctx, "anna", "Анна Смирнова", "manager")
    for name in HOSTILE_NAMES:
        create_lead(ctx, load_actor(ctx, "anna"), LeadDraft(name=name))
    db.close()
    return path


def run(database, tmp_path, *args):
    options = ["--db", str(database), "--config", str(tmp_path / "none.toml"), "--user", "olga"]
    return CliRunner().invoke(main, [*args, *options])


def lead_names(database) -> list[str]:
    db = Database.open(database)
    try:
        with db.read() as session:
            assert check_audit_chain(db) == []
            return list(session.scalars(select(Lead.name).order_by(Lead.id)))
    finally:
        db.close()


def one_line_refusal(result) -> str:
    assert result.exit_code not in (0, None), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("value", [SQL_INJECTION, "%", "_", "\\", "an%", "ann_"])
@pytest.mark.parametrize("command", [
    ("queue", "--manager"), ("report", "--manager"), ("audit", "--by"), ("script", "export"),
    ("lead", "reassign", "--to", "anna", "--from"), ("plan", "set", "2026-12", "1000"),
])
def test_a_hostile_login_or_name_names_nobody(database, tmp_path, command, value):
    args = [*command, value] if command[0] != "plan" else ["plan", "set", value, *command[2:]]
    line = one_line_refusal(run(database, tmp_path, *args))
    assert value in line or "not" in line.casefold()
    assert lead_names(database) == HOSTILE_NAMES


def test_a_hostile_contract_number_matches_no_contract(database, tmp_path):
    for value in (SQL_INJECTION, "%", "_"):
        one_line_refusal(run(database, tmp_path, "payments", "match", "1", "--contract", value))
    assert lead_names(database) == HOSTILE_NAMES


def _csv(tmp_path, rows) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "hostile.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return str(path)


def test_an_imported_file_keeps_hostile_cells_and_refuses_an_overlong_one_by_its_row(database, tmp_path):
    rows = [["Имя", "Компания", "Источник"], *([name, name, "%_\\"] for name in HOSTILE_NAMES), ["x" * 10_000, "ООО", ""]]
    result = run(database, tmp_path, "import", "leads", _csv(tmp_path, rows))
    assert "Traceback" not in result.output
    assert "line 7: name is longer than 300 characters." in result.output, result.output
    db = Database.open(database)
    try:
        with db.read() as session:
            imported = session.execute(select(Lead.name, Lead.company, Lead.source).where(Lead.id > len(HOSTILE_NAMES))
                                       .order_by(Lead.id)).all()
    finally:
        db.close()
    assert [tuple(row) for row in imported] == [(name, name, "%_\\") for name in HOSTILE_NAMES]


def test_a_file_with_a_nul_is_refused_whole_in_one_line(database, tmp_path):
    rows = [["Имя", "Компания"], ["Иван", "ООО"], ["before\x00after", "ООО"]]
    line = one_line_refusal(run(database, tmp_path, "import", "leads", _csv(tmp_path, rows)))
    assert "binary" in line
    assert lead_names(database) == HOSTILE_NAMES
