"""Opening a database: engine, SQLite pragmas, read and write transactions.

Everything SQLite-specific lives here. A write is one `BEGIN IMMEDIATE` transaction on SQLite
(so a read-then-write never fails with "database is locked" when another process wrote in
between); reads use deferred transactions. PostgreSQL gets its ordinary transactions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from .connection import refuse_foreign_sqlite_file, database_url, make_engine, require_sqlite_file, sqlite_path

@dataclass
class Database:
    """An open database: the engine plus read and write transactions.

    `read()` and `write()` yield a Session bound to one connection in one transaction;
    `write()` commits on success and rolls back on any exception.
    """

    url: str
    engine: Engine
    #: True when the file may be read but not written: every `write()` is refused with a clear message.
    read_only: bool = False

    @classmethod
    def open(cls, target: str | Path, *, migrate: bool = True, create: bool = True,
             audit_key: bytes | None = None) -> Database:
        """Open ``target`` (path or URL), bringing its schema up to date first.

        ``audit_key`` (the key file's key, `audit_key`) makes and checks the keyed links of a keyed trail.

        With ``create`` False a missing, empty or foreign target raises `problems.NoDatabase`
        (nothing is created, not even its folder): only the commands that make a database create one.
        """
        url = database_url(target)
        if not create:
            require_sqlite_file(url)
        refuse_foreign_sqlite_file(url, target, create=create)
        engine = make_engine(url, create_folders=create)
        if audit_key is not None:
            from .audit_key import use_key

            use_key(engine, audit_key)
        path = sqlite_path(url)
        database = cls(url=url, engine=engine, read_only=path is not None and path.is_file()
                       and not os.access(path, os.W_OK))
        try:
            if not create:
                from .migrate import require_salescockpit_schema

                require_salescockpit_schema(database, target)
            if migrate:
                from .migrate import ensure_schema

                ensure_schema(database)
        except BaseException:
            database.close()
            raise
        return database

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        """What the header shows: the file name for SQLite, the URL without password otherwise."""
        path = sqlite_path(self.url)
        if path is not None:
            return path.name
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.engine.connect() as connection:
            # Closing the session ends its (read-only) transaction without expiring what was read.
            with Session(bind=connection, expire_on_commit=False) as session:
                yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        from .audit_writes import track_audit
        from .rollups import track_rollups

        if self.read_only:
            from .problems import read_only

            raise read_only(sqlite_path(self.url) or self.display_name)

        with self.engine.connect() as connection:
            connection.info["write"] = True
            with Session(bind=connection, expire_on_commit=False) as session:
                track_rollups(session)
                track_audit(session)  # after the roll-ups: its seals and chain go in last
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
                finally:
                    connection.info.pop("write", None)

    def close(self) -> None:
        self.engine.dispose()
