"""Bulk writing for the demo: one transaction, big batches, a fast path for SQLite.

Rows are plain tuples in the column order of `COLUMNS`, with explicit ids so children can
point at parents without reading anything back. Instants are whole seconds since the epoch
(UTC) turned into what the database stores by `BulkWriter.stamp`: on SQLite the exact text
SQLAlchemy writes (see `store.types.utc_text`), elsewhere an aware datetime for the Core
insert. On SQLite rows go through the raw sqlite3 `executemany` with `synchronous=OFF` and a
bigger page cache for the build only; any other database gets SQLAlchemy Core inserts in one
ordinary write transaction (slower, but the same code for PostgreSQL).

The demo's history is audited as the services would have audited it: `BulkWriter.audit` collects
one row per lead created, call logged, stage move and review, chained in time order
(history_audit.py) before the steps that seal every lead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, insert, text

from salescockpit.store.engine import Database

from .history_audit import chain_history

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

#: Tables in foreign-key order (parents first) with the columns the demo fills.
COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("id", "login", "display_name", "role", "active", "created_at"),
    "leads": (
        "id", "name", "company", "phone", "phone_norm", "email", "email_norm", "source", "owner_id",
        "stage", "value", "bant_budget", "bant_authority", "bant_need", "bant_timing", "qualification",
        "junk_reason", "junk_marked_at", "junk_marked_by_id", "lost_reason", "created_at", "updated_at",
        "stage_entered_at", "last_activity_at", "first_call_at", "search_text",
    ),
    "calls": (
        "id", "lead_id", "manager_id", "started_at", "direction", "duration_seconds", "outcome", "notes",
        "recording_ref", "script_id", "created_at",
    ),
    "callbacks": (
        "id", "lead_id", "owner_id", "due_at", "done_at", "status", "created_by_id", "created_at",
        "done_call_id", "note",
    ),
    "call_reviews": (
        "id", "call_id", "reviewer_id", "script_id", "score", "passed", "failed_critical", "note", "created_at",
    ),
    "call_review_items": ("id", "review_id", "item_key", "answer", "note"),
    "call_objections": ("id", "call_id", "lead_id", "type_id", "handled", "answer", "raised_at", "resolved_at"),
    "rechecks": (
        "id", "lead_id", "original_verdict", "original_reason", "marked_by_id", "marked_at", "verdict",
        "reviewer_id", "returned_stage", "returned_owner_id", "note", "created_at",
    ),
    "lead_reviews": (
        "id", "lead_id", "reviewer_id", "day", "verdict", "action_text", "assignee_id", "created_at",
        "action_done_at", "action_done_by_id",
    ),
    "stage_history": ("id", "lead_id", "from_stage", "to_stage", "moved_at", "moved_by_id", "override_reason"),
}


def sqlite_stamper() -> Callable[[int | None], str | None]:
    """Seconds since the epoch -> the text SQLite holds for that UTC instant (None stays None)."""
    minutes: dict[int, str] = {}
    seconds_text = [f"{second:02d}.000000" for second in range(60)]

    def stamp(seconds: int | None) -> str | None:
        if seconds is None:
            return None
        minute, second = divmod(seconds, 60)
        prefix = minutes.get(minute)
        if prefix is None:
            prefix = minutes[minute] = (EPOCH + timedelta(minutes=minute)).strftime("%Y-%m-%d %H:%M:")
        return prefix + seconds_text[second]

    return stamp


def datetime_stamper() -> Callable[[int | None], datetime | None]:
    """Seconds since the epoch -> an aware UTC datetime (for SQLAlchemy Core inserts)."""

    def stamp(seconds: int | None) -> datetime | None:
        return None if seconds is None else EPOCH + timedelta(seconds=seconds)

    return stamp


class BulkWriter:
    """Buffers rows per table and writes them, parents first, on `flush`.

    `before_commit` holds steps that need the finished data (indexes rebuilt) inside the same
    transaction, such as sealing every lead: each gets the SQLAlchemy connection.
    """

    #: Whether the demo seals every lead and user at the end (the COPY path does not).
    seals = True
    #: Whether the writer filled the roll-up columns itself (the COPY path does).
    rollups_done = False

    def __init__(self, execute_many: Callable[[str, list[tuple]], None], query: Callable[[str], list[tuple]],
                 stamp: Callable[[int | None], Any], day: Callable[[date], Any], connection: Connection) -> None:
        self.rows: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
        self.written: dict[str, int] = dict.fromkeys(COLUMNS, 0)
        self.stamp = stamp
        self.day = day
        self._execute_many = execute_many
        self.query = query
        self.connection = connection
        self.before_commit: list[Callable[[Connection], None]] = []
        #: (at: seconds since the epoch, user id, action, entity, entity id, field, old, new)
        self.audit: list[tuple] = []

    def finish(self) -> None:
        """Chain the history's audit rows not chained yet, then run the `before_commit` steps (the
        data is complete and indexed)."""
        self.chain_audit()
        for step in self.before_commit:
            step(self.connection)

    def chain_audit(self, raw: Any = None) -> None:
        """The collected audit rows into the trail (the fast path given ``raw``, the sqlite3 connection)."""
        chain_history(self.connection, self.audit, stamp=self.stamp if raw is not None else None, raw=raw)
        self.audit.clear()

    def next_id(self, table: str) -> int:
        """The first free id of ``table`` (ids are assigned here, not by the database)."""
        return int(self.query(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0]) + 1

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                self._execute_many(table, rows)
                self.written[table] += len(rows)
                rows.clear()


@contextmanager
def bulk_writer(db: Database, *, fast: bool | str | None = None) -> Iterator[BulkWriter]:
    """A `BulkWriter` inside one write transaction; commits on success, rolls back on error.

    ``fast`` None picks the raw sqlite3 path on SQLite and the Core path elsewhere; tests may
    force the Core path on SQLite to check both give the same rows. ``"copy"``: PostgreSQL's
    COPY, without the history trail and seals (copy_writer.py).
    """
    if fast == "copy":  # PostgreSQL's COPY, for the benchmark at scale (copy_writer.py)
        from .copy_writer import copy_writer

        with copy_writer(db) as writer:
            yield writer
        return
    if fast is None:
        fast = db.is_sqlite
    if fast:
        with _sqlite_writer(db) as writer:
            yield writer
    else:
        with _core_writer(db) as writer:
            yield writer


@contextmanager
def _sqlite_writer(db: Database) -> Iterator[BulkWriter]:
    """Rows through the raw sqlite3 connection, inside a SQLAlchemy transaction on the same one.

    The SQLAlchemy connection begins the transaction (``BEGIN IMMEDIATE``, engine.py) and serves
    the `before_commit` steps, which use Core; the bulk rows skip SQLAlchemy for speed.
    """
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        statements = {
            table: f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            for table, columns in COLUMNS.items()
        }

        def execute_many(table: str, rows: list[tuple]) -> None:
            raw.executemany(statements[table], rows)

        def query(sql: str) -> list[tuple]:
            return raw.execute(sql).fetchall()

        try:
            raw.execute("PRAGMA synchronous = OFF")
            raw.execute("PRAGMA cache_size = -131072")
            connection.info["write"] = True
            with connection.begin():  # commits at the end, rolls back on any error
                indexes = _drop_secondary_indexes(raw)
                writer = BulkWriter(execute_many, query, sqlite_stamper(), date.isoformat, connection)
                yield writer
                writer.flush()
                writer.chain_audit(raw)  # while the trail's indexes are dropped too
                for create in indexes:
                    raw.execute(create)
                writer.finish()
        finally:
            connection.info.pop("write", None)
            raw.execute("PRAGMA synchronous = NORMAL")
            raw.execute("PRAGMA cache_size = -2000")


def _drop_secondary_indexes(connection) -> list[str]:
    """Drop the named indexes of the bulk tables (inside the transaction); return their CREATE statements.

    Building an index once over sorted rows is much faster than growing it row by row; if the
    build fails, the rollback brings the indexes back with everything else.
    """
    tables = ", ".join(f"'{table}'" for table in [*COLUMNS, "audit_log"] if table != "users")
    rows = connection.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables})"
        " ORDER BY name"
    ).fetchall()
    for name, _sql in rows:
        connection.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


@contextmanager
def _core_writer(db: Database) -> Iterator[BulkWriter]:
    from sqlmodel import SQLModel

    import salescockpit.store.tables  # noqa: F401  (registers the tables in the metadata)

    with db.write() as session:
        connection = session.connection()

        def execute_many(table: str, rows: list[tuple]) -> None:
            columns = COLUMNS[table]
            connection.execute(
                insert(SQLModel.metadata.tables[table]), [dict(zip(columns, row)) for row in rows]
            )

        def query(sql: str) -> list[tuple]:
            return [tuple(row) for row in connection.execute(text(sql))]

        writer = BulkWriter(execute_many, query, datetime_stamper(), lambda day: day, connection)
        yield writer
        writer.flush()
        writer.finish()
        if connection.dialect.name == "postgresql":
            for table in COLUMNS:  # explicit ids were written: move the sequences past them
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table} "
                        "HAVING MAX(id) IS NOT NULL"
                    )
                )
