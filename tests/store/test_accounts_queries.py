"""The Accounts list's SQL against the domain rules, page by page; the card; who sees what.

The reference is `domain.client_reasons` applied to every client's facts: the keyset walk must
list the clients in the order of `rank_key` (worst reason, then most money), with no client
twice and none lost between pages, for the head and for a manager.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from salescockpit.domain.client_reasons import ClientReason, ClientRules, findings_for, rank_key
from salescockpit.services.errors import PermissionDenied
from salescockpit.store.queries.account_card import client_card, payments_to_match
from salescockpit.store.queries.accounts import accounts_page, client_facts
from salescockpit.store.queries.visibility import ViewerRef
from tests.conftest import TEST_NOW, TEST_TZ
from tests.db_fixtures import BACKENDS, sqlite_url

TODAY = date(2026, 11, 23)
RULES = ClientRules()


@pytest.fixture(scope="module", params=BACKENDS)
def demo_db(request, tmp_path_factory):
    """The demo (300 leads, so some forty clients) on SQLite, then on PostgreSQL."""
    from contextlib import nullcontext

    from salescockpit.demo import build_demo
    from salescockpit.store.engine import Database

    if request.param == "sqlite":
        place = nullcontext(sqlite_url(tmp_path_factory.mktemp("accounts"), "accounts.db"))
    else:
        place = request.getfixturevalue("postgres_server").fresh()
    with place as url:
        database = Database.open(url)
        build_demo(database, leads=300, seed=5, now=TEST_NOW, tz=TEST_TZ)
        yield database
        database.close()


def walk(session, viewer=None, limit=4, rules=RULES):
    rows, after = [], None
    while True:
        page = accounts_page(session, today=TODAY, rules=rules, viewer=viewer, after=after, limit=limit)
        rows.extend(page.rows)
        after = page.next_cursor
        if after is None:
            return rows


@pytest.mark.parametrize("rules", [RULES, ClientRules(due_soon_working_days=8, silent_days=20)],
                         ids=["defaults", "wide-window-short-silence"])
def test_pages_follow_the_domain_ranking_with_nobody_lost_or_twice(demo_db, rules):
    with demo_db.read() as session:
        rows = walk(session, rules=rules)
        every = [client_id for (client_id,) in session.execute(text("SELECT id FROM clients"))]
        facts, _currency = client_facts(session, every, TODAY)
    ids = [row.client_id for row in rows]
    assert len(ids) == len(set(ids)) > 5
    found = {client_id: findings_for(facts[client_id], rules, TODAY) for client_id in every}
    expected = sorted((client_id for client_id in every if found[client_id]),
                      key=lambda client_id: (rank_key(found[client_id]), client_id))
    assert ids == expected
    assert [rank_key(row.findings) for row in rows] == sorted(rank_key(row.findings) for row in rows)
    if rules is not RULES:  # overdue, due soon and silent all have clients (the demo's broken promises
        severities = {ClientReason.INSTALMENT_OVERDUE.severity, ClientReason.DUE_SOON_NOT_CALLED.severity,
                      ClientReason.CLIENT_SILENT.severity}
        assert severities <= {rank_key(row.findings)[0] for row in rows}  # sit with overdue clients)


def test_a_manager_walks_only_their_clients_and_cannot_open_another_card(demo_db):
    with demo_db.read() as session:
        owners = dict(session.execute(text("SELECT c.id, c.manager_id FROM clients c")).all())
        manager_id = owners[walk(session)[0].client_id]  # a manager with a client at risk (row order differs by database)
        viewer = ViewerRef(manager_id, False)
        mine = walk(session, viewer)
        assert mine and {owners[row.client_id] for row in mine} == {manager_id}
        assert [row.client_id for row in mine] == [row.client_id for row in walk(session)
                                                   if owners[row.client_id] == manager_id]
        other = next(client_id for client_id, owner in owners.items() if owner != manager_id)
        with pytest.raises(PermissionDenied):
            client_card(session, other, viewer=viewer)
        with pytest.raises(PermissionDenied):
            payments_to_match(session, viewer=viewer)
        assert len(payments_to_match(session)) == 2


def test_the_card_marks_the_schedule(demo_db):
    with demo_db.read() as session:
        first = accounts_page(session, today=TODAY, rules=RULES, limit=1).rows[0]
        card = client_card(session, first.client_id)
    assert card.name == first.name and card.contracts
    marks = {line.mark(TODAY) for line in card.schedule}
    assert "overdue" in marks
    assert sum(line.amount for line in card.schedule) == sum(total for _n, _d, _s, total, _c in card.contracts)
