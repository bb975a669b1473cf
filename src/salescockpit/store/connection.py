"""Connecting to a database: its URL, the engine with the house settings, SQLite's pragmas.

Below both `engine` (the open `Database`) and `migrate` (its schema): neither imports the other's
module for these, so every arrow points one way. `OpenDatabase` is what `migrate` needs of an
open database, as a protocol.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


class OpenDatabase(Protocol):
    """What the schema keeper reads of an open database (`engine.Database` is one)."""

    url: str
    engine: Engine
    read_only: bool

    @property
    def display_name(self) -> str: ...


BUSY_TIMEOUT_MS = 30_000


def busy_timeout_ms() -> int:
    """How long a connection waits for another program's lock (SALESCOCKPIT_BUSY_TIMEOUT_MS, else 30 s)."""
    try:
        return max(0, int(os.environ.get("SALESCOCKPIT_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for ``target``: a URL as is, anything else as a SQLite file path."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for in-memory or other databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str, *, create_folders: bool = True) -> Engine:
    """An engine with the house settings (WAL, foreign keys, busy timeout, IMMEDIATE writes)."""
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None and create_folders:
        path.parent.mkdir(parents=True, exist_ok=True)
    timeout = busy_timeout_ms()
    engine = create_engine(
        url,
        connect_args={"timeout": timeout / 1000, "check_same_thread": False},
    )
    _install_sqlite_hooks(engine, timeout)
    return engine


def require_sqlite_file(url: str) -> None:
    """Refuse a SQLite target that is missing, empty (0 bytes) or a folder, before anything touches it."""
    from .problems import is_a_folder, no_database

    path = sqlite_path(url)
    if path is None:
        return
    if path.is_dir():
        raise is_a_folder(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise no_database(path)


def refuse_foreign_sqlite_file(url: str, target: str | Path, *, create: bool) -> None:
    """Look at an existing SQLite file read-only before the house engine touches it (it switches the
    file to WAL): another program's database is refused, and so is an empty one unless ``create``."""
    import sqlite3

    from .problems import foreign_database, no_database

    path = sqlite_path(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=busy_timeout_ms() / 1000)
    try:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()
    if "alembic_version" in tables:
        return
    if tables:
        raise foreign_database(target)
    if not create:
        raise no_database(target)


def _install_sqlite_hooks(engine: Engine, timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA cache_size = -65536")  # 64 MiB page cache per connection
        cursor.execute("PRAGMA mmap_size = 268435456")  # read the file through the OS cache
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        if connection.info.pop("write", False):
            # Through SQLAlchemy: "database is locked" after the busy timeout arrives as its
            # OperationalError, which the write side turns into one clear line.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            # A read's BEGIN takes no lock and cannot wait: straight on the DB-API connection, a
            # few microseconds instead of SQLAlchemy's ~40 (every list of the cockpit opens one).
            connection.connection.driver_connection.execute("BEGIN DEFERRED")
