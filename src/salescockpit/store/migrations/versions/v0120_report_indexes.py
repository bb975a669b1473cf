"""The report's indexes carry what its passes read: calls with their recording, callbacks

Revision ID: 0120
Revises: 0125

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

The reviews: the control section's leads reviewed in the day's hours had no index by time (SQLite
walked every lead and probed its reviews: 100,000 probes); `ix_lead_reviews_created` gives one.
`ix_lead_reviews_day` carries the time, lead, verdict and assignee the review figures read, and
`ix_call_reviews_created_at` the call, the verdicts and the score.
"""
from __future__ import annotations

from alembic import op

revision = "0120"
down_revision = "0125"
branch_labels = None
depends_on = None


_CALLBACKS_BEFORE = {"ix_callbacks_status_due": ["status", "due_at"], "ix_callbacks_done": ["done_at"]}
_CALLBACKS_AFTER = {
    "ix_callbacks_status_due": ["status", "due_at", "done_at", "created_at", "owner_id", "lead_id"],
    "ix_callbacks_done": ["done_at", "due_at", "owner_id"],
}


_REVIEWS_BEFORE = {("lead_reviews", "ix_lead_reviews_day"): ["day"],
                   ("call_reviews", "ix_call_reviews_created_at"): ["created_at"]}
_REVIEWS_AFTER = {
    ("lead_reviews", "ix_lead_reviews_day"): ["day", "created_at", "lead_id", "verdict", "assignee_id"],
    ("call_reviews", "ix_call_reviews_created_at"): ["created_at", "call_id", "passed", "failed_critical", "score"],
}


def _callback_indexes(columns: dict[str, list[str]]) -> None:
    for name, names in columns.items():
        op.drop_index(name, table_name="callbacks")
        op.create_index(name, "callbacks", names, unique=False)


def _review_indexes(columns: dict[tuple[str, str], list[str]]) -> None:
    for (table, name), names in columns.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, names, unique=False)


def upgrade() -> None:
    op.drop_index("ix_calls_started_figures", table_name="calls")
    op.create_index("ix_calls_started_figures", "calls",
                    ["started_at", "manager_id", "outcome", "duration_seconds", "recording_ref"], unique=False)
    _callback_indexes(_CALLBACKS_AFTER)
    _review_indexes(_REVIEWS_AFTER)
    op.create_index("ix_lead_reviews_created", "lead_reviews", ["created_at", "lead_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_lead_reviews_created", table_name="lead_reviews")
    _review_indexes(_REVIEWS_BEFORE)
    _callback_indexes(_CALLBACKS_BEFORE)
    op.drop_index("ix_calls_started_figures", table_name="calls")
    op.create_index("ix_calls_started_figures", "calls",
                    ["started_at", "manager_id", "outcome", "duration_seconds"], unique=False)
