"""The phone system's own call id on imported phone calls (Asterisk's uniqueid)

Revision ID: 0011
Revises: 0005

Kept for matching call recordings, which PBXs name after it. Existing rows have none.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("phone_calls") as batch:
        batch.add_column(sa.Column("call_uid", sa.String(length=150), nullable=True))
        batch.create_index("ix_phone_calls_call_uid", ["call_uid"])


def downgrade() -> None:
    with op.batch_alter_table("phone_calls") as batch:
        batch.drop_index("ix_phone_calls_call_uid")
        batch.drop_column("call_uid")
