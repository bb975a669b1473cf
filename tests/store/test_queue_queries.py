"""The review queue's SQL must agree with the domain rules, page by page.

The reference is `domain.review.reasons_for` applied to every lead's facts and sorted by
`queue_sort_key`; the SQL walk (reason group by group, keyset pages) must list exactly the
same leads in exactly the same order, for the head and for a manager, with and without filters.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from salescockpit.config import Settings
from salescockpit.domain.review import queue_sort_key, reasons_for
from salescockpit.store.queries.queue import build_scope, lead_facts, review_queue_page
from salescockpit.store.tables import Lead, LeadReview, User
from tests.conftest import TEST_NOW, TEST_TZ
from tests.db_fixtures import BACKENDS, database_copy, sqlite_url


@pytest.fixture(scope="module", params=BACKENDS)
def demo_db(request, tmp_path_factory):
    """The demo (250 leads) on SQLite, then on PostgreSQL (built once per module and backend)."""
    from contextlib import nullcontext

    from salescockpit.demo import build_demo
    from salescockpit.store.engine import Database

    if request.param == "sqlite":
        place = nullcontext(sqlite_url(tmp_path_factory.mktemp("queue"), "queue.db"))
    else:
        place = request.getfixturevalue("postgres_server").fresh()
    with place as url:
        database = Database.open(url)
        build_demo(database, leads=250, seed=3, now=TEST_NOW, tz=TEST_TZ)
        yield database
        database.close()


@pytest.fixture(scope="module")
def settings():
    return Settings(timezone="Europe/Moscow")


def _walk(session, scope, page_size):
    ids, cursor = [], None
    while True:
        page = review_queue_page(session, scope, cursor, page_size)
        ids.extend(row.lead_id for row in page.rows)
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def _reference(session, scope):
    """Every lead the domain rules put in the queue, in the domain's order."""
    query = select(Lead.id)
    if scope.owner_id is not None:
        query = query.where(Lead.owner_id == scope.owner_id)
    lead_ids = list(session.scalars(query))
    reviewed_today = set(session.scalars(select(LeadReview.lead_id).where(LeadReview.day == scope.today)))
    facts = lead_facts(session, scope, lead_ids)
    keyed = []
    for lead_id in lead_ids:
        if scope.head_view and lead_id in reviewed_today:
            continue
        hits = reasons_for(facts[lead_id], scope.now, scope.rules)
        if hits:
            severity, since = queue_sort_key(hits)
            keyed.append(((severity, since, lead_id), lead_id))
    return [lead_id for _key, lead_id in sorted(keyed)]


def _head(session):
    return session.scalars(select(User).where(User.role == "head")).first()


@pytest.mark.parametrize("page_size", [7, 50, 1000])
def test_the_head_queue_walks_in_the_domain_order(demo_db, settings, page_size):
    with demo_db.read() as session:
        head = _head(session)
        scope = build_scope(settings, now=TEST_NOW, viewer_id=head.id, viewer_is_head=True)
        expected = _reference(session, scope)
        assert len(expected) > 20, "the demo should give the head a real queue"
        assert _walk(session, scope, page_size) == expected


def test_a_manager_sees_only_own_leads_with_actions_first(demo_db, settings):
    with demo_db.read() as session:
        manager = session.scalars(select(User).where(User.role == "manager").order_by(User.id)).first()
        scope = build_scope(settings, now=TEST_NOW, viewer_id=manager.id, viewer_is_head=False, manager_id=None)
        walked = _walk(session, scope, 10)
        assert walked == _reference(session, scope)
        owners = set(session.scalars(select(Lead.owner_id).where(Lead.id.in_(walked))))
        assert owners <= {manager.id}
        page = review_queue_page(session, scope, None, 200)
        severities = [row.hits[0].reason.severity for row in page.rows]
        assert severities == sorted(severities)


def test_every_row_carries_every_reason_worst_first(demo_db, settings):
    with demo_db.read() as session:
        head = _head(session)
        scope = build_scope(settings, now=TEST_NOW, viewer_id=head.id, viewer_is_head=True)
        page = review_queue_page(session, scope, None, 100)
        facts = lead_facts(session, scope, [row.lead_id for row in page.rows])
        for row in page.rows:
            expected = sorted(reasons_for(facts[row.lead_id], TEST_NOW, scope.rules), key=lambda h: (h.reason.severity, h.since))
            assert list(row.hits) == expected
        assert len({hit.reason for row in page.rows for hit in row.hits}) >= 3


def test_the_text_filter_folds_case_in_any_script(demo_db, settings):
    with demo_db.read() as session:
        head = _head(session)
        names = session.scalars(select(Lead).order_by(Lead.id))
        lead = next((lead for lead in names if any("А" <= char <= "Я" for char in lead.name)), None)
        assert lead is not None, "the demo has Cyrillic names"
        surname = lead.name.split()[0]
        scope = build_scope(settings, now=TEST_NOW, viewer_id=head.id, viewer_is_head=True, text=surname.lower())
        walked = _walk(session, scope, 50)
        assert walked == _reference_with_text(session, scope, surname)


def _reference_with_text(session, scope, needle):
    matching = {
        lead.id for lead in session.scalars(select(Lead)) if needle.casefold() in lead.search_text
    }
    return [lead_id for lead_id in _reference(session, scope) if lead_id in matching]


def test_a_verdict_takes_the_lead_out_of_today_queue(demo_db, settings, tmp_path, request):
    from salescockpit.clock import FixedClock
    from salescockpit.services.actor import load_actor
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.reviews import record_lead_review
    from salescockpit.store.engine import Database

    with database_copy(demo_db, tmp_path, request) as copy:
        database = Database.open(copy)
        ctx = ServiceContext(db=database, clock=FixedClock(TEST_NOW, tz=TEST_TZ), settings=settings)
        with database.read() as session:
            head = _head(session)
            head_login = head.login
            scope = build_scope(settings, now=TEST_NOW, viewer_id=head.id, viewer_is_head=True)
            first = review_queue_page(session, scope, None, 5).rows[0]
        record_lead_review(ctx, load_actor(ctx, head_login), first.lead_id, "ok")
        with database.read() as session:
            assert first.lead_id not in _walk(session, scope, 50)
        database.close()


def test_progress_counts_the_whole_queue_and_what_waited_since_before_today(demo_db, settings):
    from salescockpit.clock import local_day_bounds
    from salescockpit.store.queries.queue import queue_progress

    with demo_db.read() as session:
        head = _head(session)
        scope = build_scope(settings, now=TEST_NOW, viewer_id=head.id, viewer_is_head=True)
        day_start, _end = local_day_bounds(scope.today, settings.tz)
        progress = queue_progress(session, scope, day_start)
        rows = review_queue_page(session, scope, None, 10_000).rows
        assert progress.in_queue == len(rows) == len(_reference(session, scope))
        assert progress.carried_over == sum(1 for row in rows if row.hits[0].since < day_start)
        assert 0 < progress.carried_over < progress.in_queue
        reviewed = set(session.scalars(select(LeadReview.lead_id).where(LeadReview.day == scope.today)))
        assert progress.reviewed_today == len(reviewed)
