"""Keeping a database's schema in step with the program (Alembic).

`ensure_schema` is called when a database is opened: a new database gets the whole schema; an
older one is copied aside (SQLite) and upgraded; one made by a newer program is refused, since
this program cannot know what the newer schema means.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import inspect, text

from ..i18n import _
from .connection import OpenDatabase, sqlite_path
from .migrations import HEAD_REVISION

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class SchemaError(Exception):
    """The database cannot be used by this program (too new, or damaged)."""


def current_revision(database: OpenDatabase) -> str | None:
    """The schema revision the database is at (None for an empty database)."""
    with database.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def require_salescockpit_schema(database: OpenDatabase, target: str | Path) -> None:
    """Refuse (NoDatabase) a database salescockpit never set up: empty, or another program's."""
    from .problems import no_database

    if current_revision(database) is None:
        refuse_foreign_tables(database, target)
        raise no_database(target)


def refuse_foreign_tables(database: OpenDatabase, target: str | Path) -> None:
    """Refuse a database without salescockpit's schema that holds another program's tables."""
    from .problems import foreign_database

    with database.engine.connect() as connection:
        if inspect(connection).get_table_names():
            raise foreign_database(target)


def ensure_schema(database: OpenDatabase) -> Path | None:
    """Bring ``database`` to the head revision; return the backup made before upgrading, if any."""
    revision = current_revision(database)
    if revision == HEAD_REVISION:
        return None
    if database.read_only:
        raise SchemaError(
            _("The database {name} is read-only and needs an upgrade of its schema first: "
              "open it once with write access.").format(name=database.display_name)
        )
    if not database.is_sqlite:
        _require_schema_rights(database)
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    known = {script.revision for script in scripts.walk_revisions()}
    if revision is not None and revision not in known:
        raise SchemaError(
            _(
                "The database {name} was made by a newer salescockpit (schema {revision}). "
                "Upgrade salescockpit to open it."
            ).format(name=database.display_name, revision=revision)
        )
    if revision is None:
        refuse_foreign_tables(database, database.url)
    backup = backup_before_upgrade(database, revision) if revision is not None else None
    upgrade(database)
    return backup


def _require_schema_rights(database: OpenDatabase) -> None:
    """On PostgreSQL only the tables' owner migrates: a person's own role is told who can."""
    from .pg_roles import is_administrator

    with database.engine.connect() as connection:
        if not inspect(connection).has_table("leads") or is_administrator(connection):
            return
    raise SchemaError(
        _("The database {name} needs an upgrade of its schema, which only its owner may make: ask the database "
          "administrator to run salescockpit db upgrade.").format(name=database.display_name)
    )


def upgrade(database: OpenDatabase, target: str = "head") -> None:
    """Run the Alembic migrations up to ``target`` on ``database``."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations rebuild tables (copy, drop, rename): with foreign keys on, dropping a
            # table that other rows point at fails. The pragma only works outside a transaction.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    connection.rollback()
                    raise SchemaError(_("The upgrade would break {n} references; nothing was changed.").format(n=len(broken)))
            connection.commit()
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


def backup_before_upgrade(database: OpenDatabase, revision: str) -> Path | None:
    """Copy a SQLite database aside (online backup) before its schema changes."""
    path = sqlite_path(database.url)
    if path is None or not path.exists():
        return None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.stem}.before-{revision}-{stamp}{path.suffix}")
    copy_sqlite(path, target)
    return target


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file, via SQLite's online backup API."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()
