"""`salescockpit report`: the daily control report for a date, in any format, to a file or stdout.

    salescockpit report [--date YYYY-MM-DD|yesterday|today | --month YYYY-MM] [--manager LOGIN]
                        [--format md|csv|xlsx|html|json] [--output FILE] [--csv-sep ;|,]

A manager running it gets their own figures only (the report's build enforces it).
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _

FORMATS = ("md", "csv", "xlsx", "html", "json")


def parse_day(text: str, today: date) -> date:
    """``today``, ``yesterday`` or an ISO date; never a day after ``today``."""
    word = text.strip().casefold()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            _("{text!r} is not a date; use YYYY-MM-DD, today or yesterday.").format(text=text)
        ) from None
    if day > today:
        raise click.BadParameter(_("{day} has not happened yet.").format(day=day.isoformat()))
    return day


def parse_month_option(text: str, today: date) -> date:
    """A month YYYY-MM (its first day), never one after ``today``'s."""
    from salescockpit.domain.plans import MonthError, parse_month

    try:
        month = parse_month(text)
    except MonthError:
        raise click.BadParameter(_("{text!r} is not a month; use YYYY-MM.").format(text=text),
                                 param_hint="--month") from None
    if month > today:
        raise click.BadParameter(_("{day} has not happened yet.").format(day=text), param_hint="--month")
    return month


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        raise click.ClickException(
            _("Cannot write {path}: {error}").format(path=output, error=error.strerror or error)
        ) from error
    click.echo(_("Report written to {path}.").format(path=output), err=True)


@click.command("report", help=_("Print or save the daily control report (default: today, Markdown)."))
@common_options
@click.option("--date", "day_text", default="today", show_default=True, metavar="YYYY-MM-DD|yesterday|today",
              help=_("The day of the report, in the team timezone."))
@click.option("--month", "month_text", default=None, metavar="YYYY-MM",
              help=_("The report of a whole month (to today for this month) instead of a day."))
@click.option("--manager", "manager", metavar="LOGIN", help=_("Only this manager's figures."))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help=_("Output format."))
@click.option("--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help=_("Write to this file (default: standard output; required for xlsx)."))
@click.option("--csv-sep", "csv_sep", type=click.Choice([";", ","]), default=",", show_default=True,
              help=_("Field separator for csv."))
@click.pass_context
def report(
    ctx: click.Context, day_text: str, month_text: str | None, manager: str | None, fmt: str, output: Path | None, csv_sep: str,
    **options: object,
) -> None:
    from salescockpit.reports import build_month_report, build_report, render
    from salescockpit.services.errors import ServiceError

    if fmt == "xlsx" and output is None:
        raise click.UsageError(_("xlsx is a binary file: give --output FILE."))
    env = Environment(read_invocation(ctx, **options))
    if month_text is not None and ctx.get_parameter_source("day_text") != click.core.ParameterSource.DEFAULT:
        raise click.UsageError(_("Give --date or --month, not both."))
    month = parse_month_option(month_text, env.clock.today()) if month_text is not None else None
    day = parse_day(day_text, env.clock.today())
    service = env.context()
    try:
        actor = env.actor(service)
        if month is not None:
            built = build_month_report(service, month, manager, actor=actor)
        else:
            built = build_report(service, day, manager, actor=actor)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    _write(render(built, fmt, csv_sep=csv_sep), output)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(report())
