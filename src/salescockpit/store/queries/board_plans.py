"""How the board's statements steer SQLite's planner to the right index (PostgreSQL needs no help).

SQLite has no statistics here (no ANALYZE), so where two indexes could serve, it can choose the
one that is slower for the board. A unary plus on a column (``+leads.stage``) keeps SQLite from
using any index on it, which leaves the one we want; the result is the same. Measured at
100,000 leads (issue 22); `tests/store/test_board_column_index.py` and
`tests/store/test_covering_indexes.py` hold the plans.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, String, literal_column
from sqlalchemy.orm import Session

from ..tables import Lead
from .board_scope import BoardScope

leads = Lead.__table__


def stage_for_grouping(session: Session, scope: BoardScope) -> ColumnElement[str]:
    """The stage column of the totals, written ``+leads.stage`` on SQLite when a filter reads the row.

    Without a filter, ix_leads_stage_entered (stage, entered, id, value) holds every column the
    totals read: SQLite answers them from the index alone, 3-4x faster than a scan of the table.
    A text or problems filter needs the row: walking the index and fetching rows one by one is
    3-4x slower than a plain scan at 100k leads, so the unary plus keeps it off the index. One
    owner's leads still come through ix_leads_owner_stage.
    """
    needs_row = scope.filter.like is not None or scope.filter.problems_only
    if needs_row and scope.owner_id is None and _is_sqlite(session):
        return literal_column("+leads.stage", String)
    return leads.c.stage


def entered_in_order(session: Session) -> ColumnElement:
    """``stage_entered_at`` for a column's stale/fresh test, written ``+leads.stage_entered_at`` on SQLite.

    Left alone, SQLite takes the range on ix_leads_stage_entered (stage, entered) and then sorts
    the whole stale or fresh part of the stage for every page (a temporary B-tree: 215-280 ms for
    eight columns' first pages at 100k). Kept off it, SQLite walks ix_leads_stage_value, which
    is in column order, and reads the stale test from the index entry (9 ms for the same pages).
    """
    if _is_sqlite(session):
        return literal_column("+leads.stage_entered_at", leads.c.stage_entered_at.type)
    return leads.c.stage_entered_at


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"
