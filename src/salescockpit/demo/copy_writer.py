"""The demo's rows into PostgreSQL with COPY: a million leads and ten million calls in minutes.

The same rows as the other paths (the same `BulkWriter`, filled by the same generator), sent
with psycopg 3's ``cursor.copy()`` (``COPY table (columns) FROM STDIN``) instead of INSERTs, in
one transaction:

- the secondary indexes of the bulk tables are dropped first and built again once, at the end
  (a primary key stays: rows come in id order, so its index grows at its right edge);
- foreign keys are not checked row by row (``session_replication_role = replica``, for a
  superuser only; anyone else keeps the checks): the rows are the generator's, whose keys
  the other paths check (tests/test_demo_copy.py compares them);
- the sequences are moved past the explicit ids;
- the roll-up columns (store/rollups.py) are computed in one set-based UPDATE while the leads'
  indexes are still dropped (`bulk_rollups`): the per-lead correlated UPDATE of
  `refresh_lead_rollups` rewrote one lead at 0.9 ms with its 13 indexes in place, about 15
  minutes of CPU at a million leads.

What it leaves out, on purpose (it exists for the benchmark at scale): the demo's history in
the audit trail (one row per call, move and review: 17 rows a lead, hash-chained one by one in
Python) and the seal of every lead. The "demo built" audit row is written as on every path. A
lead nobody sealed is left alone by the write hooks (`seals.broken_rows`); `doctor` reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

from salescockpit.store.engine import Database

from .writer import COLUMNS, BulkWriter, sqlite_stamper

#: How `build_demo(fast=...)` asks for this path.
COPY = "copy"


class _Discarded(list):
    """An audit list that keeps nothing: the COPY path writes no history trail (see the module doc)."""

    def append(self, _row: Any) -> None:
        return None


class CopyWriter(BulkWriter):
    """A `BulkWriter` whose rows go out with COPY; no history trail, no seals."""

    seals = False
    rollups_done = False  # set once `bulk_rollups` ran (build_demo then skips refresh_lead_rollups)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audit = _Discarded()

    def chain_audit(self, raw: Any = None) -> None:
        self.audit.clear()


@contextmanager
def copy_writer(db: Database) -> Iterator[BulkWriter]:
    """A `CopyWriter` in one transaction on a PostgreSQL database (psycopg 3); commits on success."""
    if db.engine.dialect.name != "postgresql" or db.engine.dialect.driver != "psycopg":
        raise ValueError("the COPY path needs PostgreSQL through psycopg 3 (postgresql+psycopg://...)")
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        statements = {table: f"COPY {table} ({', '.join(columns)}) FROM STDIN" for table, columns in COLUMNS.items()}

        def execute_many(table: str, rows: list[tuple]) -> None:
            with raw.cursor() as cursor, cursor.copy(statements[table]) as copy:
                write = copy.write_row
                for row in rows:
                    write(row)

        def query(sql: str) -> list[tuple]:
            return [tuple(row) for row in connection.exec_driver_sql(sql)]

        connection.info["write"] = True
        try:
            with connection.begin():
                connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
                unchecked = _skip_foreign_key_checks(connection)
                indexes = _drop_secondary_indexes(connection)
                # Text stamps ("2026-11-23 07:00:00.000000"): PostgreSQL reads them as the naive UTC
                # timestamps the tables hold (store/types.py), and they cost less than datetimes.
                writer = CopyWriter(execute_many, query, sqlite_stamper(), lambda day: day, connection)
                yield writer
                writer.flush()
                bulk_rollups(connection)
                writer.rollups_done = True
                if unchecked:
                    connection.exec_driver_sql("SET LOCAL session_replication_role = origin")
                for create in indexes:
                    connection.exec_driver_sql(create)
                move_sequences(connection)
                writer.finish()
        finally:
            connection.info.pop("write", None)


def _skip_foreign_key_checks(connection: Connection) -> bool:
    """Turn off the row-by-row foreign key triggers for this transaction, when allowed (superuser)."""
    superuser = connection.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar()
    if superuser:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    return bool(superuser)


def _drop_secondary_indexes(connection: Connection) -> list[str]:
    """Drop the bulk tables' indexes that no constraint owns; return their CREATE statements."""
    tables = [table for table in COLUMNS if table != "users"]
    rows = connection.exec_driver_sql(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index AS i"
        " JOIN pg_class AS t ON t.oid = i.indrelid"
        " WHERE t.relname = ANY(%(tables)s) AND t.relnamespace = current_schema()::regnamespace"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)"
        " ORDER BY 1", {"tables": tables}).all()
    for name, _definition in rows:
        connection.exec_driver_sql(f"DROP INDEX {name}")
    return [definition for _name, definition in rows]


#: The roll-ups of every lead as `refresh_lead_rollups` defines them, in one pass per table: no call
#: review, and no lead review at or after the call's start (i.e. the lead's last review before it).
BULK_ROLLUPS = """
WITH open_due AS (
    SELECT lead_id, MIN(due_at) AS first_due, MAX(due_at) AS last_due
      FROM callbacks WHERE status = 'open' GROUP BY lead_id),
last_review AS (
    SELECT lead_id, MAX(created_at) AS reviewed_at FROM lead_reviews GROUP BY lead_id),
unscored AS (
    SELECT c.lead_id, MIN(c.started_at) AS since
      FROM calls AS c LEFT JOIN last_review AS r ON r.lead_id = c.lead_id
     WHERE NOT EXISTS (SELECT 1 FROM call_reviews AS cr WHERE cr.call_id = c.id)
       AND (r.reviewed_at IS NULL OR r.reviewed_at < c.started_at)
     GROUP BY c.lead_id),
rollups AS (
    SELECT COALESCE(o.lead_id, u.lead_id) AS lead_id, o.first_due, o.last_due, u.since
      FROM open_due AS o FULL JOIN unscored AS u ON u.lead_id = o.lead_id)
UPDATE leads SET open_due_min = rollups.first_due, open_due_max = rollups.last_due, unscored_since = rollups.since
  FROM rollups WHERE leads.id = rollups.lead_id
"""


def bulk_rollups(connection: Connection) -> None:
    """Every lead's roll-up columns at once (leads with none keep their NULLs)."""
    connection.exec_driver_sql(BULK_ROLLUPS)


def move_sequences(connection: Connection) -> None:
    """Move each bulk table's id sequence past the explicit ids the demo wrote."""
    for table in COLUMNS:
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table} HAVING MAX(id) IS NOT NULL")


__all__ = ["COPY", "CopyWriter", "bulk_rollups", "copy_writer", "move_sequences"]
