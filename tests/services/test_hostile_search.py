"""Hostile text in every search and filter, on SQLite and PostgreSQL: found as text, nothing else.

The searches and filters over stored text (each gets every case below):
- lead search (ctrl+f, the call form's lead picker): `store.queries.leads.find_leads`
- the board's filter: `store.queries.board` through `BoardFilter.text`
- the review queue's filter (`/`): `store.queries.queue.build_scope(text=...)`
- a campaign's product filter (contract subjects): `store.queries.campaigns.picked_clients`

Each hostile value is a lead's (or a contract's) text next to a decoy that the value would match if
``%`` or ``_`` acted as wildcards or ``\\`` as an escape: the search finds exactly the one row.
NUL (which no stored text can hold) and 10,000 characters find nothing, without an error.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from salescockpit.config_company import CompanySettings
from salescockpit.services.campaigns import CampaignDraft, preview_campaign
from salescockpit.services.clients import ClientDraft, create_client
from salescockpit.services.contracts import ContractDraft, create_contract
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.store.audit_health import check_audit_chain
from salescockpit.store.queries.board import stage_totals
from salescockpit.store.queries.board_scope import BoardFilter, BoardScope
from salescockpit.store.queries.leads import find_leads
from salescockpit.store.queries.queue import build_scope, review_queue_page
from salescockpit.store.tables import Lead

#: (what is searched for, the text that holds it, a decoy that must not be found)
CASES = {
    "sql": ("'; DROP TABLE leads; --", "ООО '; DROP TABLE leads; -- и сыновья", "ООО DROP TABLE"),
    "percent": ("100%", "Скидка 100% всем", "Скидка 1000 всем"),
    "underscore": ("a_b", "Лид a_b", "Лид axb"),
    "backslash": ("c:\\temp", "Путь C:\\temp\\new", "Путь C:temp"),
    "escaped percent": ("\\%", "Ровно \\% тут", "Ровно % тут"),
    "quotes": ("o'brien \"x\"", "O'Brien \"X\" Ltd", "OBrien X Ltd"),
}
NOTHING = {"nul": "before\x00after", "long": "%_\\" * 3_334}


@pytest.fixture
def leads(ctx, anna):
    """{case: (the lead holding it, its decoy)}: every lead in stage new, never called."""
    made = {}
    for case, (_needle, holder, decoy) in CASES.items():
        made[case] = (create_lead(ctx, anna, LeadDraft(name=holder)), create_lead(ctx, anna, LeadDraft(name=decoy)))
    return made


def _lead_search(ctx, head, text):
    with ctx.db.read() as session:
        return {match.lead_id for match in find_leads(session, text, viewer=head)}


def _board(ctx, head, text):
    with ctx.db.read() as session:
        scope = BoardScope(now=ctx.clock.now(), pipeline=ctx.pipeline, filter=BoardFilter(text=text))
        return stage_totals(session, scope)["new"].count


def _queue(ctx, head, text):
    later = ctx.clock.now() + timedelta(days=3)  # every lead is by then a new lead nobody called
    with ctx.db.read() as session:
        scope = build_scope(ctx.settings, now=later, viewer_id=head.id, viewer_is_head=True, text=text)
        return {row.lead_id for row in review_queue_page(session, scope, None, 100).rows}


@pytest.mark.parametrize("case", CASES)
def test_lead_search_board_and_queue_find_exactly_the_hostile_text(ctx, head, leads, case):
    needle = CASES[case][0]
    holder, _decoy = leads[case]
    assert _lead_search(ctx, head, needle) == {holder}
    assert _board(ctx, head, needle) == 1
    assert _queue(ctx, head, needle) == {holder}


@pytest.mark.parametrize("case", NOTHING)
def test_nul_and_ten_thousand_characters_find_nothing_without_an_error(ctx, head, leads, case):
    text = NOTHING[case]
    assert _lead_search(ctx, head, text) == set()
    assert _board(ctx, head, text) == 0
    assert _queue(ctx, head, text) == set()


def test_after_every_search_the_leads_and_the_audit_chain_are_intact(ctx, head, leads):
    for needle, _holder, _decoy in CASES.values():
        _lead_search(ctx, head, needle), _board(ctx, head, needle), _queue(ctx, head, needle)
    with ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Lead)) == 2 * len(CASES)
    assert check_audit_chain(ctx.db) == []


def test_a_campaign_s_product_filter_takes_hostile_text_as_text(ctx, head, anna):
    ctx.settings = replace(ctx.settings, company=CompanySettings("7701234567", ("40702810900000000001",), "RUB"))
    today = ctx.clock.today()
    subjects = [*CASES["percent"][1:], *CASES["underscore"][1:]]  # each its own client's contract
    for number, subject in enumerate(subjects):
        inn = f"771234567{number}"
        client_id = create_client(ctx, anna, ClientDraft(f"ООО {inn}", inn))
        create_contract(ctx, anna, ContractDraft(f"C-{number}", client_id, today - timedelta(days=1), Decimal("100"),
                                                 [(today + timedelta(days=30), Decimal("100"))], subject=subject))
    for needle, picked in (("100%", 1), ("1000", 1), ("%", 1), ("a_b", 1), ("_", 1), ("\\", 0)):
        result = preview_campaign(ctx, head, CampaignDraft("Hostile", "upsell", date(2026, 12, 1), product=needle))
        assert result.picked == picked, needle
