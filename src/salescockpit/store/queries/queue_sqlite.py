"""The queue page on SQLite: one prepared statement per reason group, run on the DB-API (issue 22).

The page's statement is the group's keyset walk (`queue_sql.group_page`) with every column a row
shows and, per reason, the instant it applies since (NULL when it does not): the SQL twin of
`domain.review.reasons_for`, over the lead's own columns and roll-ups (`store/rollups.py`).
Building and compiling that statement costs more than running it, so it is compiled once per
shape (reason, viewer kind, filters, keyset, page size) with the changing values (now, today,
the owner, the filter...) as named parameters, and run on the session's own sqlite3 connection
in one read transaction (`sqlite_read`). Rows come back as text and are turned into `QueueRow`s here.

`tests/morning/test_queue_page_rollups.py` holds it to the old page, whose reasons were derived
from the raw tables by the domain rules. PostgreSQL runs the same statement through SQLAlchemy
(`queue.review_queue_page`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from threading import Lock

from sqlalchemy import Connection, and_, bindparam, case, exists, func, null, or_, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from ...domain.qualification import NOT_A_REAL_LEAD, RECHECK_STATUSES
from ...domain.review import Reason, ReasonHit
from ..core_tables import users
from ..types import utc_text
from .queue_sql import QueueRow, QueueScope, group_page, lead_reviews, leads, rechecks, stale_before

_REASONS = tuple(Reason)
_DIALECT = sqlite.dialect()


@dataclass(frozen=True)
class _Prepared:
    sql: str
    names: tuple[str, ...]  # the parameters in order
    constants: dict  # the values that never change for this shape (stage keys, statuses, the limit)
    stale_limits: tuple[tuple[str, timedelta], ...]  # (parameter, how far back from now) per stale limit


_CACHE: dict[tuple, _Prepared] = {}
_CACHE_LOCK = Lock()


def _utc(text: str | None) -> datetime | None:
    """Aware UTC from SQLite's naive UTC text (one C call: faster than parsing, then replacing the zone)."""
    return None if text is None else datetime.fromisoformat(text + "+00:00")


def _values(prepared: _Prepared, scope: QueueScope, after: tuple[datetime, int] | None) -> dict:
    """The changing values of one call, as SQLite holds them (datetimes as naive UTC text).

    The stale limits count back from `now` in UTC, as `domain.review.reasons_for` does."""
    now = scope.now.astimezone(timezone.utc).replace(tzinfo=None)
    values = {
        "now": now.isoformat(" ", "microseconds"),
        "cutoff": utc_text(scope.rules.first_contact_cutoff),
        "today": scope.today.isoformat() if isinstance(scope.today, date) else scope.today,
        "owner_id": scope.owner_id,
        "like": scope.like,
    }
    for name, back in prepared.stale_limits:
        values[name] = (now - back).isoformat(" ", "microseconds")
    if after is not None:
        since, lead_id = after
        values["after_since"], values["after_id"] = (utc_text(since) if isinstance(since, datetime) else since), lead_id
    return values


def _parametric(scope: QueueScope) -> QueueScope:
    """``scope`` with its changing values replaced by named parameters (same names as `_values`)."""
    rules = replace(scope.rules, first_contact_cutoff=bindparam("cutoff", None))
    return replace(
        scope, now=bindparam("now", None), rules=rules, today=bindparam("today", None),
        owner_id=None if scope.owner_id is None else bindparam("owner_id", None),
        like=None if scope.like is None else bindparam("like", None),
    )


def _hit_columns(scope: QueueScope) -> list:
    """Per reason, worst first: since when it applies to the lead, NULL when it does not
    (`domain.review.reasons_for`, column for column)."""
    now = scope.now
    is_open = leads.c.stage.not_in(sorted(scope.rules.pipeline_terminal))
    marked_at = func.coalesce(leads.c.junk_marked_at, leads.c.stage_entered_at)
    pending = select(func.min(lead_reviews.c.created_at)).where(
        lead_reviews.c.lead_id == leads.c.id, lead_reviews.c.verdict == "action",
        lead_reviews.c.action_done_at.is_(None)).scalar_subquery()
    needs_recheck = and_(
        or_(leads.c.qualification.in_(sorted(RECHECK_STATUSES)), leads.c.lost_reason == NOT_A_REAL_LEAD),
        ~exists().where(rechecks.c.lead_id == leads.c.id, rechecks.c.created_at >= marked_at),
    )
    stale = [and_(leads.c.stage == stage, leads.c.stage_entered_at < stale_before(scope, days))
             for stage, days in sorted(scope.rules.stale_days.items())
             if days is not None and stage not in scope.rules.pipeline_terminal]
    return [
        null() if scope.head_view else pending,
        case((leads.c.open_due_min < now, leads.c.open_due_min)),
        case((and_(is_open, leads.c.first_call_at.is_(None), leads.c.created_at <= scope.rules.first_contact_cutoff),
              leads.c.created_at)),
        case((and_(leads.c.stage.in_(sorted(scope.rules.hot)), leads.c.open_due_min.is_(None)),
              leads.c.stage_entered_at)) if scope.rules.hot else null(),
        leads.c.unscored_since if scope.head_view else null(),
        case((needs_recheck, marked_at)) if scope.head_view else null(),
        case((or_(*stale), leads.c.stage_entered_at)) if stale else null(),
        case((and_(is_open, or_(leads.c.open_due_max.is_(None), leads.c.open_due_max < now)),
              func.coalesce(leads.c.last_activity_at, leads.c.created_at))),
    ]


