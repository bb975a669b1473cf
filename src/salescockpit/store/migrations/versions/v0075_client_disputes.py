"""Disputes: a client contests a debt on a reminder call; the head resolves it with a note

Revision ID: 0075
Revises: 0065

A new table only (store/client_task_tables.py explains it).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0075"
down_revision = "0065"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "client_disputes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("instalment_id", sa.Integer(), sa.ForeignKey("instalments.id"), nullable=True),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey("client_tasks.id"), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_client_disputes_client_open", "client_disputes", ["client_id", "resolved_at"])
    from salescockpit.store.pg_security import install_policy

    install_policy(op.get_bind(), "client_disputes")  # PostgreSQL: a manager's own clients only


def downgrade() -> None:
    op.drop_table("client_disputes")
