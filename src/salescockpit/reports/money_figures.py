"""The report's money section as frozen values (counted in `money_counts`).

Amounts are exact `Decimal`s in the company's currency (``MoneyFigures.currency``); rates are
percentages with one decimal (None when nothing was counted). A daily report counts the day
("collected today", promises broken and campaign calls done that day) and the month to date
(collected, plan, forecast, collected on time); a monthly report counts the whole month and has
no "today" (None).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from salescockpit.i18n import N_


@dataclass(frozen=True)
class MoneyScope:
    """One column of the money section: a manager (``login``) or the team (``login`` None)."""

    login: str | None
    name: str
    collected_today: Decimal | None = None
    collected_month: Decimal = Decimal(0)
    plan: Decimal | None = None
    plan_rate: float | None = None
    forecast: Decimal = Decimal(0)
    overdue: Decimal = Decimal(0)
    overdue_change: Decimal = Decimal(0)
    broken_promises: int = 0
    fell_due: Decimal = Decimal(0)
    paid_on_time: Decimal = Decimal(0)
    on_time_rate: float | None = None
    clients: int = 0
    churned: int = 0
    churn_rate: float | None = None
    campaign_interested: int = 0
    campaign_not_now: int = 0
    campaign_refused: int = 0
    campaign_referral: int = 0


@dataclass(frozen=True)
class MoneyFigures:
    """The money section: the period counted, then the team and each manager."""

    currency: str = ""
    period: str = "day"  # "day" or "month"
    month: str = ""  # the month counted, YYYY-MM
    churn_months: int = 6
    team: MoneyScope | None = None
    managers: tuple[MoneyScope, ...] = ()


#: MoneyScope field -> label (English; translate at display), in report order.
MONEY_LABELS: dict[str, str] = {
    "collected_today": N_("Collected today"),
    "collected_month": N_("Collected in the month"),
    "plan": N_("Plan for the month"),
    "plan_rate": N_("Plan done %"),
    "forecast": N_("Forecast for the month"),
    "overdue": N_("Overdue receivables"),
    "overdue_change": N_("Overdue: change since the day before"),
    "broken_promises": N_("Promises to pay broken"),
    "fell_due": N_("Fell due"),
    "paid_on_time": N_("Of it paid on time"),
    "on_time_rate": N_("Collected on time %"),
    "clients": N_("Clients with a contract"),
    "churned": N_("Churned clients"),
    "churn_rate": N_("Churn %"),
    "campaign_interested": N_("Campaign calls: interested"),
    "campaign_not_now": N_("Campaign calls: not now"),
    "campaign_refused": N_("Campaign calls: refused"),
    "campaign_referral": N_("Campaign calls: referral given"),
}

#: The fields that are amounts of money.
AMOUNTS = frozenset(field.name for field in fields(MoneyScope) if field.type in ("Decimal", "Decimal | None"))


def money_items(scope: MoneyScope, period: str) -> list[tuple[str, Any]]:
    """``[(field, value)]`` in report order; a monthly report has no "collected today"."""
    return [(key, getattr(scope, key)) for key in MONEY_LABELS if not (period == "month" and key == "collected_today")]