def _prepare(reason: Reason, scope: QueueScope, after: bool, limit: int) -> _Prepared:
    key = (reason, scope.head_view, scope.owner_id is None, scope.like is None, after, limit,
           scope.rules.pipeline_terminal, scope.rules.hot, tuple(sorted(scope.rules.stale_days.items())))
    prepared = _CACHE.get(key)
    if prepared is not None:
        return prepared
    shape = _parametric(scope)
    keyset = (bindparam("after_since", None), bindparam("after_id", None)) if after else None
    pending_text = (select(lead_reviews.c.action_text)  # the latest pending action's words
                    .where(lead_reviews.c.lead_id == leads.c.id, lead_reviews.c.verdict == "action",
                           lead_reviews.c.action_done_at.is_(None))
                    .order_by(lead_reviews.c.created_at.desc(), lead_reviews.c.id.desc()).limit(1).scalar_subquery())
    statement = group_page(reason, shape, keyset, limit).add_columns(
        leads.c.name, leads.c.company, users.c.login, users.c.display_name, leads.c.stage,
        *_hit_columns(shape), pending_text,
    ).join_from(leads, users, users.c.id == leads.c.owner_id)
    compiled = statement.compile(dialect=_DIALECT, compile_kwargs={"render_postcompile": True})
    days = sorted({days for days in scope.rules.stale_days.values() if days is not None})
    prepared = _Prepared(str(compiled), tuple(compiled.positiontup), dict(compiled.params),
                         tuple((f"stale_before_{each}", timedelta(days=each)) for each in days))
    with _CACHE_LOCK:
        _CACHE[key] = prepared
    return prepared


@contextmanager
def sqlite_read(session: Session) -> Iterator[sqlite3.Connection]:
    """The session's own sqlite3 connection, inside one read transaction for the whole page.

    A session that has not begun yet (the usual `Database.read()` that opens for this page) gets
    a plain ``BEGIN``/``COMMIT`` on the DB-API connection: the same snapshot for every group's
    statement, without SQLAlchemy's transaction objects and events, which cost more than the
    statement itself at 100,000 leads (issue 22). The session can begin its own afterwards. A
    session already in a transaction is read inside that one, as before."""
    bind = session.get_bind()
    if isinstance(bind, Connection) and not session.in_transaction() and not bind.in_transaction():
        connection = bind.connection.driver_connection
        connection.execute("BEGIN DEFERRED")
        try:
            yield connection
        finally:
            connection.execute("COMMIT")  # a read: nothing to keep or undo
        return
    yield session.connection().connection.driver_connection


def sqlite_group_rows(connection: sqlite3.Connection, reason: Reason, scope: QueueScope,
                      after: tuple[datetime, int] | None, limit: int) -> tuple[list[QueueRow], datetime | None]:
    """One keyset page of the group of ``reason``, in the queue's order, as `QueueRow`s (hits
    included), and the `since` of its last row (where the next page starts; None when empty).
    ``connection``: from `sqlite_read`."""
    prepared = _prepare(reason, scope, after is not None, limit)
    values = _values(prepared, scope, after)
    constants = prepared.constants
    parameters = [values[name] if name in values else constants[name] for name in prepared.names]
    records = connection.execute(prepared.sql, parameters).fetchall()
    # The rows are made straight from the records: named tuples through tuple.__new__, and a
    # datetime in one C call per reason that applies (`_utc` inlined); issue 22's page budget.
    parse, new, reasons = datetime.fromisoformat, tuple.__new__, _REASONS
    rows: list[QueueRow] = []
    for record in records:
        hits = []
        for each, moment in zip(reasons, record[7:15]):
            if moment is not None:
                hits.append(new(ReasonHit, (each, parse(moment + "+00:00"))))
        rows.append(new(QueueRow, (record[0], *record[2:7], tuple(hits), record[15])))
    return rows, (_utc(records[-1][1]) if records else None)
