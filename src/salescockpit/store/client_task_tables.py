"""Call tasks for clients, and the campaigns that make some of them.

- `campaigns`: a head's campaign over current clients: `purpose` upsell | referral, the filter
  the clients were picked by (`filter_text`, as typed, for the record), the date the calls are due.
- `client_tasks`: one call a manager owes a client, with the money or the purpose in front of them.
  `kind` says where it comes from: `reminder` (a step of the reminder ladder: `instalment_id` and
  `ladder_step`, the days before (-) or after (+) the due date; one task per instalment and step)
  or `upsell` | `referral` (a campaign's call: `campaign_id`). `status` open | done | cancelled;
  `outcome` is what the call gave: promise | dispute | refused | wrong_contact | paid for a
  reminder, interested | not_now | refused | referral for a campaign; `call_id` the call logged.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, Index, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"
    __table_args__ = (Index("ux_campaigns_name", "name", unique=True),)  # migration 0080

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    purpose: str = Field(max_length=16)  # upsell | referral
    filter_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    due_date: date = Field(sa_type=Date)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class ClientTask(SQLModel, table=True):
    __tablename__ = "client_tasks"
    __table_args__ = (
        Index("ix_client_tasks_manager_status_due", "manager_id", "status", "due_date", "id"),
        Index("ix_client_tasks_client_status", "client_id", "status", "due_date"),
        Index("ix_client_tasks_campaign", "campaign_id", "status"),
        Index("ix_client_tasks_instalment_step", "instalment_id", "ladder_step", unique=True),
        Index("ux_client_tasks_campaign_client", "campaign_id", "client_id", unique=True),  # migration 0080
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="clients.id")
    manager_id: int = Field(foreign_key="users.id")
    kind: str = Field(max_length=16)  # reminder | upsell | referral
    due_date: date = Field(sa_type=Date)
    instalment_id: int | None = Field(default=None, foreign_key="instalments.id")
    ladder_step: int | None = Field(default=None)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id")
    status: str = Field(default="open", max_length=12)  # open | done | cancelled
    outcome: str | None = Field(default=None, max_length=16)
    call_id: int | None = Field(default=None, foreign_key="calls.id")
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class ClientDispute(SQLModel, table=True):
    """A client disputes a debt (a reminder call's outcome): the ladder stops for the client and
    the client shows "dispute" in the head's queue until the head resolves it with a note."""

    __tablename__ = "client_disputes"
    __table_args__ = (Index("ix_client_disputes_client_open", "client_id", "resolved_at"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="clients.id")
    instalment_id: int | None = Field(default=None, foreign_key="instalments.id")
    task_id: int | None = Field(default=None, foreign_key="client_tasks.id")
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    opened_at: datetime = Field(sa_type=UTCDateTime)
    opened_by_id: int | None = Field(default=None, foreign_key="users.id")
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    resolved_by_id: int | None = Field(default=None, foreign_key="users.id")
    resolution_note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
