"""The database a store, services, reports or imports test runs on: SQLite always, PostgreSQL too.

`db_url` is parametrised ``[sqlite]`` / ``[postgresql]``. The PostgreSQL variant runs when
``SALESCOCKPIT_TEST_PG`` names a server by an admin URL (``.ci/postgres.sh start`` prints one,
e.g. ``postgresql+psycopg://postgres@127.0.0.1:PORT/postgres``); without it the variant is
skipped, never failed, so a machine without PostgreSQL still runs the whole SQLite suite.

A PostgreSQL test gets a database of its own, copied (``CREATE DATABASE ... TEMPLATE``) from a
template that the session migrated once: running every migration per test would cost far more.

A test whose subject only exists on SQLite (WAL, BEGIN IMMEDIATE, file backups, the upgrade of an
old file) is marked ``@pytest.mark.sqlite_only("why")`` and gets only the ``[sqlite]`` variant.

The directory conftests bring these in with ``from tests.db_fixtures import *`` (the hook below
must be a name in the conftest for pytest to call it).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

#: The environment variable naming a PostgreSQL server (an admin URL) for the tests.
PG_ENV = "SALESCOCKPIT_TEST_PG"
#: The name it had before; still read so an old shell setup keeps working.
OLD_PG_ENV = "SALESCOCKPIT_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")

__all__ = ["BACKENDS", "PG_ENV", "PostgresServer", "backend", "blank_db_url", "database_copy", "db_url",
           "postgres_admin_url", "postgres_server", "pytest_generate_tests", "sqlite_url"]


def postgres_admin_url() -> str | None:
    """The admin URL of the test PostgreSQL server, or None when none is configured."""
    return os.environ.get(PG_ENV) or os.environ.get(OLD_PG_ENV) or None


def sqlite_url(folder: Path, name: str = "test.db") -> str:
    return f"sqlite:///{folder / name}"


class PostgresServer:
    """The test server: a migrated template database made once, fresh copies of it per test."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        # Unique per process, so the two xdist workers (and two CI runs) never share a name.
        self.prefix = f"salescockpit_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self._template: str | None = None

    def url(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def template(self) -> str:
        """The name of the template database at the head revision (made on first use)."""
        if self._template is None:
            from salescockpit.store.engine import Database

            name = f"{self.prefix}_template"
            self._execute(f'CREATE DATABASE "{name}"')
            Database.open(self.url(name)).close()  # runs the migrations; a template must have no sessions
            self._template = name
        return self._template

    @contextmanager
    def fresh(self, *, migrated: bool = True, template: str | None = None) -> Iterator[str]:
        """A new database (a copy of ``template``, of the migrated template, or empty); dropped after."""
        name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
        source = template or (self.template() if migrated else None)
        # A copy of the migrated template takes about 25 ms (on tmpfs); migrating anew, 0.7 s.
        clause = f' TEMPLATE "{source}"' if source else ""
        self._execute(f'CREATE DATABASE "{name}"{clause}')
        try:
            yield self.url(name)
        finally:
            self.drop(name)

    @contextmanager
    def copy(self, url: str) -> Iterator[str]:
        """A copy of the database at ``url`` (nobody may be connected to it meanwhile); dropped after."""
        with self.fresh(template=make_url(url).database) as copied:
            yield copied

    def drop(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self._template is not None:
            self.drop(self._template)
        self.admin.dispose()


@contextmanager
def database_copy(database, folder: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a copy of the open ``database`` (SQLite: a file in ``folder``; PostgreSQL: a new
    database made from it as a template, for which ``database``'s idle connections are closed)."""
    from salescockpit.store.connection import sqlite_path
    from salescockpit.store.migrate import copy_sqlite

    if database.is_sqlite:
        target = folder / "copy.db"
        copy_sqlite(sqlite_path(database.url), target)
        yield sqlite_url(folder, "copy.db")
        return
    database.engine.dispose()  # a template must have no sessions; the pool reconnects on next use
    with request.getfixturevalue("postgres_server").copy(database.url) as url:
        yield url


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The configured PostgreSQL server; skips the test when none is configured."""
    admin_url = postgres_admin_url()
    if not admin_url:
        pytest.skip(f"PostgreSQL variant: set {PG_ENV} to an admin URL (.ci/postgres.sh start prints one)")
    server = PostgresServer(admin_url)
    yield server
    server.close()


@pytest.fixture
def backend(request) -> str:
    """Which database this run of the test is on, "sqlite" or "postgresql" (set by the hook below)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_url(backend, request, tmp_path) -> Iterator[str]:
    """The URL of an empty database at the head schema: a SQLite file, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.fresh() as url:
        yield url


@pytest.fixture
def blank_db_url(backend, request, tmp_path) -> Iterator[str]:
    """The URL of a database with no schema at all (for tests that migrate it themselves)."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path, "blank.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.fresh(migrated=False) as url:
        yield url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give every test that uses a database fixture above one run per backend."""
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    backends = ("sqlite",) if marker is not None else BACKENDS
    metafunc.parametrize("backend", backends, indirect=True, ids=backends)
