"""`salescockpit doctor`: check the database and say, check by check, what is wrong.

Exit code 0 when every check is fine, 1 when any found a problem. The database is opened
without upgrading it, so an old schema is reported rather than silently changed.
"""

from __future__ import annotations

import sys

import click

from salescockpit.cli import Environment, _invocation, common_options
from salescockpit.i18n import _


@click.command("doctor")
@common_options
@click.pass_context
def doctor(ctx: click.Context, **options: object) -> None:
    """Check the database: file integrity, schema, write-ahead log, references, callbacks, summaries."""
    from salescockpit.store.engine import Database, database_url, sqlite_path
    from salescockpit.store.health import check_title, run_checks

    env = Environment(_invocation(ctx, **options))
    path = sqlite_path(database_url(env.db_target))
    if path is not None and not path.is_file():
        raise click.ClickException(_("There is no database at {path}.").format(path=path))
    database = Database.open(env.db_target, migrate=False)
    try:
        results = run_checks(database)
    finally:
        database.close()
    click.echo(_("Checking {name}").format(name=database.display_name))
    for result in results:
        verdict = _("ok") if result.ok else _("PROBLEM")
        click.echo(f"{verdict:8} {check_title(result.name)}")
        for problem in result.problems:
            click.echo(f"         - {problem}")
    failed = sum(not result.ok for result in results)
    if failed:
        click.echo(_("{n} check(s) found problems.").format(n=failed))
        ctx.exit(1)
    click.echo(_("Everything is fine."))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(doctor())
