"""Copy a SQLite database into an empty PostgreSQL one (`salescockpit transfer --to URL`).

One read transaction on the source (a consistent snapshot, even while others keep writing) and
one transaction on the target; nothing is committed until every check below passed, so on any
failure the target is left as it was (empty). Table by table, in the order of their references:

- the rows are streamed from SQLite and written with PostgreSQL's COPY (flat memory, a progress
  line every `PROGRESS_EVERY` rows); every value passes the column types of `store/tables.py`,
  so booleans, amounts and aware UTC times arrive as PostgreSQL's own types;
- the audit trail is copied as it is: ids, hash links and seals unchanged. The trigger that links
  rows written by the cockpit (`pg_security`) is off for the copy and on again before commit;
- then the id sequences are set past the copied ids, each table's row count is compared with the
  source's, and doctor's own checks (the audit chain, every dossier against its last seal, the
  summaries) run on the target inside the transaction.

`transfer_target` says what an empty target is and makes a missing schema.
"""

from __future__ import annotations

import time
from datetime import datetime
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, Connection, Integer, Table, Text, create_engine, func, inspect, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from ..i18n import _
from . import tables as _tables  # noqa: F401  (registers every table on the metadata)
from .engine import Database
from .types import UTCDateTime
from .transfer_target import (
    NOT_COPIED, TargetRefused, become_owner, clear_trail_start, active_users, has_audit_trigger, prepare_schema,
    refuse_unless_empty, set_audit_trigger, set_sequences)

#: Rows read from SQLite at a time.
BATCH = 5000
#: A progress line each time a table has this many more rows copied.
PROGRESS_EVERY = 50_000


class SourceUnsound(Exception):
    """The source's audit trail or a seal does not check out (doctor's words): it is not moved."""


class SourceKeyed(Exception):
    """The source's audit trail is keyed (HMAC): PostgreSQL links a trail itself, with no key."""

    def __init__(self, keyed_from: int) -> None:
        super().__init__(keyed_from)
        self.keyed_from = keyed_from


class TransferFailed(Exception):
    """The copy did not arrive whole (a count differs, a doctor check failed): nothing was kept."""


@dataclass
class TransferReport:
    rows: dict[str, int] = field(default_factory=dict)
    made_schema: bool = False
    #: (login, role, PostgreSQL group) of each active user
    users: list[tuple[str, str, str]] = field(default_factory=list)
    logins_made: bool = False
    sequences: int = 0
    sealed: int = 0
    seconds: float = 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def copied_tables() -> list[Table]:
    """Every salescockpit table, parents before the tables that point at them."""
    return [table for table in SQLModel.metadata.sorted_tables if table.name not in NOT_COPIED]


def transfer(source: Database, target_url: str, *, head_revision: str, now: datetime, actor_id: int | None,
             logins: bool = True, progress: Callable[[str], None] = lambda _text: None) -> TransferReport:
    """Copy ``source`` (SQLite, at ``head_revision``) into the empty PostgreSQL database at ``target_url``.

    ``now`` and ``actor_id`` are the time and the user of the audit rows the move adds: one saying
    it, and the seals made again (a dossier's digest is encoded by each database its own way,
    `dossier`). Only a source whose trail and seals pass doctor's checks is moved, so a dossier
    changed behind the program's back is never sealed anew as if it were right.
    """
    _refuse_a_keyed_trail(source)
    started = time.perf_counter()
    report = TransferReport()
    tables = copied_tables()
    engine = create_engine(target_url, poolclass=NullPool)
    try:
        report.made_schema = prepare_schema(engine, target_url, head_revision)
        with engine.begin() as looking:  # a target that is not empty is refused before the source's checks
            become_owner(looking)
            refuse_unless_empty(looking, inspect(looking).get_table_names())
        progress(_("Checking the source's audit trail and seals"))
        _require_sound_source(source)
        with source.engine.connect() as reading, engine.begin() as writing:
            _refuse_unknown_columns(reading, tables)
            become_owner(writing)
            refuse_unless_empty(writing, inspect(writing).get_table_names())
            clear_trail_start(writing)
            trigger = has_audit_trigger(writing)
            if trigger:
                set_audit_trigger(writing, enabled=False)
            for table in tables:
                report.rows[table.name] = _copy_table(reading, writing, table, progress)
            _compare_counts(writing, report.rows)
            if trigger:
                set_audit_trigger(writing, enabled=True)
            report.sealed = _seal_again(writing, now, actor_id, report.total_rows)
            report.sequences = set_sequences(writing, [table.name for table in tables])
            progress(_("Checking the copy as doctor does (audit chain, seals, summaries)"))
            _doctor_inside(writing, target_url, engine)
            report.users = active_users(writing, make_logins=logins)
            report.logins_made = logins and any(group for _login, _role, group in report.users)
    finally:
        engine.dispose()
    report.seconds = time.perf_counter() - started
    return report


