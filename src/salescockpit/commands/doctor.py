"""`salescockpit doctor`: check the database and say, check by check, what is wrong.

Exit code 0 when every check is fine, 1 when any found a problem. The database is opened
without upgrading it, so an old schema is reported rather than silently changed.
"""

from __future__ import annotations

import sys

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


#: Checks of the SQLite file itself: on PostgreSQL they find nothing to check, and say so.
SQLITE_ONLY_CHECKS = frozenset({"integrity", "wal", "orphans"})


def parse_noted_head(text: str | None) -> tuple[int, str] | None:
    """``ID:HASH`` (the start of the hash, at least 8 hex digits) as doctor printed it."""
    if text is None:
        return None
    row, _sep, prefix = text.strip().partition(":")
    prefix = prefix.strip().lower()
    if not row.strip().isdigit() or len(prefix) < 8 or any(c not in "0123456789abcdef" for c in prefix):
        raise click.BadParameter(_("{text!r} is not a noted head; write ID:HASH as doctor printed it, "
                                   "e.g. 1234:3f9a1c2b7d4e.").format(text=text))
    return int(row), prefix


@click.command(
    "doctor", help=_(
        "Check the database: file integrity, schema, write-ahead log, references, callbacks, summaries, "
        "and the audit trail (its hash chain, and every lead, user, script and objection type against its "
        "last seal).\n\nWithout a key (salescockpit keygen) the chain has no secret: someone who knows the program "
        "could rewrite all of it consistently. Write down the head doctor prints; later, --head ID:HASH checks "
        "that the trail still passes through it. A keyed trail is checked with [audit] key_file.\n\nA broken seal the head has looked into is acknowledged with "
        "--acknowledge ID --reason TEXT (ID: the audit row doctor names; audited); doctor then lists it as "
        "acknowledged, not as a problem."
    )
)
@common_options
@click.option("--head", "noted_head", metavar="ID:HASH",
              help=_("A head noted earlier: check that the trail still passes through it."))
@click.option("--acknowledge", "acknowledge", type=int, metavar="ID",
              help=_("Acknowledge the broken seal in audit row ID (head of sales; needs --reason)."))
@click.option("--reason", "reason", metavar="TEXT", help=_("Why the broken seal is acknowledged."))
@click.pass_context
def doctor(ctx: click.Context, noted_head: str | None, acknowledge: int | None, reason: str | None,
           **options: object) -> None:
    from salescockpit.store.audit_health import acknowledged_seals, chain_head, check_noted_head
    from salescockpit.store.connection import database_url, require_sqlite_file
    from salescockpit.store.engine import Database
    from salescockpit.store.health import CheckResult, check_title, run_checks

    noted = parse_noted_head(noted_head)
    if reason is not None and acknowledge is None:
        raise click.UsageError(_("--reason goes with --acknowledge ID."))
    env = Environment(read_invocation(ctx, **options))
    if acknowledge is not None:
        _acknowledge(env, acknowledge, reason or "")
    require_sqlite_file(database_url(env.db_target))  # a damaged file is for the checks to describe
    database = Database.open(env.db_target, migrate=False, audit_key=env.audit_key())
    try:
        _require_the_whole_view(database)
        _can_read(database)  # not a database, locked, a failing disk: one line (cli_errors), no checks
        results = run_checks(database, tz=env.settings.tz)
        if noted is not None:
            results.append(CheckResult(_("Noted head {id}").format(id=noted[0]), tuple(check_noted_head(database, *noted))))
        head = _head_or_none(chain_head, database)
        acknowledged = _head_or_none(acknowledged_seals, database, env.settings.tz) or []
    finally:
        database.close()
    click.echo(_("Checking {name}").format(name=database.display_name))
    for result in results:
        if not database.is_sqlite and result.name in SQLITE_ONLY_CHECKS:
            verdict, why = _("n/a"), _("a SQLite check; the database server keeps this itself")
            click.echo(f"{verdict:8} {check_title(result.name)}: {why}")
            continue
        verdict = _("ok") if result.ok else _("PROBLEM")
        click.echo(f"{verdict:8} {check_title(result.name)}")
        for problem in result.problems:
            click.echo(f"         - {problem}")
        if result.name == "seals":
            for line in acknowledged:
                click.echo("         " + _("acknowledged: {what}").format(what=line))
    if head is not None:
        click.echo(_("Audit trail head: {id}:{hash} (note it down to check later with --head)").format(
            id=head[0], hash=head[1][:12]))
    failed = sum(not result.ok for result in results)
    if failed:
        click.echo(_("{n} check(s) found problems.").format(n=failed))
        ctx.exit(1)
    click.echo(_("Everything is fine."))


def _require_the_whole_view(database) -> None:
    """On PostgreSQL a manager's own role sees only their rows: the checks would report the rest missing."""
    from salescockpit.store.pg_roles import sees_everything

    if not sees_everything(database):
        raise click.ClickException(_(
            "doctor checks the whole database, and your database role sees only your own leads: the head of "
            "sales or the database administrator runs it."))


def _acknowledge(env: Environment, broken_row: int, reason: str) -> None:
    """The head acknowledges the broken seal in audit row ``broken_row`` (one audited write)."""
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.seal_acknowledgements import acknowledge_broken_seal

    service = env.context()
    try:
        actor = env.actor(service)
        done = acknowledge_broken_seal(service, actor, broken_row, reason)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    click.echo(_("Acknowledged the broken seal in audit row {id} ({what}): {reason}").format(
        id=done.broken_row, what=done.what, reason=done.reason))


def _can_read(database) -> None:
    """Read the schema once: errors that stop every check are raised, not listed seven times."""
    from sqlalchemy import text

    with database.engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM sqlite_master" if database.is_sqlite else "SELECT 1")).scalar()


def _head_or_none(read, database, *arguments):
    """``read(database)`` (the chain's head, the acknowledged seals), or None when the file is too damaged
    (or too old) to say."""
    try:
        return read(database, *arguments)
    except Exception:  # noqa: BLE001 - the checks above already report what is wrong
        return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(doctor())
