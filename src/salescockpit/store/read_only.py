"""Opening a database for a viewer that must never write (the wallboard).

`Database.open` migrates, creates a missing SQLite file and leaves every connection able to
write. A viewer shown in a browser wants the opposite guarantees, enforced by the database
rather than by care: the target must already exist at the current schema (nothing is created
or upgraded), and every connection refuses writes (SQLite ``PRAGMA query_only``; PostgreSQL
read-only transactions). A bug, or a key nobody thought of, then fails loudly instead of
changing data.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from ..i18n import _
from .connection import BUSY_TIMEOUT_MS, database_url, is_sqlite, make_engine, sqlite_path
from .engine import Database
from .migrate import SchemaError, current_revision
from .migrations import HEAD_REVISION


def open_read_only(target: str | Path) -> Database:
    """``target`` (path or URL) with writes refused; SchemaError when missing or not current."""
    url = database_url(target)
    path = sqlite_path(url) if is_sqlite(url) else None
    if is_sqlite(url) and (path is None or not path.is_file()):
        raise SchemaError(_("There is no database at {target}.").format(target=target))
    engine = _sqlite_reader(url) if path is not None else _postgres_reader(url)
    database = Database(url=url, engine=engine)
    try:
        revision = current_revision(database)
    except Exception:
        database.close()
        raise
    if revision != HEAD_REVISION:
        database.close()
        raise SchemaError(
            _(
                "The database {name} is not at this program's schema ({found}, expected {expected}): "
                "run salescockpit on it once to upgrade it."
            ).format(name=database.display_name, found=revision or _("empty"), expected=HEAD_REVISION)
        )
    return database


def _sqlite_reader(url: str) -> Engine:
    """The house SQLite engine without its one write: no ``journal_mode = WAL`` (a file that is not
    in WAL mode yet stays as it is), and ``query_only`` on every connection."""
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" below issues BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute("PRAGMA mmap_size = 268435456")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN DEFERRED")

    return engine


def _postgres_reader(url: str) -> Engine:
    """The house engine, with every session's transactions read-only."""
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cursor.close()
        dbapi_connection.commit()

    return engine