def _refuse_a_keyed_trail(source: Database) -> None:
    from .audit_key import recorded_keying

    with source.engine.connect() as reading:
        keyed_from, _check = recorded_keying(reading)
    if keyed_from is not None:
        raise SourceKeyed(keyed_from)


def _require_sound_source(source: Database) -> None:
    from .audit_health import check_audit_chain, check_seals

    problems = check_audit_chain(source) or check_seals(source)
    if problems:
        raise SourceUnsound(problems[0])


def _seal_again(writing: Connection, now: datetime, actor_id: int | None, rows: int) -> int:
    """A row saying the move, then every dossier sealed in PostgreSQL's encoding, on the copied trail."""
    from .audit_chain import append, audit_row
    from .seals import seal_all

    append(writing, [audit_row(now, actor_id, "database.transfer", "database", None,
                               new=f"copied from SQLite: {rows} rows; dossiers sealed again")])
    return seal_all(writing, now, actor_id)


def _refuse_unknown_columns(reading: Connection, tables: list[Table]) -> None:
    """A source column this program does not know would be lost: refuse rather than copy without it."""
    inspector = inspect(reading)
    for table in tables:
        found = {column["name"] for column in inspector.get_columns(table.name)}
        unknown = sorted(found - set(table.columns.keys()))
        if unknown:
            raise TargetRefused(_("the source's table {table} has columns this program does not know ({columns})")
                                .format(table=table.name, columns=", ".join(unknown)))


def _copy_table(reading: Connection, writing: Connection, table: Table, progress: Callable[[str], None]) -> int:
    """Stream ``table`` from the source into one COPY on the target; return the rows copied."""
    total = reading.execute(select(func.count()).select_from(table)).scalar() or 0
    if not total:
        return 0
    columns = list(table.columns)
    selected = [_as_stored(column) for column in columns]
    convert = [_bind(column, writing) for column in columns]
    quote = writing.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(column.name) for column in columns)}) FROM STDIN"
    order = list(table.primary_key.columns) or columns
    result = reading.execution_options(yield_per=BATCH).execute(select(*selected).order_by(*order))
    copied, shown = 0, 0
    cursor = writing.connection.driver_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for rows in result.partitions():
                for row in rows:
                    copy.write_row([value if fix is None else fix(value) for fix, value in zip(convert, row)])
                copied += len(rows)
                if copied - shown >= PROGRESS_EVERY:
                    progress(_("{table}: {done:,} of {total:,} rows").format(table=table.name, done=copied, total=total))
                    shown = copied
    except Exception as error:
        if not type(error).__module__.startswith("psycopg"):
            raise
        # the driver's error, raised by COPY outside SQLAlchemy: the server's first line (it names no row)
        words = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise TransferFailed(_("{table}: {error}").format(table=table.name, error=words)) from None
    finally:
        cursor.close()
    if copied != total:
        raise TransferFailed(_("{table}: {rows} rows in the source, {arrived} arrived").format(
            table=table.name, rows=total, arrived=copied))
    progress(_("{table}: {total:,} rows").format(table=table.name, total=copied))
    return copied


def _as_stored(column):
    """What to read of ``column``: UTC times and booleans as SQLite holds them (text such as
    ``2026-12-07 09:00:00.000000``, 0 or 1), which PostgreSQL's COPY reads exactly as its own
    timestamp and boolean; every other column through its type."""
    if isinstance(column.type, UTCDateTime):
        return type_coerce(column, Text).label(column.name)
    if isinstance(column.type, Boolean):
        return type_coerce(column, Integer).label(column.name)
    return column


def _bind(column, connection: Connection) -> Callable[[Any], Any] | None:
    """The column type's own conversion to what the target stores (None: the value as read)."""
    if isinstance(column.type, (UTCDateTime, Boolean)):
        return None
    return column.type.bind_processor(connection.dialect)


def _compare_counts(writing: Connection, expected: dict[str, int]) -> None:
    for name, rows in expected.items():
        arrived = writing.exec_driver_sql(f"SELECT count(*) FROM {writing.dialect.identifier_preparer.quote(name)}")
        arrived = arrived.scalar()
        if arrived != rows:
            raise TransferFailed(_("{table}: {rows} rows in the source, {arrived} arrived").format(
                table=name, rows=rows, arrived=arrived))


@dataclass
class _Arriving(Database):
    """The target as the copy's own transaction sees it, before it commits (for doctor's checks)."""

    connection: Connection | None = None

    @contextmanager
    def read(self):
        with Session(bind=self.connection, expire_on_commit=False) as session:
            yield session


def _doctor_inside(writing: Connection, url: str, engine) -> None:
    from .health import run_checks

    results = run_checks(_Arriving(url=url, engine=engine, connection=writing))
    problems = [problem for result in results for problem in result.problems]
    if problems:
        raise TransferFailed(_("doctor finds a problem in the copy: {problem}").format(problem=problems[0]))
