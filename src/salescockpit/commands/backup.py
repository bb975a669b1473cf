"""`salescockpit backup FILE` and `salescockpit restore FILE [--force]` for a SQLite database.

    salescockpit backup FILE           # a consistent copy, even while others keep working
    salescockpit restore FILE --force  # put a backup in place (refused while the database is open)

PostgreSQL has its own tools (pg_dump, pg_restore): both commands say so and stop.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salescockpit.cli import Environment, _invocation, common_options
from salescockpit.i18n import _


def _sqlite_file(env: Environment) -> Path:
    from salescockpit.store.engine import database_url, sqlite_path

    path = sqlite_path(database_url(env.db_target))
    if path is None:
        raise click.ClickException(
            _("{target} is not a SQLite file; use the database server's own backup tools.").format(
                target=env.db_target
            )
        )
    return path


@click.command("backup")
@common_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup(ctx: click.Context, file: Path, **options: object) -> None:
    """Copy the database to FILE (a new file), safely while it is in use."""
    from salescockpit.store.backup import BackupError, backup_database

    env = Environment(_invocation(ctx, **options))
    source = _sqlite_file(env)
    try:
        done = backup_database(source, file)
    except BackupError as error:
        raise click.ClickException(error.message) from error
    click.echo(_("Backup written to {path} ({kib} KiB).").format(path=done.path, kib=done.size_bytes // 1024))


@click.command("restore")
@common_options
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--force", is_flag=True, help=_("Replace an existing database (never one that is open)."))
@click.pass_context
def restore(ctx: click.Context, file: Path, force: bool, **options: object) -> None:
    """Replace the database with the backup FILE; refused while anyone has the database open."""
    from salescockpit.store.backup import BackupError, restore_database

    env = Environment(_invocation(ctx, **options))
    target = _sqlite_file(env)
    try:
        restore_database(file, target, force=force)
    except BackupError as error:
        raise click.ClickException(error.message) from error
    click.echo(_("Restored {target} from {path}.").format(target=target, path=file))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(backup())
