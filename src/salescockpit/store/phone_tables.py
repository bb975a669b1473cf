"""The phone system's own record of calls, imported from its CSV call log.

Kept apart from `calls` (what managers logged) so the two can be reconciled. `external_key` is a
hash of the raw row: importing the same file twice adds nothing. `lead_id` and `manager_id` are
what the import could match (by phone number and by extension or login); either may be unknown.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


class PhoneCall(SQLModel, table=True):
    __tablename__ = "phone_calls"
    __table_args__ = (
        Index("ix_phone_calls_lead_started", "lead_id", "started_at"),
        Index("ix_phone_calls_manager_started", "manager_id", "started_at"),
        Index("ix_phone_calls_started", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    direction: str = Field(max_length=8)  # out | in
    number: str = Field(default="", max_length=64)
    number_norm: str | None = Field(default=None, max_length=32, index=True)
    duration_seconds: int = 0
    answered: bool = False
    extension: str = Field(default="", max_length=64)
    manager_id: int | None = Field(default=None, foreign_key="users.id")
    lead_id: int | None = Field(default=None, foreign_key="leads.id")
    recording_ref: str | None = Field(default=None, max_length=1000)
    source: str = Field(default="", max_length=300)
    external_key: str = Field(max_length=64, unique=True)
    call_uid: str | None = Field(default=None, max_length=150, index=True)  # the PBX's call id (recordings)
    imported_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
