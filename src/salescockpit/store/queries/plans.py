"""Plan, fact and forecast per manager for a month (`plan list`, the report's money section).

fact = payments received in the month from the manager's clients (up to ``on`` for the month
under way); forecast = fact + what the open instalments due from ``on`` to the month's end still
lack. Every active manager gets a row, with or without a plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.plans import forecast_window, month_bounds
from ..tables import User
from .money_figures import collected, planned, still_due
from .visibility import Viewer, own_leads, scoped_user

users = User.__table__


@dataclass(frozen=True)
class PlanRow:
    """One manager's month in minor units; ``plan_minor`` None when no plan was set."""

    manager_id: int
    login: str
    name: str
    plan_minor: int | None
    fact_minor: int
    forecast_minor: int


def plan_rows(session: Session, month_start: date, on: date, currency: str, *,
              manager_id: int | None = None, viewer: Viewer | None = None) -> list[PlanRow]:
    """Per manager (by login): plan, fact to ``on`` and forecast for the month of ``month_start``."""
    manager_id = scoped_user(viewer, manager_id)
    first, last = month_bounds(month_start)
    fact = collected(session, first, min(last, on), currency, viewer=viewer) if on >= first else {}
    window = forecast_window(first, on)
    rest = still_due(session, window[0], window[1], currency, viewer=viewer) if window else {}
    plan = planned(session, first, currency, viewer=viewer)
    query = select(users.c.id, users.c.login, users.c.display_name, users.c.role, users.c.active).where(
        own_leads(viewer, users.c.id))
    if manager_id is not None:
        query = query.where(users.c.id == manager_id)
    rows = []
    for user_id, login, name, role, active in session.execute(query):
        counted = user_id in fact or user_id in rest or user_id in plan
        if not counted and not (role == "manager" and active):
            continue
        got = fact.get(user_id, 0)
        rows.append(PlanRow(user_id, login, name, plan.get(user_id), got, got + rest.get(user_id, 0)))
    return sorted(rows, key=lambda row: row.login)
