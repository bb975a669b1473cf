"""`salescockpit doctor`: check the database and say, check by check, what is wrong.

Exit code 0 when every check is fine, 1 when any found a problem. The database is opened
without upgrading it, so an old schema is reported rather than silently changed.
"""

from __future__ import annotations

import sys

import click

from salescockpit.cli import Environment, _invocation, common_options
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
        "last seal).\n\nThe chain has no secret: someone who knows the program could rewrite all of it "
        "consistently. Write down the head doctor prints; later, --head ID:HASH checks that the trail "
        "still passes through it."
    )
)
@common_options
@click.option("--head", "noted_head", metavar="ID:HASH",
              help=_("A head noted earlier: check that the trail still passes through it."))
@click.pass_context
def doctor(ctx: click.Context, noted_head: str | None, **options: object) -> None:
    from salescockpit.store.audit_health import chain_head, check_noted_head
    from salescockpit.store.engine import Database, database_url, require_sqlite_file
    from salescockpit.store.health import CheckResult, check_title, run_checks

    noted = parse_noted_head(noted_head)
    env = Environment(_invocation(ctx, **options))
    require_sqlite_file(database_url(env.db_target))  # a damaged file is for the checks to describe
    database = Database.open(env.db_target, migrate=False)
    try:
        _can_read(database)  # not a database, locked, a failing disk: one line (cli_errors), no checks
        results = run_checks(database, tz=env.settings.tz)
        if noted is not None:
            results.append(CheckResult(_("Noted head {id}").format(id=noted[0]), tuple(check_noted_head(database, *noted))))
        head = _head_or_none(chain_head, database)
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
    if head is not None:
        click.echo(_("Audit trail head: {id}:{hash} (note it down to check later with --head)").format(
            id=head[0], hash=head[1][:12]))
    failed = sum(not result.ok for result in results)
    if failed:
        click.echo(_("{n} check(s) found problems.").format(n=failed))
        ctx.exit(1)
    click.echo(_("Everything is fine."))


def _can_read(database) -> None:
    """Read the schema once: errors that stop every check are raised, not listed seven times."""
    from sqlalchemy import text

    with database.engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM sqlite_master" if database.is_sqlite else "SELECT 1")).scalar()


def _head_or_none(chain_head, database) -> tuple[int, str] | None:
    """The chain's head, or None when the file is too damaged (or too old) to say."""
    try:
        return chain_head(database)
    except Exception:  # noqa: BLE001 - the checks above already report what is wrong
        return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(doctor())
