"""The phone system's call log (phone_calls), to reconcile with the calls managers logged

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from salescockpit.store import phone_tables  # noqa: F401  (registers PhoneCall on the metadata)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phone_calls",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("number_norm", sa.String(length=32), nullable=True),
        sa.Column("duration_seconds", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("extension", sa.String(length=64), nullable=False),
        sa.Column("manager_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id"), nullable=True),
        sa.Column("recording_ref", sa.String(length=1000), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("external_key", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("external_key", name="uq_phone_calls_external_key"),
    )
    op.create_index("ix_phone_calls_number_norm", "phone_calls", ["number_norm"])
    op.create_index("ix_phone_calls_lead_started", "phone_calls", ["lead_id", "started_at"])
    op.create_index("ix_phone_calls_manager_started", "phone_calls", ["manager_id", "started_at"])
    op.create_index("ix_phone_calls_started", "phone_calls", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_phone_calls_started", "phone_calls")
    op.drop_index("ix_phone_calls_manager_started", "phone_calls")
    op.drop_index("ix_phone_calls_lead_started", "phone_calls")
    op.drop_index("ix_phone_calls_number_norm", "phone_calls")
    op.drop_table("phone_calls")
