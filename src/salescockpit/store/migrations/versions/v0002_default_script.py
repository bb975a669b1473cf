"""A default call script per user

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("default_script_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_users_default_script", "scripts", ["default_script_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_default_script", type_="foreignkey")
        batch.drop_column("default_script_id")
