"""The command line: `salescockpit [--db] [--user] [COMMAND]`.

`--db`, `--user`, `--config` and `--lang` are accepted before or after the command name. Only
the commands that open the cockpit import Textual; the others stay light.
"""

from __future__ import annotations

import json
import sys
import time

import click

from .cli_env import Environment, Invocation, common_options, read_invocation
from .cli_errors import DatabaseUnusable, SafeGroup
from .commands.pg_logins import add_user_and_login, demo_logins, password_options, take_login_away
from .i18n import N_, _


@click.group(
    cls=SafeGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=_("salescockpit: the daily strict control of a sales team.\n\nWith no command, opens the cockpit on the database."),
)
@common_options
@click.version_option(package_name="salescockpit")
@click.pass_context
def main(ctx: click.Context, **options: object) -> None:
    invocation = read_invocation(ctx, **options)
    if ctx.invoked_subcommand is None:
        _open_cockpit(Environment(invocation))


def _open_cockpit(env: Environment, *, login: str | None = None) -> None:
    from .tui.app import run_cockpit

    env.require_database()
    env.audit_key()  # a key file that cannot be used is one line here, not a message in the cockpit

    failure = run_cockpit(db_target=env.db_target, login=login or env.login, settings=env.settings)
    if failure:
        message, database_problem = failure
        raise DatabaseUnusable(message) if database_problem else click.ClickException(message)


def _as_of_day(_ctx: click.Context, _param: click.Parameter, value: str | None):
    """``--as-of``: an ISO date, or None for today (read from the clock once the settings are known)."""
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(_("{text!r} is not a date; use YYYY-MM-DD.").format(text=value)) from None


def demo_options(command):
    """--leads, --seed and --as-of, shared by `demo` and `seed`."""
    command = click.option(
        "--as-of", "as_of", metavar="YYYY-MM-DD", callback=_as_of_day,
        help=_("The day the data stands at, 10:00 in the team timezone (default: today)."),
    )(command)
    command = click.option("--seed", default=1, show_default=True,
                           help=_("Random seed (the same seed and day give the same data)."))(command)
    return click.option("--leads", default=400, show_default=True, help=_("How many leads to make."))(command)


#: What both demo commands promise (their help says exactly this).
DEMO_PROMISE = N_(
    "The data stands at 10:00 on the --as-of day (default: today) in the team timezone. The same --seed and "
    "--as-of day give the same database content and the same reports, whatever the time of day it runs and "
    "however long it takes."
)


@main.command(help=_("Make a fresh demo database and open the cockpit on it as the head of sales.") + "\n\n" + _(DEMO_PROMISE))
@common_options
@demo_options
@click.pass_context
def demo(ctx: click.Context, leads: int, seed: int, as_of, **options: object) -> None:
    from .commands.demo_target import prepare_demo_target

    invocation = read_invocation(ctx, **options)
    default_demo = invocation.db is None
    if default_demo:
        from .config import default_data_dir

        invocation.db = str(default_data_dir() / "demo.db")
    env = Environment(invocation)
    env.settings = _demo_settings(env, invocation)
    previous = prepare_demo_target(env.db_target, default_demo=default_demo)
    if previous is not None:
        click.echo(_("The previous demo is kept as {path}.").format(path=previous), err=True)
    _build_demo(env, leads=leads, seed=seed, as_of=as_of, mark_as_demo=True)
    _open_cockpit(env, login=invocation.user or "head")


@main.command(help=_("Write demo data into an empty database, without opening anything.") + "\n\n" + _(DEMO_PROMISE))
@common_options
@demo_options
@click.pass_context
def seed(ctx: click.Context, leads: int, seed: int, as_of, **options: object) -> None:
    invocation = read_invocation(ctx, **options)
    env = Environment(invocation)
    env.settings = _demo_settings(env, invocation)
    _build_demo(env, leads=leads, seed=seed, as_of=as_of)


def _demo_settings(env: Environment, invocation: Invocation):
    """The demo team's settings: the configured timezone, else Moscow (demo/workday.py)."""
    from .demo.workday import demo_settings

    return demo_settings(env.settings, invocation.config)


