"""Money fixtures: the service fixtures (a head, two managers) on SQLite and PostgreSQL, the
company configured, and a small book of clients and contracts to match payments against."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from salescockpit.config_company import CompanySettings
from salescockpit.services.clients import ClientDraft, create_client
from salescockpit.services.contracts import ContractDraft, create_contract
from tests.money.statements import COMPANY_ACCOUNT, COMPANY_INN
from tests.services.conftest import anna, audit, boris, ctx, fetch, head, new_lead  # noqa: F401
from tests.db_fixtures import *  # noqa: F403


@pytest.fixture
def money_ctx(ctx):  # noqa: F811
    ctx.settings = replace(ctx.settings, company=CompanySettings(COMPANY_INN, (COMPANY_ACCOUNT,), "RUB"))
    return ctx


@pytest.fixture
def book(money_ctx, head, anna, boris):  # noqa: F811
    """Three clients: Ромашка (anna, one open contract 2026-041), Лютик (boris, two contracts), Василёк (anna, none)."""
    ids = {}
    ids["romashka"] = create_client(money_ctx, anna, ClientDraft("ООО Ромашка", "7712345678"))
    ids["lutik"] = create_client(money_ctx, boris, ClientDraft("ООО Лютик", "7723456789"))
    ids["vasilek"] = create_client(money_ctx, anna, ClientDraft("ООО Василёк", "7734567890"))
    ids["c041"] = create_contract(money_ctx, anna, ContractDraft(
        "2026-041", ids["romashka"], date(2026, 10, 1), Decimal("90000.00"),
        [(date(2026, 10, 15), Decimal("30000.00")), (date(2026, 11, 15), Decimal("30000.00")),
         (date(2026, 12, 15), Decimal("30000.00"))]))
    ids["c050"] = create_contract(money_ctx, boris, ContractDraft(
        "Л-50/26", ids["lutik"], date(2026, 9, 1), Decimal("10000.00"),
        [(date(2026, 9, 20), Decimal("4000.00")), (date(2026, 10, 20), Decimal("6000.00"))]))
    ids["c051"] = create_contract(money_ctx, boris, ContractDraft(
        "Л-51/26", ids["lutik"], date(2026, 10, 1), Decimal("25000.50"),
        [(date(2026, 11, 1), Decimal("12500.25")), (date(2026, 12, 1), Decimal("12500.25"))]))
    return ids
