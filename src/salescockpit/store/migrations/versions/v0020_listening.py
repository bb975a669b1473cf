"""Listening to calls: transcript lines, review suggestions, review marks, objection phrases

Revision ID: 0020
Revises: 0013

`objection_types.phrases` (tracker phrases, one a line) is a new column of a sealed table, so
every objection type's dossier is sealed again at the end (as v0005 explains). The three new
tables hang off calls; a lead's dossier lists them only when it has rows in them
(`dossier.OPTIONAL`), so the leads' seals stay as they are.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


revision = "0020"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("objection_types") as batch:
        batch.add_column(sa.Column("phrases", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "transcript_lines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("calls.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("start_ms", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("end_ms", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("speaker", sa.String(length=8), nullable=False, server_default=""),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_transcript_lines_call", "transcript_lines", ["call_id", "position"])
    op.create_table(
        "review_suggestions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("review_id", sa.Integer(), sa.ForeignKey("call_reviews.id"), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("suggested", sa.String(length=8), nullable=False),
        sa.Column("saved", sa.String(length=8), nullable=False),
        sa.Column("evidence", sa.String(length=2000), nullable=False, server_default=""),
        sa.Column("at_ms", sa.Integer(), nullable=True),
    )
    op.create_index("ix_review_suggestions_review", "review_suggestions", ["review_id"])
    op.create_table(
        "review_marks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("calls.id"), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at_ms", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("target_kind", sa.String(length=16), nullable=False, server_default=""),
        sa.Column("target_key", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("note", sa.String(length=2000), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_review_marks_call", "review_marks", ["call_id", "at_ms"])
    from salescockpit.store import audit_chain
    from salescockpit.store.dossier import DossierSpec
    from salescockpit.store.seals import seal_all

    connection = op.get_bind()
    now = datetime.now(timezone.utc)
    sealed = seal_all(connection, now, None, spec=DossierSpec.reflect(connection), entities=("objection_type",))
    if sealed:
        audit_chain.append(connection, [audit_chain.audit_row(
            now, None, "audit.reseal", "database", None,
            new=f"{sealed} objection type(s) sealed again: they now carry tracker phrases (migration 0020)")])


def downgrade() -> None:
    op.drop_index("ix_review_marks_call", table_name="review_marks")
    op.drop_table("review_marks")
    op.drop_index("ix_review_suggestions_review", table_name="review_suggestions")
    op.drop_table("review_suggestions")
    op.drop_index("ix_transcript_lines_call", table_name="transcript_lines")
    op.drop_table("transcript_lines")
    with op.batch_alter_table("objection_types") as batch:
        batch.drop_column("phrases")
