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

from salescockpit.cli_env import Environment, common_options, read_invocation
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
    ]
    if result.internal:
        lines.append(_("Calls between extensions skipped: {n}").format(n=result.internal))
    lines += [
        _("Rejected: {n}").format(n=len(result.problems)),
    ]
    lines += [_("  line {line}: {message}").format(line=problem.line, message=problem.message)
              for problem in result.problems]
    return lines


@click.command("calls", help=_("Import the phone system's call log FILE (CSV with a header, XLSX, or Asterisk's "
                               "Master.csv without one) to check it against the calls logged."))
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help=_("Read COLUMN as FIELD (time, direction, number, duration, answered, extension, recording, "
                     "ignore); repeatable."))
@click.pass_context
def import_calls(ctx: click.Context, file: Path, maps: tuple[str, ...], **options: object) -> None:
    from salescockpit.imports.phone_log import PhoneLogError, parse_call_map
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.phone_import import import_phone_file

    try:
        overrides = parse_call_map(maps)
    except PhoneLogError as error:
        raise click.UsageError(str(error)) from error
    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        actor = env.actor(service)
        result = import_phone_file(service, actor, file, overrides)
    except ServiceError as error:
        click.echo(_("Error: {message}").format(message=error.message), err=True)
        ctx.exit(EXIT_NOTHING_READ)
    finally:
        service.db.close()
    for line in summary_lines(result):
        click.echo(line)
    if result.problems:
        ctx.exit(EXIT_REJECTED)
