"""The report's calls index carries the recording too: the talk figures read it alone

Revision ID: 0120
Revises: 0105

`ix_calls_started_figures` (started_at, manager_id, outcome, duration_seconds) served the calls
counted per day; the report's talk ratio (`reports.listening_counts`) reads the same calls of the
day for their recording (recorded or not, and which one the speech figures belong to), so it read
every call row of the day: at 100,000 leads 46,000 rows, the largest pass left after the others.
With ``recording_ref`` at the end of the index both passes read the index only.
"""
from __future__ import annotations

from alembic import op

revision = "0120"
down_revision = "0105"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_calls_started_figures", table_name="calls")
    op.create_index("ix_calls_started_figures", "calls",
                    ["started_at", "manager_id", "outcome", "duration_seconds", "recording_ref"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_calls_started_figures", table_name="calls")
    op.create_index("ix_calls_started_figures", "calls",
                    ["started_at", "manager_id", "outcome", "duration_seconds"], unique=False)
