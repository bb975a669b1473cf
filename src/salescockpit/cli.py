"""The command line: `salescockpit [--db] [--user] [COMMAND]`.

`--db`, `--user`, `--config` and `--lang` are accepted before or after the command name. Only
the commands that open the cockpit import Textual; the others stay light.
"""

from __future__ import annotations

import getpass
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

from .i18n import LANGUAGES, _


@dataclass
class Invocation:
    """What the global options said, merged from the group and the command."""

    db: str | None = None
    user: str | None = None
    config: Path | None = None
    lang: str | None = None

    def merge(self, **given: object) -> None:
        for name, value in given.items():
            if value is not None:
                setattr(self, name, value)


def common_options(command):
    """The options every command accepts (and the group, so they may come first)."""
    command = click.option("--db", "db", metavar="PATH|URL", help=_("Database file or URL (env SALESCOCKPIT_DB)."))(command)
    command = click.option("--user", "user", metavar="LOGIN", help=_("Act as this user (default: your OS login)."))(command)
    command = click.option(
        "--config", "config", type=click.Path(path_type=Path), help=_("Config file (env SALESCOCKPIT_CONFIG).")
    )(command)
    command = click.option(
        "--lang", "lang", type=click.Choice(LANGUAGES, case_sensitive=False), help=_("Language of the interface.")
    )(command)
    return command


def _invocation(ctx: click.Context, **given: object) -> Invocation:
    invocation = ctx.ensure_object(Invocation)
    invocation.merge(**given)
    return invocation


class Environment:
    """Settings, clock and database for a command, built once the options are known."""

    def __init__(self, invocation: Invocation) -> None:
        import os

        from .clock import SystemClock
        from .config import ConfigError, load_settings

        try:
            self.settings = load_settings(invocation.config)
        except ConfigError as error:
            raise click.ClickException(str(error)) from error
        from .i18n import resolve_language, set_language

        # Normally `salescockpit.launch` chose it already; this keeps CliRunner and `-m` alike.
        self.language = set_language(resolve_language(invocation.lang, self.settings.lang, os.environ))
        self.invocation = invocation
        self.clock = SystemClock(tz=self.settings.tz)
        self.db_target = invocation.db or os.environ.get("SALESCOCKPIT_DB") or self.settings.db
        if not self.db_target:
            from .config import default_db_path

            self.db_target = str(default_db_path())
        self.login = invocation.user or os.environ.get("SALESCOCKPIT_USER") or getpass.getuser()

    def context(self):
        """A service context on the database (opened and migrated now)."""
        from .services.context import ServiceContext
        from .store.engine import Database
        from .store.migrate import SchemaError

        try:
            database = Database.open(self.db_target)
        except SchemaError as error:
            raise click.ClickException(str(error)) from error
        return ServiceContext(db=database, clock=self.clock, settings=self.settings)

    def actor(self, ctx):
        from .services.actor import load_actor
        from .services.errors import ServiceError

        try:
            return load_actor(ctx, self.login)
        except ServiceError as error:
            raise click.ClickException(error.message) from error


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=_("salescockpit: the daily strict control of a sales team.\n\nWith no command, opens the cockpit on the database."),
)
@common_options
@click.version_option(package_name="salescockpit")
@click.pass_context
def main(ctx: click.Context, **options: object) -> None:
    invocation = _invocation(ctx, **options)
    if ctx.invoked_subcommand is None:
        _open_cockpit(Environment(invocation))


def _open_cockpit(env: Environment, *, login: str | None = None) -> None:
    from .tui.app import run_cockpit

    message = run_cockpit(db_target=env.db_target, login=login or env.login, settings=env.settings)
    if message:
        raise click.ClickException(message)


@main.command(help=_("Make a fresh demo database and open the cockpit on it as the head of sales."))
@common_options
@click.option("--leads", default=400, show_default=True, help=_("How many leads to make."))
@click.option("--seed", default=1, show_default=True, help=_("Random seed (the same seed gives the same data)."))
@click.pass_context
def demo(ctx: click.Context, leads: int, seed: int, **options: object) -> None:
    invocation = _invocation(ctx, **options)
    if invocation.db is None:
        from .config import default_data_dir

        invocation.db = str(default_data_dir() / "demo.db")
    env = Environment(invocation)
    _fresh_file(env.db_target)
    _build_demo(env, leads=leads, seed=seed)
    _open_cockpit(env, login=invocation.user or "head")


