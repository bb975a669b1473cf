"""An index for the head's last verdict on a lead (the backlog's "waited since")

Revision ID: 0065
Revises: 0080

`store.queries.queue_split.last_verdict_at` reads MAX(created_at) of a lead's reviews for every
lead with a reason each morning; with (lead_id, created_at) it is one index seek per lead.
"""
from __future__ import annotations

from alembic import op

revision = "0065"
down_revision = "0080"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_lead_reviews_lead_created", "lead_reviews", ["lead_id", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_lead_reviews_lead_created", table_name="lead_reviews")
