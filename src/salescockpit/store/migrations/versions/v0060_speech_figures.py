"""The speech figures of calls' stereo recordings, kept for the report

Revision ID: 0060
Revises: 0055

One new table (store/speech_tables.py explains it).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0060"
down_revision = "0055"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_speech_figures",
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("calls.id"), primary_key=True),
        sa.Column("recording_ref", sa.Text(), nullable=False),
        sa.Column("recording_size", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("recording_mtime_ns", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("manager_speech_ms", sa.Integer(), nullable=False),
        sa.Column("client_speech_ms", sa.Integer(), nullable=False),
        sa.Column("longest_monologue_ms", sa.Integer(), nullable=False),
        sa.Column("silence_ms", sa.Integer(), nullable=False),
        sa.Column("overlaps", sa.Integer(), nullable=False),
        sa.Column("measured_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("call_speech_figures")
