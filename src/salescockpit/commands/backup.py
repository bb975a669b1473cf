"""`salescockpit backup FILE` and `salescockpit restore FILE [--force]` for a SQLite database.

    salescockpit backup FILE           # a consistent copy, even while others keep working
    salescockpit restore FILE --force  # put a backup in place (refused while the database is open)

PostgreSQL has its own tools (pg_dump, pg_restore): both commands say so and stop.

Both are for the head of sales (a backup holds every manager's leads). Restoring over a missing
or damaged database skips that check: there is nobody left to ask, and whoever may write the
directory could replace the file anyway (see docs/deploy.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


def _sqlite_file(env: Environment) -> Path:
    from sqlalchemy.engine import make_url

    from salescockpit.store.connection import database_url, sqlite_path

    url = database_url(env.db_target)
    path = sqlite_path(url)
    if path is None:
        raise click.ClickException(
            _("{target} is not a SQLite file; use the database server's own backup tools.").format(
                target=make_url(url).render_as_string(hide_password=True)
            )
        )
    return path


def _require_head(env: Environment, *, recovering: bool = False) -> None:
    """Refuse a manager; the user is looked up without upgrading the database's schema."""
    from sqlalchemy.exc import SQLAlchemyError

    from salescockpit.services.actor import load_actor
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.errors import ServiceError
    from salescockpit.store.engine import Database
    from salescockpit.store.problems import DatabaseProblem

    try:
        database = Database.open(env.db_target, migrate=False, create=False)
    except (DatabaseProblem, SQLAlchemyError):
        if recovering:
            return
        raise
    try:
        actor = load_actor(ServiceContext(db=database, clock=env.clock, settings=env.settings), env.login)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    except SQLAlchemyError as error:
        if recovering:
            return
        raise click.ClickException(_("Cannot read the database: {error}").format(error=error)) from error
    finally:
        database.close()
    if not actor.is_head:
        raise click.ClickException(_("Only the head of sales can back up or restore the database."))


@click.command("backup", help=_("Copy the database to FILE (a new file), safely while it is in use."))
@common_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup(ctx: click.Context, file: Path, **options: object) -> None:
    from salescockpit.store.backup import BackupError, backup_database

    env = Environment(read_invocation(ctx, **options))
    source = _sqlite_file(env)
    _require_head(env)  # a missing or empty database is refused there (exit 2)
    try:
        done = backup_database(source, file)
    except BackupError as error:
        raise click.ClickException(error.message) from error
    click.echo(_("Backup written to {path} ({kib} KiB).").format(path=done.path, kib=done.size_bytes // 1024))


@click.command(
    "restore", help=_("Replace the database with the backup FILE; refused while anyone has the database open.")
)
@common_options
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help=_("Replace an existing database (never one that is open)."))
@click.pass_context
def restore(ctx: click.Context, file: Path, force: bool, **options: object) -> None:
    from salescockpit.store.backup import BackupError, restore_database

    env = Environment(read_invocation(ctx, **options))
    target = _sqlite_file(env)
    if target.is_file():
        _require_head(env, recovering=True)
    try:
        restore_database(file, target, force=force)
    except BackupError as error:
        raise _restore_failed(error, target) from error
    click.echo(_("Restored {target} from {path}.").format(target=target, path=file))


def _restore_failed(error, target: Path) -> click.ClickException:
    """A restore the database refused (in use, read-only, full disk...): exit 2, naming it and what to do
    (cli_errors); a refusal of the request itself (no --force, a damaged backup): exit 1."""
    from salescockpit.cli_errors import DatabaseUnusable
    from salescockpit.store.backup import DatabaseInUse
    from salescockpit.store.problems import describe_database_error, sentence, shown_target

    cause = error.__cause__
    what = describe_database_error(cause, target) if cause is not None else None
    if what:
        return DatabaseUnusable(f"{shown_target(target)}: {sentence(what)}")
    if isinstance(error, DatabaseInUse):
        return DatabaseUnusable(error.message)
    return click.ClickException(error.message)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(backup())
