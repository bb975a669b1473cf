"""`seed --as-of DAY`: the demo is anchored to a day, never to the moment it runs.

Seeded twice under a fixed clock -- seconds apart, on both sides of midnight -- the same seed and
day give the same rows in every table and byte-identical reports.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from salescockpit.cli import Invocation, main
from salescockpit.clock import FixedClock

MOSCOW = ZoneInfo("Europe/Moscow")
LEADS = "60"


@pytest.fixture
def environment(tmp_path):
    return {
        "SALESCOCKPIT_TIMEZONE": "Europe/Moscow",
        "SALESCOCKPIT_CONFIG": str(tmp_path / "no-config.toml"),
        "SALESCOCKPIT_DB": "",
        "SALESCOCKPIT_USER": "",
    }


def _at(text: str) -> FixedClock:
    return FixedClock(datetime.fromisoformat(text).replace(tzinfo=MOSCOW), MOSCOW)


def _run(environment, clock: FixedClock, *args: str):
    result = CliRunner().invoke(main, list(args), env=environment, obj=Invocation(clock=clock))
    assert result.exit_code == 0, result.output
    return result


def _seed(environment, path, clock: FixedClock, *options: str) -> None:
    _run(environment, clock, "seed", "--db", str(path), "--leads", LEADS, "--seed", "7", *options)


def _tables(path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(path)
    try:
        names = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}
    finally:
        connection.close()


def _reports(environment, path, day: str) -> list[bytes]:
    clock = _at(f"{day}T18:30:00")  # both databases are read at one and the same moment
    return [
        _run(environment, clock, "report", "--db", str(path), "--user", "head", "--date", day, "--format", fmt)
        .stdout_bytes
        for fmt in ("md", "json", "csv")
    ]


def test_the_same_seed_and_day_give_the_same_database_and_reports_across_midnight(environment, tmp_path):
    before, after = tmp_path / "before.db", tmp_path / "after.db"
    _seed(environment, before, _at("2026-03-10T23:59:58"), "--as-of", "2026-03-10")
    _seed(environment, after, _at("2026-03-11T00:00:03"), "--as-of", "2026-03-10")

    tables = _tables(before)
    assert tables["leads"] and tables["calls"]
    assert _tables(after) == tables
    assert _reports(environment, after, "2026-03-10") == _reports(environment, before, "2026-03-10")


def test_without_as_of_the_demo_stands_at_ten_today_whatever_the_hour(environment, tmp_path):
    early, late = tmp_path / "early.db", tmp_path / "late.db"
    _seed(environment, early, _at("2026-03-10T00:00:01"))
    _seed(environment, late, _at("2026-03-10T23:59:59"))

    assert _tables(late) == _tables(early)
    connection = sqlite3.connect(early)
    try:
        (built,) = connection.execute("SELECT at FROM audit_log WHERE action = 'demo_built'").fetchone()
    finally:
        connection.close()
    assert built.startswith("2026-03-10 07:00:00")  # 10:00 in Moscow


def test_the_help_says_what_the_demo_promises(environment):
    result = _run(environment, _at("2026-03-10T12:00:00"), "seed", "--help")
    text = " ".join(result.output.split())
    assert "--as-of YYYY-MM-DD" in text
    assert ("The same --seed and --as-of day give the same database content and the same reports, whatever "
            "the time of day it runs and however long it takes.") in text


def test_a_day_that_is_not_a_date_is_one_clear_line(environment, tmp_path):
    result = CliRunner().invoke(main, ["seed", "--db", str(tmp_path / "x.db"), "--as-of", "10.03.2026"],
                                env=environment, obj=Invocation(clock=_at("2026-03-10T12:00:00")))
    assert result.exit_code == 2
    assert "'10.03.2026' is not a date; use YYYY-MM-DD." in result.output
    assert not (tmp_path / "x.db").exists()