@main.command(help=_("Write demo data into an empty database, without opening anything."))
@common_options
@click.option("--leads", default=400, show_default=True, help=_("How many leads to make."))
@click.option("--seed", default=1, show_default=True, help=_("Random seed (the same seed gives the same data)."))
@click.pass_context
def seed(ctx: click.Context, leads: int, seed: int, **options: object) -> None:
    env = Environment(_invocation(ctx, **options))
    _build_demo(env, leads=leads, seed=seed)


def _fresh_file(target: str) -> None:
    """Remove a demo SQLite file (and its WAL) so the demo starts clean."""
    if "://" in target:
        return
    for suffix in ("", "-wal", "-shm"):
        Path(target + suffix).unlink(missing_ok=True)


def _build_demo(env: Environment, *, leads: int, seed: int) -> None:
    from .demo import build_demo

    ctx = env.context()
    started = time.perf_counter()
    try:
        summary = build_demo(
            ctx.db, leads=leads, seed=seed, now=env.clock.now(), tz=env.settings.tz,
            progress=lambda text: click.echo(text, err=True),
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    finally:
        ctx.db.close()
    click.echo(
        _("Demo data written to {db} in {seconds:.1f} s: {summary}").format(
            db=env.db_target, seconds=time.perf_counter() - started, summary=summary
        ),
        err=True,
    )


@main.group(help=_("Add, list and deactivate users."))
def user() -> None:
    """Add, list and deactivate users."""


@user.command("add", help=_("Add a user who may log in as LOGIN."))
@common_options
@click.argument("login")
@click.option("--name", required=True, help=_("Display name."))
@click.option("--role", type=click.Choice(["head", "manager"]), required=True,
              help=_("head (the head of sales: sees and controls everyone) or manager."))
@click.pass_context
def user_add(ctx: click.Context, login: str, name: str, role: str, **options: object) -> None:
    from .services.errors import ServiceError
    from .services.users import add_user, has_users

    env = Environment(_invocation(ctx, **options))
    service = env.context()
    # The first user of a new database is added by whoever sets it up; after that, by a head.
    actor = env.actor(service) if has_users(service) else None
    try:
        info = add_user(service, login, name, role, actor=actor)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(_("Added {login} ({name}, {role}).").format(login=info.login, name=info.name, role=info.role))


@user.command("list", help=_("List the users, login first."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON list of objects."))
@click.pass_context
def user_list(ctx: click.Context, as_json: bool, **options: object) -> None:
    from .services.users import list_users

    users = list_users(Environment(_invocation(ctx, **options)).context())
    if as_json:
        rows = [{"login": u.login, "name": u.name, "role": u.role, "active": u.active} for u in users]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    header = (_("LOGIN"), _("NAME"), _("ROLE"), _("ACTIVE"))
    table = [header] + [(u.login, u.name, u.role, _("yes") if u.active else _("no")) for u in users]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


@user.command(
    "deactivate", help=_("Stop LOGIN from logging in; their history stays. Lists their open work for reassignment.")
)
@common_options
@click.argument("login")
@click.pass_context
def user_deactivate(ctx: click.Context, login: str, **options: object) -> None:
    from .commands.lead import open_work_lines
    from .services.errors import ServiceError
    from .services.reassign import open_work
    from .services.users import deactivate_user

    env = Environment(_invocation(ctx, **options))
    service = env.context()
    try:
        actor = env.actor(service)
        info = deactivate_user(service, actor, login)
        work = open_work(service, actor, info.login)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    click.echo(_("Deactivated {login}.").format(login=info.login))
    for line in open_work_lines(work, env.settings.tz):
        click.echo(line)


def _register_commands() -> None:
    """Commands that live in their own modules (they import the shared options from here)."""
    from .commands.audit import audit
    from .commands.backup import backup, restore
    from .commands.doctor import doctor
    from .commands.export import export
    from .commands.import_calls import import_calls
    from .commands.imports import import_group
    from .commands.lead import lead
    from .commands.listening import call, review, transcript
    from .commands.reconcile import reconcile
    from .commands.recordings import import_recordings_command, recording
    from .commands.report import report
    from .commands.script import script
    from .commands.serve import serve, wallboard_app

    import_group.add_command(import_calls)
    for command in (import_group, export, lead, reconcile, report, script, backup, restore, doctor, serve, wallboard_app):
        main.add_command(command)
    main.add_command(audit)
    import_group.add_command(import_recordings_command), main.add_command(recording)
    for command in (transcript, review, call):
        main.add_command(command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
