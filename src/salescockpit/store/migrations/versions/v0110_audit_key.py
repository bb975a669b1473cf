"""The audit trail's key: from which row on its links are HMAC-keyed, and which key

Revision ID: 0110
Revises: 0075

Two columns on `audit_head` (one row): ``keyed_from``, the id of the first keyed row (NULL: the
trail has no key, every link is a plain SHA-256 as before), and ``key_check``, a fingerprint of the
key that lets a writer refuse a wrong key file. `salescockpit keygen` sets them
(store/audit_key.py explains the rule). Existing trails stay unkeyed and valid.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0110"
down_revision = "0075"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("keyed_from", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("key_check", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("key_check")
        batch.drop_column("keyed_from")
