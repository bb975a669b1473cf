"""Making way for `salescockpit demo`: it only ever replaces a database that a demo made.

The demo marks the database it builds (`demo.is_demo_database`). Before a new demo is written
to the same SQLite file, the old one is kept beside it as ``NAME.previous`` (one generation);
any other existing file -- a team's real database, someone else's file, an empty file -- is
refused with exit code 2 and left untouched. A PostgreSQL target must be empty: the demo cannot
copy a server database aside, so it never drops one.
"""

from __future__ import annotations

from pathlib import Path

from salescockpit.cli_errors import DatabaseUnusable
from salescockpit.i18n import _


def _not_a_demo(target: str) -> DatabaseUnusable:
    from salescockpit.store.problems import shown_target

    return DatabaseUnusable(
        _("{target}: this database was not made by salescockpit demo, and the demo never overwrites it. "
          "Give the demo a new file: salescockpit demo --db NEW.db").format(target=shown_target(target))
    )


def previous_copy(path: Path) -> Path:
    """Where the last demo is kept when a new one replaces it."""
    return path.with_name(path.name + ".previous")


def prepare_demo_target(target: str, *, default_demo: bool = False) -> Path | None:
    """Clear ``target`` for a new demo; return where the previous demo was kept, if there was one.

    ``default_demo`` is True for the data folder's own demo.db, which only the demo writes: there
    a demo made before the marker existed counts as a demo too.
    """
    if "://" in target:
        _require_empty_server_database(target)
        return None
    path = Path(target).expanduser().absolute()
    if not path.exists():
        return None
    if path.is_dir() or not path.is_file() or path.stat().st_size == 0:
        raise _not_a_demo(target)
    from salescockpit.demo import is_demo_database
    from salescockpit.store.engine import Database
    from salescockpit.store.problems import NoDatabase

    try:
        database = Database.open(path, migrate=False, create=False)
    except NoDatabase:
        raise _not_a_demo(target) from None
    try:
        if not is_demo_database(database, or_seeded=default_demo):
            raise _not_a_demo(target)
    finally:
        database.close()
    return _keep_as_previous(path)


def _keep_as_previous(path: Path) -> Path:
    from salescockpit.store.migrate import copy_sqlite

    previous = previous_copy(path)
    for old in _with_companions(previous):
        old.unlink(missing_ok=True)
    copy_sqlite(path, previous)  # SQLite's online backup: the WAL's rows come along
    for old in _with_companions(path):
        old.unlink(missing_ok=True)
    return previous


def _with_companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal"))


def _require_empty_server_database(target: str) -> None:
    from salescockpit.store.engine import Database
    from salescockpit.store.migrate import current_revision, refuse_foreign_tables
    from salescockpit.store.problems import shown_target

    database = Database.open(target, migrate=False)
    try:
        if current_revision(database) is None:
            refuse_foreign_tables(database, target)
            return
    finally:
        database.close()
    raise DatabaseUnusable(
        _("{target}: the demo needs an empty database, and never drops one on a server. "
          "Give it a new empty database, or a file: salescockpit demo --db demo.db").format(target=shown_target(target))
    )
