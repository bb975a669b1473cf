"""Covering indexes for the board's totals and pages and for the daily report's passes

Revision ID: 0105
Revises: 0075

Measured with EXPLAIN QUERY PLAN on the 100,000-lead bench demo (1,000,000 calls):

* the board's totals read every lead row for its value (a full scan of the widest table): the
  stage index now carries the value, so totals and a column's page sort read the index only;
* the report counted the calls and stage moves of its eight days with a full table scan (one
  range seek per row through the time index cost more); indexes by time that carry what the
  report counts make those passes range scans of the index alone;
* objections raised in the span, and callbacks closed since its first day, were full scans:
  one index each on those times.
"""
from __future__ import annotations

from alembic import op

revision = "0105"
down_revision = "0110"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_leads_stage_entered", table_name="leads")
    op.create_index("ix_leads_stage_entered", "leads", ["stage", "stage_entered_at", "id", "value"], unique=False)
    op.create_index("ix_calls_started_figures", "calls",
                    ["started_at", "manager_id", "outcome", "duration_seconds"], unique=False)
    op.create_index("ix_stage_history_moved_figures", "stage_history",
                    ["moved_at", "from_stage", "to_stage", "moved_by_id", "lead_id"], unique=False)
    op.create_index("ix_call_objections_raised", "call_objections", ["raised_at"], unique=False)
    op.create_index("ix_callbacks_done", "callbacks", ["done_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_callbacks_done", table_name="callbacks")
    op.drop_index("ix_call_objections_raised", table_name="call_objections")
    op.drop_index("ix_stage_history_moved_figures", table_name="stage_history")
    op.drop_index("ix_calls_started_figures", table_name="calls")
    op.drop_index("ix_leads_stage_entered", table_name="leads")
    op.create_index("ix_leads_stage_entered", "leads", ["stage", "stage_entered_at", "id"], unique=False)
