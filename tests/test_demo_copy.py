"""The benchmark's COPY seeder (demo/copy_writer.py) writes the rows the ORM seeder writes.

PostgreSQL only (the variant runs when SALESCOCKPIT_TEST_PG names a server, see
tests/db_fixtures.py): the same seed built twice, once through the ordinary path (SQLAlchemy
Core inserts, foreign keys checked) and once with COPY, must give the same rows, so the benchmark
at a million leads measures the same data as the demo everyone knows. What COPY leaves out on
purpose (the history trail, the seals) is checked too.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from salescockpit.demo import build_demo
from salescockpit.demo.writer import COLUMNS
from salescockpit.store.engine import Database
from tests.db_fixtures import postgres_server  # noqa: F401 - the fixture

LEADS = 300
#: Tables the demo fills outside the bulk writer (roll-ups, money, campaign, listening).
OTHER_TABLES = ("clients", "contracts", "instalments", "payments", "client_tasks", "transcript_lines",
                "scripts", "objection_types")


def _rows(db: Database, sql: str) -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


@pytest.fixture(scope="module")
def both(postgres_server):  # noqa: F811 - the fixture imported above
    """(the ORM path's database, the COPY path's database), the same seed; built once for the module."""
    from salescockpit.clock import FixedClock
    from tests.conftest import TEST_NOW, TEST_TZ

    clock = FixedClock(TEST_NOW, tz=TEST_TZ)
    with postgres_server.fresh() as orm_url, postgres_server.fresh() as copy_url:
        orm, copied = Database.open(orm_url), Database.open(copy_url)
        try:
            build_demo(orm, leads=LEADS, seed=3, now=clock.now(), tz=clock.tz)
            build_demo(copied, leads=LEADS, seed=3, now=clock.now(), tz=clock.tz, fast="copy")
            yield orm, copied
        finally:
            orm.close()
            copied.close()


def test_copy_writes_the_same_rows_as_the_orm_seeder(both):
    orm, copied = both
    for table in [*COLUMNS, *OTHER_TABLES]:
        expected = _rows(orm, f"SELECT * FROM {table} ORDER BY id")
        assert _rows(copied, f"SELECT * FROM {table} ORDER BY id") == expected, table
    counts = _rows(copied, "SELECT COUNT(*) FROM calls")[0][0], _rows(copied, "SELECT COUNT(*) FROM leads")[0][0]
    assert counts == (10 * LEADS, LEADS)
    # a sample, spelled out: the roll-ups of the leads with open callbacks (the queue reads them)
    rollups = "SELECT id, open_due_min, open_due_max, unscored_since FROM leads WHERE open_due_min IS NOT NULL ORDER BY id"
    assert _rows(copied, rollups) == _rows(orm, rollups) != []


def test_copy_leaves_out_the_history_trail_and_seals_but_says_the_demo_was_built(both):
    orm, copied = both
    history = ("SELECT COUNT(*) FROM audit_log WHERE action IN"
               " ('lead.create', 'call.log', 'lead.move', 'call.review', 'lead.recheck', 'lead.review')")
    lead_seals = "SELECT COUNT(*) FROM audit_log WHERE action = 'seal' AND entity = 'lead'"
    built = "SELECT COUNT(*) FROM audit_log WHERE action = 'demo_built'"
    assert [_rows(orm, sql)[0][0] > 0 for sql in (history, lead_seals)] == [True, True]
    assert [_rows(copied, sql)[0][0] for sql in (history, lead_seals, built)] == [0, 0, 1]


def test_after_copy_the_sequences_are_past_the_demos_ids(both):
    _orm, copied = both
    with copied.engine.begin() as connection:
        for table in COLUMNS:
            highest = connection.execute(text(f"SELECT MAX(id) FROM {table}")).scalar()
            following = connection.execute(text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))")).scalar()
            assert highest is None or following > highest, table


def test_copy_keeps_every_index_of_the_bulk_tables(both):
    orm, copied = both
    indexes = ("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
               " ORDER BY tablename, indexname")
    assert _rows(copied, indexes) == _rows(orm, indexes)
