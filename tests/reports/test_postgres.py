"""SQLite and PostgreSQL give byte-identical reports from the same data.

Ordering, rounding and medians must not depend on the database. Two sources of the same data:
the report story (written through the services) and the demo seed (the bulk writer: the raw
sqlite3 path on SQLite, SQLAlchemy Core on PostgreSQL). Needs SALESCOCKPIT_TEST_PG (an admin
URL, see tests/db_fixtures.py); skipped without it.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from salescockpit.clock import FixedClock
from salescockpit.config import Settings
from salescockpit.demo import build_demo
from salescockpit.reports import build_report, render
from salescockpit.services.context import ServiceContext
from salescockpit.store.engine import Database
from tests.conftest import TEST_NOW, TEST_TZ
from tests.db_fixtures import sqlite_url
from tests.reports.conftest import FRIDAY, THURSDAY, write_story

DEMO_LEADS = 300
DEMO_SEED = 5
DEMO_DAYS = (date(2026, 11, 20), date(2026, 11, 23))  # a full Friday and the Monday still going on
DEMO_MANAGER = "ivanov"


def test_the_story_gives_the_same_bytes_on_both(postgres_server, tmp_path):
    outputs = []
    with postgres_server.fresh() as url:
        for target in (sqlite_url(tmp_path), url):
            database = Database.open(target)
            try:
                ctx = write_story(database).ctx
                outputs.append([
                    render(build_report(ctx, day, manager), fmt)
                    for day in (THURSDAY, FRIDAY)
                    for manager in (None, "anna")
                    for fmt in ("json", "md", "csv", "html")
                ])
            finally:
                database.close()
    assert outputs[0] == outputs[1]


@pytest.fixture(scope="module")
def demo_pair(postgres_server, tmp_path_factory):
    """The same demo seed written to a SQLite file and to a PostgreSQL database: (sqlite, postgres)."""
    with postgres_server.fresh() as url:
        databases = (Database.open(sqlite_url(tmp_path_factory.mktemp("demo"))), Database.open(url))
        try:
            for database in databases:
                build_demo(database, leads=DEMO_LEADS, seed=DEMO_SEED, now=TEST_NOW, tz=TEST_TZ)
            yield databases
        finally:
            for database in databases:
                database.close()


def _context(database: Database) -> ServiceContext:
    return ServiceContext(db=database, clock=FixedClock(TEST_NOW, tz=TEST_TZ), settings=Settings(timezone="Europe/Moscow"))


#: The audit trail is left out: its first row is stamped with the wall clock when the schema is
#: made, and its seals hold digests each database computes in its own SQL.
NOT_COMPARED = {"audit_log", "audit_head"}


def test_the_demo_seed_writes_the_same_rows_on_both(demo_pair):
    sqlite, postgres = demo_pair
    tables = [table for table in SQLModel.metadata.sorted_tables if table.name not in NOT_COMPARED]
    assert len(tables) >= 12
    for table in tables:
        query = select(table).order_by(*table.primary_key.columns)
        with sqlite.read() as left, postgres.read() as right:
            assert [tuple(row) for row in right.execute(query)] == [tuple(row) for row in left.execute(query)], table.name


@pytest.mark.parametrize("manager", [None, DEMO_MANAGER], ids=["head", "manager"])
def test_the_demo_seed_gives_byte_identical_json_reports(demo_pair, manager):
    sqlite, postgres = demo_pair
    for day in DEMO_DAYS:
        left = render(build_report(_context(sqlite), day, manager), "json")
        right = render(build_report(_context(postgres), day, manager), "json")
        assert left == right, f"{day} {manager or 'team'}"
        assert b'"calls"' in left  # a real report, not two empty ones


def test_the_demo_seed_gives_the_same_csv_markdown_and_html(demo_pair):
    sqlite, postgres = demo_pair
    day = DEMO_DAYS[0]
    for fmt in ("csv", "md", "html"):
        assert render(build_report(_context(sqlite), day), fmt) == render(build_report(_context(postgres), day), fmt), fmt
