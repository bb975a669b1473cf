"""The benchmark's database on a PostgreSQL server: `--db postgresql://...`.

The URL names a server and a database:

- the server's maintenance database (`.../postgres`, what `.ci/postgres.sh start` prints): the
  bench keeps its demo in a database of its own there, `salescockpit_bench_s{seed}_n{leads}_{fingerprint}`,
  built once and reused as `bench/cache/` is (a stale one of the same seed and size is dropped);
- any other database: used as is when it has leads (its "now" read from the demo's audit row),
  built there when it is missing or empty (as `--db PATH` does with a SQLite file).

The demo is seeded with COPY (`build_demo(fast="copy")`, demo/copy_writer.py: the same rows as
the ORM seeder, without the history trail and seals), then VACUUM ANALYZE. Probes that write
work on a copy made with `CREATE DATABASE ... TEMPLATE` and dropped after the run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from dataset import NOW, TIMEZONE, Dataset, fingerprint

MAINTENANCE = ("postgres", "template1", "")


def is_server_url(target: object) -> bool:
    return "://" in str(target)


def with_driver(url: str) -> str:
    """``postgresql://`` as ``postgresql+psycopg://`` (psycopg 3 is the driver salescockpit installs)."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def _admin(url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    admin = make_url(url).set(database="postgres")
    return create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _url_of(url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=database).render_as_string(hide_password=False)


def _database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).database or ""


def _existing(admin, pattern: str) -> list[str]:
    from sqlalchemy import text

    with admin.connect() as connection:
        return list(connection.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :pattern"),
                                       {"pattern": pattern}).scalars())


def _execute(admin, statement: str) -> None:
    from sqlalchemy import text

    with admin.connect() as connection:
        connection.execute(text(statement))


def lead_count(url: str) -> int:
    """Leads in the database at ``url`` (0 when it or its tables do not exist)."""
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("leads"):
                return 0
            return connection.execute(text("SELECT COUNT(*) FROM leads")).scalar_one()
    except OperationalError:
        return 0
    finally:
        engine.dispose()


def demo_instant(url: str) -> datetime | None:
    """The instant the demo at ``url`` was built "as of" (its `demo_built` audit entry)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            at = connection.execute(text(
                "SELECT at FROM audit_log WHERE action = 'demo_built' ORDER BY id DESC LIMIT 1")).scalar()
    finally:
        engine.dispose()
    return None if at is None else at.replace(tzinfo=timezone.utc)


def ensure_pg_dataset(url: str, leads: int, seed: int, progress: Callable[[str], None]) -> Dataset:
    """The demo on the server at ``url`` (see the module doc); `Dataset.path` holds its URL."""
    url = with_driver(url)
    admin = _admin(url)
    try:
        name = _database_name(url)
        if name not in MAINTENANCE:
            if name not in _existing(admin, name):
                _execute(admin, f'CREATE DATABASE "{name}"')
            if lead_count(url):
                return Dataset(url, demo_instant(url) or NOW, lead_count(url), seed, None)
            return Dataset(url, NOW, leads, seed, build(url, leads, seed, progress))
        cached = f"salescockpit_bench_s{seed}_n{leads}_{fingerprint()}"
        target = _url_of(url, cached)
        if cached in _existing(admin, cached) and lead_count(target):
            return Dataset(target, NOW, leads, seed, None)
        for stale in _existing(admin, f"salescockpit_bench_s{seed}_n{leads}_%"):
            _execute(admin, f'DROP DATABASE "{stale}" WITH (FORCE)')
        _execute(admin, f'CREATE DATABASE "{cached}"')
        try:
            seconds = build(target, leads, seed, progress)
        except BaseException:
            _execute(admin, f'DROP DATABASE IF EXISTS "{cached}" WITH (FORCE)')
            raise
        return Dataset(target, NOW, leads, seed, seconds)
    finally:
        admin.dispose()


def build(url: str, leads: int, seed: int, progress: Callable[[str], None]) -> float:
    """Migrate the empty database at ``url``, seed it with COPY, VACUUM ANALYZE; the seconds it took."""
    from zoneinfo import ZoneInfo

    from salescockpit.demo import build_demo
    from salescockpit.store.engine import Database

    started = time.perf_counter()
    database = Database.open(url)
    try:
        build_demo(database, leads=leads, seed=seed, now=NOW, tz=ZoneInfo(TIMEZONE), progress=progress, fast="copy")
        progress("VACUUM ANALYZE")
        with database.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    finally:
        database.close()
    return time.perf_counter() - started


@contextmanager
def work_copy(dataset: Dataset) -> Iterator[str]:
    """A copy of the demo database for probes that may write (`CREATE DATABASE ... TEMPLATE`); dropped after."""
    source = str(dataset.path)
    admin = _admin(source)
    name = f"salescockpit_bench_work_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            major = int(connection.exec_driver_sql("SHOW server_version_num").scalar()) // 10000
        # FILE_COPY copies the files as they are; WAL_LOG (the default since 15) writes every page to the WAL.
        strategy = " STRATEGY = FILE_COPY" if major >= 15 else ""
        _execute(admin, f'CREATE DATABASE "{name}" TEMPLATE "{_database_name(source)}"{strategy}')
        try:
            yield _url_of(source, name)
        finally:
            _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def display_name(url: str) -> str:
    """The URL without its password, for the table's title line."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def describe_server(url: str) -> str:
    """One header line: the server's version, its memory settings and the demo database's size."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            def show(name: str) -> str:
                return str(connection.exec_driver_sql(f"SHOW {name}").scalar())

            size = connection.exec_driver_sql("SELECT pg_size_pretty(pg_database_size(current_database()))").scalar()
            return (f"database: PostgreSQL {show('server_version')}, shared_buffers {show('shared_buffers')}, "
                    f"work_mem {show('work_mem')}, effective_cache_size {show('effective_cache_size')}; "
                    f"demo database {size}")
    finally:
        engine.dispose()
