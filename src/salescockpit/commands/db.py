"""`salescockpit db init URL` and `db upgrade`: a PostgreSQL database with its roles and rights.

Both run as a database administrator (a superuser, or a role with CREATEROLE that may create the
database's owner); `store/pg_roles.py` says what they make. SQLite needs neither: its schema is
made and upgraded when the file is opened, as before.
"""

from __future__ import annotations

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


@click.group("db", help=_("Set up and upgrade a PostgreSQL database with its roles (as its administrator)."))
def db() -> None:
    """Set up and upgrade a PostgreSQL database."""


def _require_postgresql(url: str) -> None:
    from salescockpit.cli_errors import DatabaseUnusable
    from salescockpit.store.connection import is_sqlite
    from salescockpit.store.problems import shown_target

    if "://" not in url or is_sqlite(url):
        raise DatabaseUnusable(
            _("{target}: not a PostgreSQL URL; a SQLite file gets and upgrades its schema when it is opened.")
            .format(target=shown_target(url)))


def _database_error(error: Exception) -> click.ClickException:
    """One line from the server's own message (never the statement, which may name a secret)."""
    original = getattr(error, "orig", error)
    text = (str(original).strip().splitlines() or [type(error).__name__])[0]
    return click.ClickException(_("The database refused: {error}").format(error=text))


@db.command("init", help=_(
    "Make URL's database ready for a team: an owner role nobody logs in as owns the schema, and two "
    "group roles, DB_head and DB_manager, get their rights (row-level security does the rest). "
    "Run it as a database administrator. Then add the first head: salescockpit --db URL user add LOGIN "
    "--name NAME --role head."))
@common_options
@click.argument("url")
@click.pass_context
def db_init(ctx: click.Context, url: str, **options: object) -> None:
    from sqlalchemy.exc import DBAPIError

    from salescockpit.store.pg_roles import init_database

    _require_postgresql(url)
    try:
        roles = init_database(url)
    except DBAPIError as error:
        raise _database_error(error) from None
    click.echo(_("Ready: the schema belongs to {owner}; users join {head} or {manager}.")
               .format(owner=roles.owner, head=roles.head, manager=roles.manager))


@db.command("upgrade", help=_(
    "Bring the PostgreSQL database (--db) to this program's schema, as its owner role, and grant the "
    "groups their rights again. Run it as a database administrator."))
@common_options
@click.pass_context
def db_upgrade(ctx: click.Context, **options: object) -> None:
    from sqlalchemy.exc import DBAPIError

    from salescockpit.store.migrate import SchemaError
    from salescockpit.store.pg_roles import NotInitialised, upgrade_database

    env = Environment(read_invocation(ctx, **options))
    _require_postgresql(env.db_target)
    try:
        upgrade_database(env.db_target)
    except SchemaError as error:
        raise click.ClickException(str(error)) from None
    except NotInitialised as missing:
        raise click.ClickException(
            _("There is no owner role {owner} for this database: set it up first with salescockpit db init URL "
              "(as the database administrator).").format(owner=missing.owner)) from None
    except DBAPIError as error:
        raise _database_error(error) from None
    click.echo(_("The schema is up to date."))
