"""Monthly sales plans in money, one per manager and month.

- `monthly_plans`: what a manager is to collect in a month (`month_start`, the month's first day),
  in minor units of `currency` (the company's currency when set); unique per manager and month.
  Set by the head (`services.plans.set_plan`); the fact and the forecast are read from the
  payments and instalments (`store.queries.plans`), never stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Date, Index
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


class MonthlyPlan(SQLModel, table=True):
    __tablename__ = "monthly_plans"
    __table_args__ = (Index("ix_monthly_plans_manager_month", "manager_id", "month_start", unique=True),
                      Index("ix_monthly_plans_month", "month_start", "manager_id"))

    id: int | None = Field(default=None, primary_key=True)
    manager_id: int = Field(foreign_key="users.id")
    month_start: date = Field(sa_type=Date)
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    set_at: datetime = Field(sa_type=UTCDateTime)
    set_by_id: int | None = Field(default=None, foreign_key="users.id")
