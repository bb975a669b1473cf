"""The PostgreSQL side of `user add` and `user deactivate`: each user's own LOGIN role.

On a database set up by `salescockpit db init` (it has the DB_head and DB_manager groups), adding
a user also makes their login role in the group of their role, with a password asked twice, one
generated and printed once, or none (``--no-password``: certificate or peer authentication).
Deactivating takes the login away. Both need a session that may manage roles (the database
administrator's): a head connected with their own role is told so before anything changes.
On SQLite and on the old one-role PostgreSQL set-up nothing here happens.
"""

from __future__ import annotations

import click

from salescockpit.i18n import _


def password_options(command):
    command = click.option("--generate-password", "generate_password", is_flag=True,
                           help=_("PostgreSQL: make a password and print it once."))(command)
    return click.option("--no-password", "no_password", is_flag=True,
                        help=_("PostgreSQL: no password (certificate or peer authentication)."))(command)


def _walled(service) -> bool:
    from salescockpit.store.pg_roles import has_roles

    if service.db.is_sqlite:
        return False
    with service.db.engine.connect() as connection:
        return has_roles(connection)


def _may_manage_roles(service) -> bool:
    with service.db.engine.connect() as connection:
        return bool(connection.exec_driver_sql(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user").scalar())


def prepare_login(service, login: str, *, no_password: bool, generate_password: bool) -> tuple[bool, str | None]:
    """(whether a login role is to be made, its password) asked before the user is added."""
    from salescockpit.store.pg_roles import new_password

    if not _walled(service):
        return False, None
    if not _may_manage_roles(service):
        raise click.ClickException(_(
            "Only the database administrator can make a PostgreSQL login: run this with the administrator's "
            "connection (--db URL) and --user naming the head of sales."))
    if no_password:
        return True, None
    if generate_password:
        return True, new_password()
    return True, click.prompt(_("Password for {login}").format(login=login), hide_input=True,
                              confirmation_prompt=True)


def add_user_and_login(service, login: str, name: str, role: str, actor, *, no_password: bool,
                       generate_password: bool):
    """`user add`: the user, and on a database set up by `db init` their login role (asked for first)."""
    from salescockpit.services.users import add_user

    needs_login, password = prepare_login(service, login, no_password=no_password,
                                          generate_password=generate_password)
    info = add_user(service, login, name, role, actor=actor)
    if needs_login:
        make_login(service, info.login, info.role, password, generated=generate_password)
    return info


def make_login(service, login: str, role: str, password: str | None, *, generated: bool) -> None:
    from salescockpit.store.pg_roles import create_login

    with service.db.engine.begin() as connection:
        create_login(connection, login, role, password)
    if generated and password is not None:
        click.echo(_("Password of {login} (shown this once): {password}").format(login=login, password=password))


def take_login_away(service, login: str) -> None:
    """NOLOGIN for a deactivated user's role, or what to ask the administrator."""
    from salescockpit.store.pg_roles import remove_login

    if not _walled(service):
        return
    if not _may_manage_roles(service):
        click.echo(_("The database already shows {login} nothing; to stop the login itself, the database "
                     "administrator runs: ALTER ROLE \"{login}\" NOLOGIN").format(login=login))
        return
    with service.db.engine.begin() as connection:
        remove_login(connection, login)
    click.echo(_("The PostgreSQL login {login} can no longer connect.").format(login=login))


def demo_logins(database) -> None:
    """The demo team, seeded into a database set up by `db init`, gets its login roles (no password:
    the administrator sets one, or the server trusts peer or certificate authentication)."""
    from salescockpit.demo import DEMO_USERS
    from salescockpit.store.pg_roles import create_login, has_roles

    if database.is_sqlite:
        return
    with database.engine.begin() as connection:
        if not has_roles(connection):
            return
        for login, _name, role, _russian, _bias in DEMO_USERS:
            create_login(connection, login, role, None)
    click.echo(_("PostgreSQL logins for the demo team (no password): {logins}")
               .format(logins=", ".join(login for login, *_rest in DEMO_USERS)), err=True)
