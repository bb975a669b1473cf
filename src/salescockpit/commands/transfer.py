"""`salescockpit transfer --to URL`: move a team from its SQLite file onto an empty PostgreSQL database.

Run by the database administrator (the one who ran, or may run, `db init`), with the head of
sales' name on the source: like a backup, the copy holds every manager's leads. What happens is
in `store/transfer.py`; docs/deploy.md ("Moving from SQLite to PostgreSQL") says it for people.
"""

from __future__ import annotations

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


@click.command("transfer", help=_(
    "Copy this SQLite database (--db) into the empty PostgreSQL database URL, in one transaction: every "
    "table, row counts checked, id sequences set, the audit trail and the seals checked on arrival as doctor "
    "checks them. A target that holds data is refused and nothing is written. A target without salescockpit's "
    "schema first gets what db init makes. Run it as the database administrator, with --user the head of "
    "sales. Each active user gets a PostgreSQL login role without a password (--no-logins: none)."))
@common_options
@click.option("--to", "to", required=True, metavar="URL", help=_("The PostgreSQL database to copy into."))
@click.option("--logins/--no-logins", "logins", default=True, show_default=True,
              help=_("Give each active user a PostgreSQL login role in their group (no password)."))
@click.pass_context
def transfer(ctx: click.Context, to: str, logins: bool, **options: object) -> None:
    from salescockpit.store.problems import shown_target

    env = Environment(read_invocation(ctx, **options))
    source, actor_id = _open_source(env)
    target = shown_target(to) if "://" in to else to
    try:
        _require_postgresql(to, target)
        report = _copy(source, to, target, logins, now=env.clock.now(), actor_id=actor_id)
    finally:
        source.close()
    click.echo(_("Copied {rows:,} rows of {tables} tables into {target} in {seconds:.1f} s; the audit trail and "
                 "the seals check out there.").format(rows=report.total_rows, tables=len(report.rows), target=target,
                                                      seconds=report.seconds))
    for line in _login_lines(report.users, report.logins_made):
        click.echo(line)


def _open_source(env: Environment):
    """The source, opened as every command opens its database; the head of sales only."""
    from salescockpit.services.context import ServiceContext
    from salescockpit.store.connection import database_url, sqlite_path

    if sqlite_path(database_url(env.db_target)) is None:
        raise click.ClickException(_("transfer copies a SQLite file (--db); this database is already on a server."))
    service: ServiceContext = env.context()
    try:
        actor = env.actor(service)
        if not actor.is_head:
            raise click.ClickException(_("Only the head of sales may transfer the database: it holds everyone's leads."))
    except BaseException:
        service.db.close()
        raise
    return service.db, actor.id


def _require_postgresql(url: str, target: str) -> None:
    from salescockpit.store.connection import is_sqlite

    try:
        postgresql = "://" in url and not is_sqlite(url) and url.split(":", 1)[0].startswith("postgresql")
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy cannot read is simply not a PostgreSQL one
        postgresql = False
    if not postgresql:
        raise click.ClickException(_("{target}: not a PostgreSQL URL (postgresql+psycopg://USER@HOST/DATABASE).")
                                   .format(target=target))


def _copy(source, url: str, target: str, logins: bool, *, now, actor_id: int):
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from salescockpit.store.migrations import HEAD_REVISION
    from salescockpit.store.transfer import SourceKeyed, SourceUnsound, TransferFailed, transfer
    from salescockpit.store.transfer_target import TargetRefused

    try:
        return transfer(source, url, head_revision=HEAD_REVISION, now=now, actor_id=actor_id, logins=logins,
                        progress=lambda text: click.echo(text, err=True))
    except SourceKeyed as keyed:
        raise click.ClickException(_("The source's audit trail is keyed (from row {id} on) and PostgreSQL links its "
                                     "trail itself, with no key, so a keyed trail cannot move: keep the SQLite file, "
                                     "or move a copy made before keygen. Nothing was written.").format(
                                         id=keyed.keyed_from))
    except SourceUnsound as unsound:
        raise click.ClickException(_("The source does not pass doctor's audit checks ({problem}): look into it with "
                                     "salescockpit doctor before moving it. Nothing was written.").format(
                                         problem=unsound))
    except TargetRefused as refused:
        raise click.ClickException(_("{target}: {why}. Nothing was written.").format(target=target, why=refused))
    except TransferFailed as failed:
        raise click.ClickException(_("{target}: the copy did not arrive whole ({why}); nothing was kept.")
                                   .format(target=target, why=failed))
    except SQLAlchemyError as error:
        if isinstance(getattr(error, "orig", None), sqlite3.Error):
            raise  # the source's own trouble: named with the file, as every command's (cli_errors)
        raise click.ClickException(_("{target} refused: {error} Nothing was kept.").format(
            target=target, error=_first_line(error))) from None


def _first_line(error: Exception) -> str:
    """The server's own words, one line (never the statement, which may name a secret)."""
    original = getattr(error, "orig", None) or error
    text = (str(original).strip().splitlines() or [type(original).__name__])[0].strip()
    return text if text.endswith(".") else text + "."


def _login_lines(users: list[tuple[str, str, str]], made: bool) -> list[str]:
    """Who can connect now, and what the administrator still does for them."""
    if made:
        shown = ", ".join(f"{login} ({role})" for login, role, _group in users)
        return [_("PostgreSQL login roles made, without a password: {logins}.").format(logins=shown),
                _("Give each a password (in psql: \\password LOGIN), or let them in by certificate or peer "
                  "authentication; each then connects with their own login.")]
    walled = [(login, group) for login, _role, group in users if group]
    if not walled:
        return []
    lines = [_("No PostgreSQL login roles were made; the administrator makes them in psql:")]
    lines += [f'  CREATE ROLE "{login}" LOGIN IN ROLE "{group}"; \\password {login}' for login, group in walled]
    return lines
