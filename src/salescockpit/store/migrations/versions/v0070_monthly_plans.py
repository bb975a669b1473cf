"""Monthly sales plans in money per manager (store/plan_tables.py)

Revision ID: 0070
Revises: 0090

A new table only; nothing already there changes. On PostgreSQL it gets its row-level security
policy (a manager reads their own plans: store/pg_security.py).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0070"
down_revision = "0090"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monthly_plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("manager_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("month_start", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
    )
    op.create_index("ix_monthly_plans_manager_month", "monthly_plans", ["manager_id", "month_start"], unique=True)
    op.create_index("ix_monthly_plans_month", "monthly_plans", ["month_start", "manager_id"])
    from salescockpit.store.pg_security import install_policy

    install_policy(op.get_bind(), "monthly_plans")


def downgrade() -> None:
    op.drop_table("monthly_plans")