def _build_demo(env: Environment, *, leads: int, seed: int, as_of=None, mark_as_demo: bool = False) -> None:
    from .demo import build_demo, summary_sentence
    from .demo.anchor import demo_moment
    from .demo.money import statement_path_for
    from .store.problems import shown_target

    from .store.migration_moment import migrations_stamped_at

    moment = demo_moment(as_of or env.clock.today(), env.settings.tz)
    with migrations_stamped_at(moment):  # a new database's own rows are anchored to the day too
        ctx = env.context(create=True)
    if ctx.db.read_only:
        from .store.problems import read_only

        ctx.db.close()
        raise read_only(env.db_target)
    started = time.perf_counter()  # only for the message: the data never reads the wall clock
    try:
        summary = build_demo(
            ctx.db, leads=leads, seed=seed, now=moment, tz=env.settings.tz,
            progress=lambda text: click.echo(text, err=True), mark_as_demo=mark_as_demo, daily_control=True,
        )
        demo_logins(ctx.db)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    finally:
        ctx.db.close()
    click.echo(
        _("Demo data written to {db} in {seconds:.1f} s: {summary}").format(
            db=shown_target(env.db_target), seconds=time.perf_counter() - started, summary=summary_sentence(summary)
        ),
        err=True,
    )
    if (statement := statement_path_for(env.db_target)) is not None:
        click.echo(_("A sample bank statement (1C format) to try the import: {path}").format(path=statement), err=True)


@main.group(help=_("Add, list and deactivate users."))
def user() -> None:
    """Add, list and deactivate users."""


@user.command("add", help=_("Add a user who may log in as LOGIN."))
@common_options
@click.argument("login")
@click.option("--name", required=True, help=_("Display name."))
@click.option("--role", type=click.Choice(["head", "manager"]), required=True,
              help=_("head (the head of sales: sees and controls everyone) or manager."))
@password_options
@click.pass_context
def user_add(ctx: click.Context, login: str, name: str, role: str, no_password: bool, generate_password: bool,
             **options: object) -> None:
    from .services.errors import ServiceError
    from .services.users import has_users

    env = Environment(read_invocation(ctx, **options))
    service = _database_for_user_add(env, role)
    # The first user of a new database is added by whoever sets it up; after that, by a head.
    try:
        actor = env.actor(service) if has_users(service) else None
        info = add_user_and_login(service, login, name, role, actor, no_password=no_password,
                                  generate_password=generate_password)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    click.echo(_("Added {login} ({name}, {role}).").format(login=info.login, name=info.name, role=info.role))


def _database_for_user_add(env: Environment, role: str):
    """The database; a missing one is made only for its first user, who must be the head of sales."""
    from .store.problems import NoDatabase

    try:
        return env.context()
    except NoDatabase as missing:
        if role != "head":
            raise DatabaseUnusable(
                _("{db}: no salescockpit database here yet. A new database starts with its head of sales: "
                  "salescockpit user add LOGIN --name NAME --role head").format(db=missing.target)
            ) from None
    return env.context(create=True)


@user.command("list", help=_("List the users, login first."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON list of objects."))
@click.pass_context
def user_list(ctx: click.Context, as_json: bool, **options: object) -> None:
    from .services.users import list_users

    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        env.actor(service)  # only a user of this database may see who else is
        users = list_users(service)
    finally:
        service.db.close()
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

    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        actor = env.actor(service)
        info = deactivate_user(service, actor, login)
        work = open_work(service, actor, info.login)
        click.echo(_("Deactivated {login}.").format(login=info.login))
        take_login_away(service, info.login)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    for line in open_work_lines(work, env.settings.tz):
        click.echo(line)


def _register_commands() -> None:
    """Commands that live in their own modules (they import the shared options from here)."""
    from .commands.audit import audit
    from .commands.backup import backup, restore
    from .commands.campaigns import campaign
    from .commands.clients import client, contract
    from .commands.db import db
    from .commands.doctor import doctor
    from .commands.export import export
    from .commands.import_calls import import_calls
    from .commands.keygen import keygen
    from .commands.imports import import_group
    from .commands.lead import lead
    from .commands.listening import call, review, transcript
    from .commands.payments import payments, receivables
    from .commands.plans import plan
    from .commands.queue import queue
    from .commands.reconcile import reconcile
    from .commands.reminders import reminders
    from .commands.recordings import import_recordings_command, recording
    from .commands.report import report
    from .commands.script import script
    from .commands.serve import serve, wallboard_app
    from .commands.transfer import transfer

    import_group.add_command(import_calls)
    for command in (import_group, export, lead, queue, reconcile, report, script, backup, restore, doctor, serve, wallboard_app):
        main.add_command(command)
    main.add_command(audit)
    main.add_command(db)
    import_group.add_command(import_recordings_command)
    for command in (client, contract, campaign, payments, receivables, plan, recording, transcript, review, call):
        main.add_command(command)
    main.add_command(reminders)
    main.add_command(transfer)
    main.add_command(keygen)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
