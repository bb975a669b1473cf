"""Migration 0115: a board column's page walks ix_leads_stage_value in column order, no sort;
and one lead's share of the totals (what a move adds and takes away) by the totals' own rules."""

from __future__ import annotations

import pytest

from salescockpit.store.queries.board import card_page, cards_before, stage_totals
from tests.store.test_board_queries import DAY, scope, seed  # noqa: F401  (the seed fixture)
from tests.store.test_covering_indexes import _plans


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's")
def test_a_columns_pages_walk_the_column_order_index_without_sorting(db, seed):
    for number in range(6):
        seed.lead(f"Needs {number}", "needs", value=number * 10 or None, days_in=number * 10)
    board_scope = scope()

    def pages(session):
        first = card_page(session, board_scope, "needs", limit=2)
        following = card_page(session, board_scope, "needs", after=first.cards[-1].position, limit=2)
        card_page(session, board_scope, "needs", before=following.cards[0].position, limit=2)
        card_page(session, board_scope, "needs", from_end=True, limit=2)
        cards_before(session, board_scope, "needs", following.cards[0].position)

    plans = _plans(db, pages)
    column_reads = {statement: plan for statement, plan in plans.items() if "FROM leads" in statement}
    assert column_reads
    for statement, plan in column_reads.items():
        assert any("ix_leads_stage_value" in line for line in plan), (statement, plan)
        assert not any("TEMP B-TREE" in line for line in plan), (statement, plan)


def test_one_leads_share_of_the_totals_is_what_a_full_count_holds_for_it(db, seed):
    stale = seed.lead("Stale", "needs", value=700, days_in=40)
    seed.lead("Fresh", "needs", value=50)
    other = seed.lead("Other", "new", value=None)
    with db.read() as session:
        everything = stage_totals(session, scope())
        shares = {lead: stage_totals(session, scope(), lead_id=lead) for lead in (stale, other)}
        only_problems = stage_totals(session, scope(problems_only=True), lead_id=stale)
    assert shares[stale]["needs"].count == 1 and shares[stale]["needs"].value == 700
    assert shares[stale]["needs"].stale == 1 and shares[stale]["new"].count == 0
    assert shares[other]["new"].count == 1 and shares[other]["new"].value == 0 and shares[other]["new"].stale == 0
    assert everything["needs"].count == 2 and everything["needs"].value == 750 and everything["needs"].stale == 1
    assert only_problems["needs"].count == 1  # a stale lead is a problem: the filter applies to the share too


def test_a_cards_place_with_the_stale_total_given_is_its_counted_place(db, seed):
    for number in range(4):
        seed.lead(f"Stale {number}", "needs", value=number * 10, days_in=40)
    for number in range(3):
        seed.lead(f"Fresh {number}", "needs", value=number * 10)
    board_scope = scope()
    with db.read() as session:
        stale = stage_totals(session, board_scope)["needs"].stale
        cards = card_page(session, board_scope, "needs", limit=10).cards
        counted = [cards_before(session, board_scope, "needs", card.position) for card in cards]
        given = [cards_before(session, board_scope, "needs", card.position, stale_count=stale) for card in cards]
    assert stale == 4 and counted == list(range(7)) and given == counted
