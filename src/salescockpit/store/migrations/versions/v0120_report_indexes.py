"""The report's indexes carry what its passes read: calls with their recording, callbacks

Revision ID: 0120
Revises: 0105

`ix_calls_started_figures` (started_at, manager_id, outcome, duration_seconds) served the calls
counted per day; the report's talk ratio (`reports.listening_counts`) reads the same calls of the
day for their recording (recorded or not, and which one the speech figures belong to), so it read
every call row of the day: at 100,000 leads 46,000 rows, the largest pass left after the others.
With ``recording_ref`` at the end of the index both passes read the index only.

The callbacks' passes (due each day, overdue at each end, and the leads with a next step at the
end) read every callback in a range of due or done times for their other times, owner and lead:
41,000 row look-ups for the callbacks due after a past day's end. `ix_callbacks_status_due`
keeps its (status, due_at) lead (the queue's) and gains those columns; `ix_callbacks_done` gains
the due time and the owner.
"""
from __future__ import annotations

from alembic import op

revision = "0120"
down_revision = "0105"
branch_labels = None
depends_on = None


_CALLBACKS_BEFORE = {"ix_callbacks_status_due": ["status", "due_at"], "ix_callbacks_done": ["done_at"]}
_CALLBACKS_AFTER = {
    "ix_callbacks_status_due": ["status", "due_at", "done_at", "created_at", "owner_id", "lead_id"],
    "ix_callbacks_done": ["done_at", "due_at", "owner_id"],
}


def _callback_indexes(columns: dict[str, list[str]]) -> None:
    for name, names in columns.items():
        op.drop_index(name, table_name="callbacks")
        op.create_index(name, "callbacks", names, unique=False)


def upgrade() -> None:
    op.drop_index("ix_calls_started_figures", table_name="calls")
    op.create_index("ix_calls_started_figures", "calls",
                    ["started_at", "manager_id", "outcome", "duration_seconds", "recording_ref"], unique=False)
    _callback_indexes(_CALLBACKS_AFTER)


def downgrade() -> None:
    _callback_indexes(_CALLBACKS_BEFORE)
    op.drop_index("ix_calls_started_figures", table_name="calls")
    op.create_index("ix_calls_started_figures", "calls",
                    ["started_at", "manager_id", "outcome", "duration_seconds"], unique=False)
