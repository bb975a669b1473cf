"""Owner changes kept with their time (owner_changes), so a past day's report never changes

Revision ID: 0012
Revises: 0011

Every hand-over of a lead, a callback or a head's pending action writes one row from here on.
Nothing is back-filled: a row with no change after an instant had its current owner then
(`reports.owners`). The table is part of a lead's dossier only where it has rows, so the seals
made before this upgrade stay valid and nothing needs resealing.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "owner_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id"), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("from_owner_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("to_owner_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )
    op.create_index("ix_owner_changes_lead_id", "owner_changes", ["lead_id"])
    op.create_index("ix_owner_changes_entity", "owner_changes", ["entity", "entity_id", "changed_at"])
    op.create_index("ix_owner_changes_changed", "owner_changes", ["changed_at"])


def downgrade() -> None:
    op.drop_index("ix_owner_changes_changed", "owner_changes")
    op.drop_index("ix_owner_changes_entity", "owner_changes")
    op.drop_index("ix_owner_changes_lead_id", "owner_changes")
    op.drop_table("owner_changes")
