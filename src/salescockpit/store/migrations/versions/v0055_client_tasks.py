"""Call tasks for clients (reminder ladder steps, campaign calls) and the campaigns they come from

Revision ID: 0055
Revises: 0050

New tables only (store/client_task_tables.py explains each).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0055"
down_revision = "0050"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("filter_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "client_tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("manager_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("instalment_id", sa.Integer(), sa.ForeignKey("instalments.id"), nullable=True),
        sa.Column("ladder_step", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaigns.id"), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("calls.id"), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_client_tasks_manager_status_due", "client_tasks", ["manager_id", "status", "due_date", "id"])
    op.create_index("ix_client_tasks_client_status", "client_tasks", ["client_id", "status", "due_date"])
    op.create_index("ix_client_tasks_campaign", "client_tasks", ["campaign_id", "status"])
    op.create_index("ix_client_tasks_instalment_step", "client_tasks", ["instalment_id", "ladder_step"], unique=True)


def downgrade() -> None:
    op.drop_table("client_tasks")
    op.drop_table("campaigns")
