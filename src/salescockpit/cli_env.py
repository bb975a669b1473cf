"""What every command shares: the global options, what they said, and the environment they make.

`cli.py` (the group) and every `commands/*` module import these from here, so every arrow points
one way: the commands never import the group that registers them.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

import click

from .cli_errors import DatabaseUnusable, guard_database_errors
from .i18n import LANGUAGES, _


@dataclass
class Invocation:
    """What the global options said, merged from the group and the command."""

    db: str | None = None
    user: str | None = None
    config: Path | None = None
    lang: str | None = None
    #: The clock commands read "now" from; None is the wall clock (tests pass a fixed one as ``obj``).
    clock: object | None = None

    def merge(self, **given: object) -> None:
        for name, value in given.items():
            if value is not None:
                setattr(self, name, value)


def common_options(command):
    """The options every command accepts (and the group, so they may come first).

    Also makes the command's database errors one line and exit code 2 (`cli_errors`)."""
    command = guard_database_errors(command)
    command = _refuse_service_files_through_sudo(command)
    command = click.option("--db", "db", metavar="PATH|URL", help=_("Database file or URL (env SALESCOCKPIT_DB)."))(command)
    command = click.option("--user", "user", metavar="LOGIN", help=_("Act as this user (default: your OS login)."))(command)
    command = click.option(
        "--config", "config", type=click.Path(path_type=Path), help=_("Config file (env SALESCOCKPIT_CONFIG).")
    )(command)
    command = click.option(
        "--lang", "lang", type=click.Choice(LANGUAGES, case_sensitive=False), help=_("Language of the interface.")
    )(command)
    return command


def _named_files(current: click.Context) -> list[Path]:
    """The files and folders the command was given by path: its click.Path parameters (but --config,
    which `service_account.refuse_chosen_identity` refuses in words of its own) and a FILE|URL that is
    not a URL."""
    named = []
    for param in current.command.params:
        value = current.params.get(param.name) if param.name else None
        if value is None or param.name == "config":
            continue
        if isinstance(param.type, click.Path) or ("FILE" in (param.metavar or "") and "://" not in str(value)):
            named.append(Path(str(value)))
    return named


def _refuse_service_files_through_sudo(callback):
    """Before a command reads or writes a file it was given: through sudo, none of the service account's
    (`service_account.refuse_service_files`); one line, exit 1."""
    import functools

    @functools.wraps(callback)
    def checked(*args, **kwargs):
        from .service_account import ServiceAccountRefusal, refuse_service_files_through_sudo

        try:
            refuse_service_files_through_sudo(_named_files(click.get_current_context()))
        except ServiceAccountRefusal as refusal:
            raise click.ClickException(refusal.message) from None
        return callback(*args, **kwargs)

    return checked


def read_invocation(ctx: click.Context, **given: object) -> Invocation:
    """The invocation kept on the click context, with these options merged in."""
    invocation = ctx.ensure_object(Invocation)
    invocation.merge(**given)
    return invocation


class Environment:
    """Settings, clock and database for a command, built once the options are known."""

    def __init__(self, invocation: Invocation) -> None:
        import os

        from .clock import SystemClock
        from .config import ConfigError, load_settings
        from .service_account import ServiceAccountRefusal, refuse_chosen_identity, sudo_caller

        #: The OS login that ran us through sudo as the service account (`service_account`), or None.
        self.sudo_caller = sudo_caller(os.environ, os.getuid())
        if self.sudo_caller is not None:
            try:
                refuse_chosen_identity(self.sudo_caller, user=invocation.user, config=invocation.config,
                                       environ=os.environ)
            except ServiceAccountRefusal as refusal:
                raise click.ClickException(refusal.message) from None
        try:
            self.settings = load_settings(invocation.config)
        except ConfigError as error:
            raise click.ClickException(str(error)) from error
        from .i18n import resolve_language, set_language

        # Normally `salescockpit.launch` chose it already; this keeps CliRunner and `-m` alike.
        self.language = set_language(resolve_language(invocation.lang, self.settings.lang, os.environ))
        self.invocation = invocation
        self.clock = invocation.clock or SystemClock(tz=self.settings.tz)
        self.db_target = invocation.db or os.environ.get("SALESCOCKPIT_DB") or self.settings.db
        if not self.db_target:
            from .config import default_db_path

            self.db_target = str(default_db_path())
        from .services.actor import DefaultLogin, SudoLogin

        logins = self.settings.os_logins  # [team] logins: OS login -> salescockpit login
        if self.sudo_caller is not None:
            self.login = SudoLogin(logins.get(self.sudo_caller, self.sudo_caller))
        else:
            os_login = getpass.getuser()
            self.login = (invocation.user or os.environ.get("SALESCOCKPIT_USER")
                          or DefaultLogin(logins.get(os_login, os_login)))
        # What a database error names (cli_errors.SafeGroup).
        current = click.get_current_context(silent=True)
        if current is not None:
            current.meta["salescockpit.db_target"] = self.db_target

    def context(self, *, create: bool = False, audit_key: bool = True):
        """A service context on the database (opened and migrated now).

        Without ``audit_key`` the config's audit key file is not read (`keygen` is about to make it).

        Only the commands that make a database pass ``create``; for the others a missing, empty
        or foreign database is refused (exit 2) rather than made.
        """
        from .services.context import ServiceContext
        from .store.engine import Database
        from .store.migrate import SchemaError

        try:
            database = Database.open(self.db_target, create=create,
                                     audit_key=self.audit_key() if audit_key else None)
        except SchemaError as error:
            raise click.ClickException(str(error)) from error
        return ServiceContext(db=database, clock=self.clock, settings=self.settings)

    def audit_key(self) -> bytes | None:
        """The audit trail's key from the config's ``[audit] key_file`` (None when none is set or its
        file is not made yet). A key file readable by others, or not a key, is one line (exit 1)."""
        from .store.audit_key import KeyFileError, configured_key

        try:
            return configured_key(self.settings.audit_key_file)
        except KeyFileError as error:
            raise click.ClickException(error.message) from None

    def require_database(self) -> None:
        """Refuse a missing, empty or folder SQLite target without loading the database layer."""
        from .store.problems import is_a_folder, no_database

        if "://" in self.db_target:
            return
        path = Path(self.db_target).expanduser()
        if path.is_dir():
            raise DatabaseUnusable(is_a_folder(path).message)
        if not path.is_file() or path.stat().st_size == 0:
            raise DatabaseUnusable(no_database(path).message)

    def actor(self, ctx):
        from .services.actor import load_actor
        from .services.errors import ServiceError, UnknownUser
        from .services.users import has_users

        try:
            return load_actor(ctx, self.login)
        except UnknownUser as error:
            if not has_users(ctx):
                from .store.problems import no_users_yet

                raise click.ClickException(no_users_yet(ctx.db.display_name)) from error
            raise click.ClickException(error.message) from error
        except ServiceError as error:
            raise click.ClickException(error.message) from error
