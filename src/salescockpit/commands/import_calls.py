"""`salescockpit import calls FILE.csv`: the phone system's call log into the database (head only).

Prints what happened to the rows: read, matched to leads, matched to managers, unmatched (no lead
has the number), duplicates (already imported) and rejected, with each rejected row's line.
Exit code 0 when every row went in (or was already there), 1 when some rows were rejected, 2 when
nothing could be read (missing file, unreadable encoding, no time or number column) or the user
may not import. `import_calls` is attached to the `import` group by the CLI.
"""

from __future__ import annotations

from pathlib import Path

import click

from salescockpit.cli import Environment, _invocation, common_options
from salescockpit.i18n import _

EXIT_REJECTED = 1
EXIT_NOTHING_READ = 2


def summary_lines(result) -> list[str]:
    """The summary of a `PhoneImportResult`, one line per count, then the rejected rows."""
    lines = [
        _("Read: {n}").format(n=result.read),
        _("Imported: {n}").format(n=result.imported),
        _("Matched to leads: {n}").format(n=result.matched_leads),
        _("Matched to managers: {n}").format(n=result.matched_managers),
        _("Unmatched (no lead with the number): {n}").format(n=result.unmatched),
        _("Duplicates skipped: {n}").format(n=result.duplicates),
        _("Rejected: {n}").format(n=len(result.problems)),
    ]
    lines += [_("  line {line}: {message}").format(line=problem.line, message=problem.message)
              for problem in result.problems]
    return lines


@click.command("calls", help=_("Import the phone system's call log FILE (CSV) to check it against the calls logged."))
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def import_calls(ctx: click.Context, file: Path, **options: object) -> None:
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.phone_import import import_phone_file

    env = Environment(_invocation(ctx, **options))
    service = env.context()
    try:
        actor = env.actor(service)
        result = import_phone_file(service, actor, file)
    except ServiceError as error:
        click.echo(_("Error: {message}").format(message=error.message), err=True)
        ctx.exit(EXIT_NOTHING_READ)
    finally:
        service.db.close()
    for line in summary_lines(result):
        click.echo(line)
    if result.problems:
        ctx.exit(EXIT_REJECTED)
