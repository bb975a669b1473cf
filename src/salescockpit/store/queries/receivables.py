"""Receivables aging: what clients still owe, by how late, per manager and currency.

Buckets as `domain.money.AGING_BUCKETS` (not yet due, 1-30, 31-60, 61-90, over 90 days late),
seen on a given day; an instalment due that day is not yet due. Sums are minor units, in SQL.
Visibility: the head sees every manager (or one, ``manager_id``); a manager only their own
clients, and asking for another manager's is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from ...domain.money import AGING_BUCKETS
from ..money_tables import Client, Contract, Instalment
from ..tables import User
from .visibility import Viewer, own_leads, scoped_user

clients, contracts, instalments, users = Client.__table__, Contract.__table__, Instalment.__table__, User.__table__


@dataclass
class AgingRow:
    """One manager's receivables in one currency: minor units per bucket."""

    manager_id: int
    manager_login: str
    manager_name: str
    currency: str
    buckets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGING_BUCKETS, 0))

    @property
    def total_minor(self) -> int:
        return sum(self.buckets.values())

    @property
    def overdue_minor(self) -> int:
        return self.total_minor - self.buckets["not_due"]


def _bucket_expression(on: date):
    """The SQL CASE naming an instalment's bucket on ``on``."""
    due = instalments.c.due_date
    return case(
        (due >= on, literal("not_due")),
        (due >= on - timedelta(days=30), literal("1_30")),
        (due >= on - timedelta(days=60), literal("31_60")),
        (due >= on - timedelta(days=90), literal("61_90")),
        else_=literal("over_90"),
    )


def receivables_aging(session: Session, on: date, *, manager_id: int | None = None,
                      viewer: Viewer | None = None) -> list[AgingRow]:
    """Per manager and currency (by login), the outstanding minor units per bucket on ``on``."""
    manager_id = scoped_user(viewer, manager_id)
    bucket = _bucket_expression(on).label("bucket")
    owed = func.sum(instalments.c.amount_minor - instalments.c.paid_minor)
    query = (select(users.c.id, users.c.login, users.c.display_name, contracts.c.currency, bucket, owed)
             .select_from(instalments.join(contracts, contracts.c.id == instalments.c.contract_id)
                          .join(clients, clients.c.id == contracts.c.client_id)
                          .join(users, users.c.id == clients.c.manager_id))
             .where(instalments.c.paid_minor < instalments.c.amount_minor, own_leads(viewer, clients.c.manager_id))
             .group_by(users.c.id, users.c.login, users.c.display_name, contracts.c.currency, bucket))
    if manager_id is not None:
        query = query.where(clients.c.manager_id == manager_id)
    rows: dict[tuple[int, str], AgingRow] = {}
    for user_id, login, name, currency, name_of_bucket, minor in session.execute(query):
        row = rows.setdefault((user_id, currency), AgingRow(user_id, login, name, currency))
        row.buckets[name_of_bucket] += int(minor)
    return sorted(rows.values(), key=lambda row: (row.manager_login, row.currency))

