"""The queue page read from the roll-up columns in one statement equals the old page (issue 22).

The old page found each group's lead ids (`queue_sql.group_page`) and then re-derived every
reason of each row from the raw tables (`queue.queue_rows_from_raw_tables`, six look-ups). The
new page takes every row and reason from the page's own statement. On a seeded demo the two
must list the same leads in the same order, with the same reasons, owner and action text, page
after page, for the head, each manager, a head's manager filter and a text filter.
"""

from __future__ import annotations

import pytest

from salescockpit.store.queries.queue import (
    QueueCursor,
    QueuePage,
    build_scope,
    queue_rows,
    queue_rows_from_raw_tables,
    review_queue_page,
)
from salescockpit.store.queries.queue_sql import group_page, group_reasons
from tests.morning.conftest import build_demo_file

PAGES = 4
PAGE = 25


@pytest.fixture(scope="module")
def demo400(tmp_path_factory):
    return build_demo_file(tmp_path_factory.mktemp("rollup_page400"), 400)


def old_page(session, scope, after, limit):
    """The page as it was read before issue 22: the ids by group, then the raw tables' reasons."""
    found = []
    reasons = group_reasons(scope)
    start = reasons.index(after.reason) if after is not None else 0
    for reason in reasons[start:]:
        key = (after.since, after.lead_id) if after is not None and after.reason is reason else None
        for lead_id, since in session.execute(group_page(reason, scope, key, limit - len(found))):
            found.append((lead_id, reason, since))
        if len(found) >= limit:
            break
    cursor = None
    if len(found) >= limit:
        last_id, last_reason, last_since = found[-1]
        cursor = QueueCursor(last_reason, last_since, last_id)
    return QueuePage(tuple(queue_rows_from_raw_tables(session, scope, [row[0] for row in found])), cursor)


def _viewers(session):
    users = session.connection().exec_driver_sql("SELECT id, login, role FROM users ORDER BY id").all()
    head = next(user for user in users if user[2] == "head")
    managers = [user for user in users if user[2] == "manager"]
    yield "head", dict(viewer_id=head[0], viewer_is_head=True)
    yield "head, one manager", dict(viewer_id=head[0], viewer_is_head=True, manager_id=managers[1][0])
    yield "head, text filter", dict(viewer_id=head[0], viewer_is_head=True, text="а")
    for manager in managers[:3]:
        yield manager[1], dict(viewer_id=manager[0], viewer_is_head=False)


def test_the_roll_up_page_equals_the_old_page_for_every_viewer_page_after_page(demo400, fresh_copy, morning_ctx):
    ctx = morning_ctx(fresh_copy(demo400))
    with ctx.db.read() as session:
        compared = 0
        for who, viewer in _viewers(session):
            scope = build_scope(ctx.settings, now=ctx.clock.now(), **viewer)
            after_new = after_old = None
            for number in range(PAGES):
                new, old = review_queue_page(session, scope, after_new, PAGE), old_page(session, scope, after_old, PAGE)
                assert new == old, f"{who}, page {number + 1}"
                compared += len(new.rows)
                if new.next_cursor is None:
                    break
                after_new, after_old = new.next_cursor, old.next_cursor
            ids = [row.lead_id for row in old.rows]
            assert queue_rows(session, scope, ids[::-1]) == queue_rows_from_raw_tables(session, scope, ids[::-1]), who
    assert compared > 300  # several full pages, several viewers


def test_the_rows_have_reasons_of_every_kind_the_demo_holds(demo400, fresh_copy, morning_ctx):
    """The comparison above means something: the demo's pages carry actions, unscored calls, junk."""
    ctx = morning_ctx(fresh_copy(demo400))
    with ctx.db.read() as session:
        seen = set()
        for _who, viewer in _viewers(session):
            scope = build_scope(ctx.settings, now=ctx.clock.now(), **viewer)
            page = review_queue_page(session, scope, None, 200)
            seen |= {hit.reason.value for row in page.rows for hit in row.hits}
            seen |= {"action text"} if any(row.action_text for row in page.rows) else set()
    assert {"overdue_callback", "unreviewed_call", "no_next_step", "action text"} <= seen, seen


def test_a_full_first_page_is_one_statement(demo400, fresh_copy, morning_ctx):
    """Every reason comes from the page's own statement: no follow-up look-ups per page."""
    ctx = morning_ctx(fresh_copy(demo400))
    statements = []
    with ctx.db.read() as session:
        head_id = session.connection().exec_driver_sql("SELECT id FROM users WHERE role = 'head'").scalar()
        scope = build_scope(ctx.settings, now=ctx.clock.now(), viewer_id=head_id, viewer_is_head=True)
        driver = session.connection().connection.driver_connection
        driver.set_trace_callback(statements.append)  # every statement SQLite runs on this connection
        try:
            page = review_queue_page(session, scope, None, 20)
        finally:
            driver.set_trace_callback(None)
    assert len(page.rows) == 20 and page.rows[0].hits[0].reason.value == "overdue_callback"
    assert len([sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]) == 1, statements
