"""Today's list is the same on PostgreSQL: the bounded read (`store.queries.today_list`) runs the
same SQL there (a MATERIALIZED common table expression, row-value keyset pages) and must place
every lead as on SQLite and as `morning_plan`'s split in Python. Needs SALESCOCKPIT_TEST_PG."""

from __future__ import annotations

import pytest

from salescockpit.config import Settings
from salescockpit.demo import build_demo
from salescockpit.store.engine import Database
from salescockpit.store.queries.queue import build_scope
from salescockpit.store.queries.queue_morning import morning_overview, today_more
from salescockpit.store.queries.queue_split import morning_plan
from tests.conftest import TEST_NOW, TEST_TZ
from tests.db_fixtures import postgres_server, sqlite_url  # noqa: F401  (the server fixture)

SETTINGS = Settings(timezone="Europe/Moscow", review_backlog_max_days=2)


@pytest.fixture(scope="module")
def demo_pair(postgres_server, tmp_path_factory):
    with postgres_server.fresh() as url:
        databases = (Database.open(sqlite_url(tmp_path_factory.mktemp("morning"))), Database.open(url))
        try:
            for database in databases:
                build_demo(database, leads=300, seed=7, now=TEST_NOW, tz=TEST_TZ)
            yield databases
        finally:
            for database in databases:
                database.close()


def _morning(database: Database):
    with database.read() as session:
        whole = morning_overview(session, SETTINGS, now=TEST_NOW, viewer_id=1)
        first = morning_overview(session, SETTINGS, now=TEST_NOW, viewer_id=1, first_rows=4, with_drafts=False)
        paged, rest = list(first.today_ids), first.rest
        while rest is not None:
            rows, rest = today_more(session, SETTINGS, now=TEST_NOW, viewer_id=1, manager_id=None, rest=rest, limit=4)
            paged += [row.lead_id for row in rows]
        scope = build_scope(SETTINGS, now=TEST_NOW, viewer_id=1, viewer_is_head=True)
        split = morning_plan(session, scope, capacity=SETTINGS.review_daily_capacity,
                             backlog_max_days=SETTINGS.review_backlog_max_days, hours=SETTINGS.working_hours()).split
    return whole, tuple(paged), split


def test_today_is_the_same_list_on_both_databases(demo_pair):
    results = [_morning(database) for database in demo_pair]
    for whole, paged, split in results:
        assert whole.today_ids == paged == split.today and len(paged) > 8  # several pages
        assert (whole.today_count, whole.backlog_count, whole.sent_count) == (
            len(split.today), len(split.backlog), len(split.sent))
        assert {draft.manager_id: draft.lead_ids for draft in whole.drafts} == split.fix_lists
    (sqlite, _p1, _s1), (postgres, _p2, _s2) = results
    assert sqlite.today_ids == postgres.today_ids
    assert [draft.summary for draft in sqlite.drafts] == [draft.summary for draft in postgres.drafts]
