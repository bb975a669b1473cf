"""The board's read side against a real SQLite file: order, keyset pages, totals, filters, markers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from salescockpit.config import Settings
from salescockpit.domain.pipeline import DEFAULT_PIPELINE
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.store.queries.board import (
    BoardFilter,
    BoardScope,
    board_owners,
    card_page,
    cards_before,
    stage_totals,
)
from salescockpit.store.search import search_text
from salescockpit.store.tables import Call, Callback, CallObjection, CallReview, Lead, ObjectionType, Script, User
from tests.conftest import TEST_NOW

NOW = TEST_NOW
DAY = timedelta(days=1)


class Seeder:
    """Writes rows straight into the tables, with full control of every instant."""

    def __init__(self, db) -> None:
        self.db = db
        with db.write() as session:
            self.head = self._user(session, "head", "Ольга Смирнова", "head")
            self.ivanov = self._user(session, "ivanov", "Иван Иванов", "manager")
            self.smith = self._user(session, "smith", "John Smith", "manager")
        with db.read() as session:
            self.script_id = session.scalars(select(Script.id)).first()
            self.price_type = session.scalars(select(ObjectionType.id).where(ObjectionType.key == "price")).one()

    @staticmethod
    def _user(session, login, name, role) -> int:
        user = User(login=login, display_name=name, role=role, created_at=NOW - 90 * DAY)
        session.add(user)
        session.flush()
        return user.id

    def lead(self, name, stage, *, owner=None, value=None, days_in=0, company="") -> int:
        with self.db.write() as session:
            entered = NOW - days_in * DAY - timedelta(hours=1)
            lead = Lead(
                name=name, company=company, owner_id=owner or self.ivanov, stage=stage, value=value,
                created_at=entered, updated_at=entered, stage_entered_at=entered, last_activity_at=entered,
                search_text=search_text(name, company),
            )
            session.add(lead)
            session.flush()
            return lead.id

    def callback(self, lead_id, due, status="open") -> None:
        with self.db.write() as session:
            session.add(Callback(lead_id=lead_id, owner_id=self.ivanov, due_at=due, status=status,
                                 created_by_id=self.ivanov, created_at=NOW - 5 * DAY))

    def call(self, lead_id, started, *, review=None, objection=None) -> int:
        """A call; ``review`` = (failed_critical, passed); ``objection`` = (handled, resolved)."""
        with self.db.write() as session:
            call = Call(lead_id=lead_id, manager_id=self.ivanov, started_at=started, direction="out",
                        outcome="reached", created_at=started)
            session.add(call)
            session.flush()
            if review is not None:
                failed, passed = review
                session.add(CallReview(call_id=call.id, reviewer_id=self.head, script_id=self.script_id,
                                       score=50.0, passed=passed, failed_critical=failed, created_at=started))
            if objection is not None:
                handled, resolved = objection
                session.add(CallObjection(call_id=call.id, lead_id=lead_id, type_id=self.price_type, handled=handled,
                                          raised_at=started, resolved_at=started + DAY if resolved else None))
            return call.id


@pytest.fixture
def seed(db, clock):
    ensure_catalog(ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow")))
    return Seeder(db)


def scope(**filters) -> BoardScope:
    return BoardScope(now=NOW, pipeline=DEFAULT_PIPELINE, filter=BoardFilter(**filters))


def all_cards(db, board_scope, stage, limit=2):
    """Walk the column page by page; pages must chain without gaps or repeats."""
    cards, cursor = [], None
    with db.read() as session:
        while True:
            page = card_page(session, board_scope, stage, after=cursor, limit=limit)
            cards.extend(page.cards)
            assert len(page.cards) <= limit
            if page.next_cursor is None:
                return cards
            cursor = page.next_cursor


def test_column_order_is_stale_first_then_value_then_id(db, seed):
    fresh_big = seed.lead("Fresh big", "needs", value=900)
    stale_small = seed.lead("Stale small", "needs", value=10, days_in=8)
    stale_none = seed.lead("Stale none", "needs", value=None, days_in=9)
    stale_big = seed.lead("Stale big", "needs", value=500, days_in=20)
    fresh_none = seed.lead("Fresh none", "needs")
    fresh_zero = seed.lead("Fresh zero", "needs", value=0)
    twin_a = seed.lead("Twin a", "needs", value=300)
    twin_b = seed.lead("Twin b", "needs", value=300)
    seed.lead("Elsewhere", "closing", value=10_000)

    cards = all_cards(db, scope(), "needs", limit=2)

    assert [card.lead_id for card in cards] == [
        stale_big, stale_small, stale_none, fresh_big, twin_a, twin_b, fresh_zero, fresh_none,
    ]
    assert [card.stale for card in cards] == [True] * 3 + [False] * 5
    assert cards[0].days_in_stage == 20 and cards[0].owner_name == "Иван Иванов"
    with db.read() as session:
        one_page = card_page(session, scope(), "needs", limit=50)
    assert [card.lead_id for card in one_page.cards] == [card.lead_id for card in cards]
    assert one_page.next_cursor is None
    with db.read() as session:  # each card's place in the column, as the board's window needs it
        assert [cards_before(session, scope(), "needs", card.position) for card in cards] == list(range(len(cards)))
        assert [cards_before(session, scope(owner_id=seed.smith), "needs", card.position) for card in cards] == [0] * 8


def test_pages_walk_backwards_from_the_end_and_restart_at_a_card(db, seed):
    for number in range(7):
        seed.lead(f"Lead {number}", "presentation", value=number * 10 or None, days_in=number * 2)
    forward = [card.lead_id for card in all_cards(db, scope(), "presentation", limit=50)]
    backward, before = [], None
    with db.read() as session:
        tail = card_page(session, scope(), "presentation", from_end=True, limit=3)
        assert (tail.has_before, tail.has_after) == (True, False)
        page = tail
        while True:
            backward[:0] = [card.lead_id for card in page.cards]
            if not page.has_before:
                break
            before = page.cards[0].position
            page = card_page(session, scope(), "presentation", before=before, limit=3)
            assert page.has_after
        restart = card_page(session, scope(), "presentation", limit=50)
        anchor = restart.cards[3].position
        again = card_page(session, scope(), "presentation", after=anchor, inclusive=True, limit=2)
        beyond = card_page(session, scope(), "presentation", after=anchor, limit=2)
    assert backward == forward and len(forward) == 7
    assert [card.lead_id for card in again.cards] == forward[3:5] and again.has_before and again.has_after
    assert [card.lead_id for card in beyond.cards] == forward[4:6]


def test_stale_is_strictly_after_the_limit_and_never_in_closed_stages(db, seed):
    # "needs" goes stale after 7 days; seed.lead adds one hour to days_in.
    seed.lead("Exactly seven", "needs", days_in=7)
    seed.lead("Six", "needs", days_in=6)
    seed.lead("Old win", "won", value=100, days_in=400)
    with db.read() as session:
        totals = stage_totals(session, scope())
        needs = card_page(session, scope(), "needs").cards
        won = card_page(session, scope(), "won").cards
    assert totals["needs"].stale == 1 and totals["needs"].count == 2
    assert [card.name for card in needs if card.stale] == ["Exactly seven"]
    assert totals["won"].stale == 0 and not won[0].stale


def test_totals_cover_every_stage_and_sum_values(db, seed):
    seed.lead("A", "new", value=100)
    seed.lead("B", "new", value=None, days_in=3)
    seed.lead("C", "closing", value=250, owner=seed.smith)
    with db.read() as session:
        totals = stage_totals(session, scope())
        only_two = stage_totals(session, scope(), ["new", "needs"])
    assert list(totals) == list(DEFAULT_PIPELINE.keys)
    assert (totals["new"].count, totals["new"].value, totals["new"].stale) == (2, 100, 1)
    assert (totals["closing"].count, totals["closing"].value) == (1, 250)
    assert totals["lost"].count == 0
    assert set(only_two) == {"new", "needs"} and only_two["new"].count == 2


def test_owner_and_text_filters(db, seed):
    seed.lead("Пётр Иванов", "new", company="ООО «Вектор»")
    seed.lead("Anna Lee", "new", company="Northwind Ltd", owner=seed.smith)
    seed.lead("Иван Петров", "new", owner=seed.smith)

    def count(**filters):
        with db.read() as session:
            return stage_totals(session, scope(**filters))["new"].count

    assert count() == 3
    assert count(owner_id=seed.smith) == 2
    assert count(text="ВЕКТОР") == 1
    assert count(text="  петр  ") == 1  # casefold: "Пётр" is not "петр", "Петров" is
    assert count(text="northwind", owner_id=seed.ivanov) == 0
    assert count(text="100%") == 0
    with db.read() as session:
        cards = card_page(session, scope(text="иван"), "new").cards
    assert {card.name for card in cards} == {"Пётр Иванов", "Иван Петров"}


def test_markers_come_from_callbacks_objections_and_reviews(db, seed):
    overdue = seed.lead("Overdue", "needs")
    seed.callback(overdue, NOW - timedelta(hours=2))
    seed.callback(overdue, NOW + DAY)
    planned = seed.lead("Planned", "needs")
    seed.callback(planned, NOW + DAY)
    seed.callback(planned, NOW - DAY, status="done")
    objecting = seed.lead("Objecting", "needs")
    seed.call(objecting, NOW - 3 * DAY, objection=(False, False))
    resolved = seed.lead("Resolved", "needs")
    seed.call(resolved, NOW - 3 * DAY, objection=(False, True))
    seed.call(resolved, NOW - 2 * DAY, objection=(True, False))
    failed = seed.lead("Failed", "needs")
    seed.call(failed, NOW - 3 * DAY, review=(False, True))
    seed.call(failed, NOW - 2 * DAY, review=(True, False))
    seed.call(failed, NOW - DAY)  # a later call nobody reviewed yet does not count
    redeemed = seed.lead("Redeemed", "needs")
    seed.call(redeemed, NOW - 3 * DAY, review=(True, False))
    seed.call(redeemed, NOW - 2 * DAY, review=(False, True))
    not_passed = seed.lead("Not passed", "needs")
    seed.call(not_passed, NOW - 2 * DAY, review=(False, False))
    seed.lead("Won quietly", "won", value=5)

    cards = {card.name: card for card in all_cards(db, scope(), "needs", limit=3)}
    won = all_cards(db, scope(), "won")[0]

    def markers(name):
        card = cards[name]
        return card.overdue_callback, card.open_objection, card.failed_review, card.no_next_step

    assert markers("Overdue") == (True, False, False, False)
    assert markers("Planned") == (False, False, False, False)
    assert markers("Objecting") == (False, True, False, True)
    assert markers("Resolved") == (False, False, False, True)
    assert markers("Failed") == (False, False, True, True)
    assert markers("Redeemed") == (False, False, False, True)
    assert markers("Not passed") == (False, False, True, True)
    assert not cards["Planned"].has_problem
    assert not won.has_problem and not won.no_next_step


def test_problems_only_matches_the_markers(db, seed):
    fine = seed.lead("Fine", "needs")
    seed.callback(fine, NOW + DAY)
    stale_fine = seed.lead("Stale but planned", "needs", days_in=30)
    seed.callback(stale_fine, NOW + DAY)
    overdue = seed.lead("Overdue", "qualification")
    seed.callback(overdue, NOW - DAY)
    seed.callback(overdue, NOW + DAY)
    failed = seed.lead("Failed", "closing", value=10)
    seed.call(failed, NOW - DAY, review=(True, False))
    seed.callback(failed, NOW + DAY)
    seed.lead("Nothing planned", "new")
    seed.lead("Lost", "lost")

    with db.read() as session:
        everything = stage_totals(session, scope())
        problems = stage_totals(session, scope(problems_only=True))
    assert sum(t.count for t in everything.values()) == 6
    assert {stage: t.count for stage, t in problems.items() if t.count} == {
        "needs": 1, "qualification": 1, "closing": 1, "new": 1,
    }
    for stage in DEFAULT_PIPELINE.keys:
        shown = all_cards(db, scope(), stage, limit=5)
        flagged = all_cards(db, scope(problems_only=True), stage, limit=5)
        assert [card.lead_id for card in flagged] == [card.lead_id for card in shown if card.has_problem]


def test_board_owners_lists_active_users_managers_first(db, seed):
    with db.write() as session:
        session.add(User(login="gone", display_name="Gone Away", role="manager", active=False, created_at=NOW))
    with db.read() as session:
        owners = board_owners(session)
    assert [owner.login for owner in owners] == ["smith", "ivanov", "head"]  # by display name: J < И
    assert owners[1].name == "Иван Иванов" and owners[-1].role == "head"
