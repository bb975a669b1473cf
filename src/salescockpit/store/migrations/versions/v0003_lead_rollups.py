"""Per-lead roll-ups for the review queue (open callback due range, earliest unscored call)

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FILL = """
UPDATE leads SET
  open_due_min = (SELECT min(c.due_at) FROM callbacks c WHERE c.lead_id = leads.id AND c.status = 'open'),
  open_due_max = (SELECT max(c.due_at) FROM callbacks c WHERE c.lead_id = leads.id AND c.status = 'open'),
  unscored_since = (
    SELECT min(k.started_at) FROM calls k
    WHERE k.lead_id = leads.id
      AND NOT EXISTS (SELECT 1 FROM call_reviews r WHERE r.call_id = k.id)
      AND NOT EXISTS (SELECT 1 FROM lead_reviews v WHERE v.lead_id = k.lead_id AND v.created_at >= k.started_at)
  )
"""


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("open_due_min", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("open_due_max", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("unscored_since", sa.DateTime(), nullable=True))
    op.create_index("ix_leads_open_due_min", "leads", ["open_due_min", "id"])
    op.create_index("ix_leads_unscored", "leads", ["unscored_since", "id"])
    op.create_index("ix_leads_first_call", "leads", ["first_call_at", "created_at", "id"])
    op.execute(FILL)


def downgrade() -> None:
    op.drop_index("ix_leads_first_call", "leads")
    op.drop_index("ix_leads_unscored", "leads")
    op.drop_index("ix_leads_open_due_min", "leads")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("unscored_since")
        batch.drop_column("open_due_max")
        batch.drop_column("open_due_min")
