"""`salescockpit export leads|calls`: leads or calls to a CSV or XLSX file.

    salescockpit export leads|calls [--from DATE] [--to DATE] --format csv|xlsx --output FILE

The leads file is one `salescockpit import leads` reads back. A manager exports only their
own leads and calls. Dates are days in the team timezone, both included.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(_("{text!r} is not a date; use YYYY-MM-DD.").format(text=text)) from None


@click.command("export", help=_("Write leads or calls to a CSV (UTF-8) or XLSX file."))
@common_options
@click.argument("what", type=click.Choice(["leads", "calls"]))
@click.option("--from", "start", metavar="YYYY-MM-DD", help=_("From this day (leads: created; calls: made)."))
@click.option("--to", "end", metavar="YYYY-MM-DD", help=_("Up to and including this day."))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True,
              help=_("File format."))
@click.option("--output", "output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=_("The file to write (- for standard output)."))
@click.pass_context
def export(ctx: click.Context, what: str, start: str | None, end: str | None, fmt: str, output: Path,
           **options: object) -> None:
    from salescockpit.services.errors import ServiceError

    first, last = _day(start), _day(end)
    if first and last and first > last:
        raise click.BadParameter(_("--from is after --to."))
    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        actor = env.actor(service)
        if what == "leads":
            from salescockpit.exports.leads import export_leads

            data, count = export_leads(service, actor, fmt, first, last)
        else:
            from salescockpit.exports.calls import export_calls

            data, count = export_calls(service, actor, fmt, first, last)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    try:
        if str(output) == "-":  # through sudo, the way to a file of one's own: --output - > mine.csv
            click.echo(data, nl=False)
        else:
            output.write_bytes(data)
    except OSError as error:
        raise click.ClickException(
            _("Cannot write {path}: {reason}").format(path=output, reason=error.strerror or error)
        ) from error
    click.echo(_("Wrote {count} {what} to {path}.").format(count=count, what=what, path=output), err=True)
