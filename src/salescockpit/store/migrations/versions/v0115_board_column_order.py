"""The board's column order as an index: a column's page walks it instead of sorting its stage

Revision ID: 0115
Revises: 0105

A board column lists its stage's leads stale first, then by value (highest first, no value
last), then by id. `ix_leads_stage_entered` finds a stage's stale or fresh part but not in that
order, so every page sorted the whole part (a temporary B-tree): 8 columns' first pages took
215-280 ms at 100,000 leads (SQLite, one column after another), and on PostgreSQL at 1,000,000
leads each re-read of a column after a move sorted up to 200,000 rows. ``ix_leads_stage_value``
holds (stage, coalesce(value, -1) DESC, id, stage_entered_at): a page is the first rows of one
stage in column order, the stale test read from the index entry (9 ms for the same 16 pages).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0115"
down_revision = "0105"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_leads_stage_value", "leads",
                    ["stage", sa.text("coalesce(value, -1) DESC"), "id", "stage_entered_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_leads_stage_value", table_name="leads")
