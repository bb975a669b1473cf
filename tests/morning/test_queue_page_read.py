"""How the SQLite queue page reads (issue 22): one snapshot for all its groups, and its index.

`queue_sqlite.sqlite_read` runs a page from a read session that has not begun yet in a plain
BEGIN/COMMIT of its own on the DB-API connection: the groups' statements must still see one
snapshot, and the session must still work afterwards. The action words of each row are one seek
in `ix_lead_reviews_lead_pending` (migration 0125).
"""

from __future__ import annotations

import sqlite3

import pytest

from salescockpit.domain.review import Reason
from salescockpit.store.queries.queue import build_scope, review_queue_page
from tests.morning.conftest import build_demo_file

pytestmark = pytest.mark.sqlite_only("the SQLite page's own read transaction and its query plan")


@pytest.fixture(scope="module")
def demo200(tmp_path_factory):
    return build_demo_file(tmp_path_factory.mktemp("queue_page_read"), 200)


def _head_scope(ctx):
    with ctx.db.read() as session:
        head_id = session.connection().exec_driver_sql("SELECT id FROM users WHERE role = 'head'").scalar()
    return build_scope(ctx.settings, now=ctx.clock.now(), viewer_id=head_id, viewer_is_head=True)


def _traced_page(ctx, scope, limit, on_statement=None):
    """The page from a fresh read session, with every statement SQLite ran for it."""
    statements: list[str] = []

    def trace(sql: str) -> None:
        statements.append(sql)
        if on_statement is not None:
            on_statement(sql, statements)

    with ctx.db.read() as session:
        driver = session.get_bind().connection.driver_connection  # the session has not begun
        driver.set_trace_callback(trace)
        try:
            page = review_queue_page(session, scope, None, limit)
        finally:
            driver.set_trace_callback(None)
        # The session still reads after the page ended its own transaction.
        assert session.connection().exec_driver_sql("SELECT count(*) FROM leads").scalar() == 200
    return page, statements


def test_a_page_across_groups_reads_one_snapshot_while_another_program_writes(demo200, fresh_copy, morning_ctx):
    """A lead changed by another connection between two groups' statements is listed once, as it
    was when the page began; the next page shows the change."""
    path = fresh_copy(demo200)
    ctx = morning_ctx(path)
    scope = _head_scope(ctx)
    with ctx.db.read() as session:
        everything = review_queue_page(session, scope, None, 1000).rows
    overdue = [row for row in everything if row.hits[0].reason is Reason.OVERDUE_CALLBACK]
    moved = next(row for row in overdue if row.stage not in scope.rules.pipeline_terminal)
    limit = len(overdue) + 10  # the overdue group, then ten of the next groups

    def write_when_the_second_group_starts(sql: str, statements: list[str]) -> None:
        if sum(each.lstrip().upper().startswith("SELECT") for each in statements) != 2:
            return
        writer = sqlite3.connect(path, timeout=5)
        try:  # no callbacks, never called, came in long ago: "new, not contacted" since 2000
            writer.execute("UPDATE leads SET open_due_min = NULL, open_due_max = NULL, first_call_at = NULL, "
                           "created_at = '2000-01-03 09:00:00.000000' WHERE id = ?", (moved.lead_id,))
            writer.commit()
        finally:
            writer.close()

    page, statements = _traced_page(ctx, scope, limit, write_when_the_second_group_starts)
    assert sum(sql.lstrip().upper().startswith("SELECT") for sql in statements) >= 2, statements
    ids = [row.lead_id for row in page.rows]
    assert len(ids) == limit and len(set(ids)) == limit, "a lead listed twice: the groups read two snapshots"
    assert [row.lead_id for row in page.rows[: len(overdue)]] == [row.lead_id for row in overdue]
    after, _ = _traced_page(ctx, scope, limit)
    new_group = [row for row in after.rows if row.hits[0].reason is Reason.NEW_NOT_CONTACTED]
    assert new_group and new_group[0].lead_id == moved.lead_id  # the write is seen once the page is done


def test_the_action_words_of_a_row_are_one_seek_in_the_pending_index(demo200, fresh_copy, morning_ctx):
    """Migration 0125: the latest pending action of each row is read from
    (lead_id, verdict, action_done_at, created_at), not by reading every review of the lead."""
    ctx = morning_ctx(fresh_copy(demo200))
    page, statements = _traced_page(ctx, _head_scope(ctx), 20)
    assert len(page.rows) == 20
    select = next(sql for sql in statements if sql.lstrip().upper().startswith("SELECT"))
    with ctx.db.read() as session:
        plan = [row[3] for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + select)]
    assert any("ix_lead_reviews_lead_pending (lead_id=? AND verdict=? AND action_done_at=?)" in line
               for line in plan), plan
