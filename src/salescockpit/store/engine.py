"""Opening a database: engine, SQLite pragmas, read and write transactions.

Everything SQLite-specific lives here. A write is one `BEGIN IMMEDIATE` transaction on SQLite
(so a read-then-write never fails with "database is locked" when another process wrote in
between); reads use deferred transactions. PostgreSQL gets its ordinary transactions.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from .connection import refuse_foreign_sqlite_file, database_url, make_engine, require_sqlite_file, sqlite_path

#: How many finished read sessions wait for the next read (the screens' workers rarely read at once).
_IDLE_READS = 2


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
    #: Read sessions left by finished reads, each on its own connection (`read`).
    _idle_reads: list[Session] = field(default_factory=list, init=False, repr=False, compare=False)

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
        """A read session; closing it ends its (read-only) transaction without expiring what was read.

        On SQLite a read that ends normally leaves its session, still on its connection, for the
        next read (at most `_IDLE_READS` wait): a page that reads in a fraction of a millisecond no
        longer pays for a pool check-out and a new Session each time (issue 22). Writes always take
        a connection of their own; PostgreSQL reads too (the pool's pre-ping checks each one)."""
        idle = self._idle_reads
        try:
            session = idle.pop()
        except IndexError:
            session = Session(bind=self.engine.connect(), expire_on_commit=False)
        kept = False
        try:
            yield session
            kept = self.is_sqlite
        finally:
            session.close()
            connection = session.bind
            if kept and len(idle) < _IDLE_READS and not connection.closed and not connection.invalidated:
                idle.append(session)
            else:
                connection.close()

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

    def __post_init__(self) -> None:
        # A Database dropped without close() still hands its idle connections back (not the
        # garbage collector, which SQLAlchemy warns about).
        weakref.finalize(self, _close_idle_reads, self._idle_reads)

    def close(self) -> None:
        _close_idle_reads(self._idle_reads)
        self.engine.dispose()


def _close_idle_reads(idle: list[Session]) -> None:
    while idle:
        idle.pop().bind.close()
