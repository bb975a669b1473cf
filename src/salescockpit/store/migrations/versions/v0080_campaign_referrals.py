"""Campaign calls: a referral lead's link to the client who gave it, and guards against doubled tasks

Revision ID: 0080
Revises: 0070

- `leads.referred_by_client_id`: the client that gave this lead as a referral (NULL for others).
- `campaigns.name` is unique: adding a campaign by a name that exists again adds no second one.
- `client_tasks (campaign_id, client_id)` is unique: a client gets one call task per campaign
  (reminder tasks have no campaign: NULLs never collide, on SQLite and PostgreSQL alike).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0080"
down_revision = "0070"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("referred_by_client_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_leads_referred_by_client", "clients", ["referred_by_client_id"], ["id"])
        batch.create_index("ix_leads_referred_by_client_id", ["referred_by_client_id"])
    op.create_index("ux_campaigns_name", "campaigns", ["name"], unique=True)
    op.create_index("ux_client_tasks_campaign_client", "client_tasks", ["campaign_id", "client_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_client_tasks_campaign_client", table_name="client_tasks")
    op.drop_index("ux_campaigns_name", table_name="campaigns")
    with op.batch_alter_table("leads") as batch:
        batch.drop_index("ix_leads_referred_by_client_id")
        batch.drop_constraint("fk_leads_referred_by_client", type_="foreignkey")
        batch.drop_column("referred_by_client_id")
