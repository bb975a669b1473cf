"""Fix lists: the head's housekeeping hand-offs to a manager, each lead an action due by a time

Revision ID: 0040
Revises: 0020

`fix_lists` holds one sent list (manager, who sent it, when, due by when, its summary);
`fix_list_items` ties each of its leads' action (a `lead_reviews` row) to it. No existing
table changes, so no dossier needs sealing again.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0040"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fix_lists",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("manager_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.String(length=2000), nullable=False),
    )
    op.create_index("ix_fix_lists_manager_due", "fix_lists", ["manager_id", "due_at"])
    op.create_table(
        "fix_list_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fix_list_id", sa.Integer(), sa.ForeignKey("fix_lists.id"), nullable=False),
        sa.Column("lead_review_id", sa.Integer(), sa.ForeignKey("lead_reviews.id"), nullable=False),
        sa.Column("done_note", sa.String(length=2000), nullable=False, server_default=""),
    )
    op.create_index("ix_fix_list_items_fix_list_id", "fix_list_items", ["fix_list_id"])
    op.create_index("ix_fix_list_items_review", "fix_list_items", ["lead_review_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_fix_list_items_review", table_name="fix_list_items")
    op.drop_index("ix_fix_list_items_fix_list_id", table_name="fix_list_items")
    op.drop_table("fix_list_items")
    op.drop_index("ix_fix_lists_manager_due", table_name="fix_lists")
    op.drop_table("fix_lists")
