"""`salescockpit audit`: the audit trail, filtered, in the team timezone.

    salescockpit audit [--lead ID] [--by LOGIN] [--since YYYY-MM-DD|yesterday|today] [--limit N]

Prints the newest ``--limit`` matching rows, oldest first (so the latest change is the last line,
next to the prompt). Seal rows are bookkeeping and not shown. The head of sales sees every row; a
manager only rows about their own leads. The filter on who made a change is ``--by``: ``--user``
already means "act as this user" for every command.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


def parse_since(text: str, today: date) -> date:
    """``today``, ``yesterday`` or an ISO date (a day still to come simply matches nothing)."""
    word = text.strip().casefold()
    if word in ("today", "yesterday"):
        return today - timedelta(days=word == "yesterday")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            _("{text!r} is not a date; use YYYY-MM-DD, today or yesterday.").format(text=text),
            param_hint="'--since'",
        ) from None


def trail_lines(rows: list[tuple[str, ...]]) -> list[str]:
    """Shown rows (see `services.audit.shown_rows`) as aligned lines under a header; the change is last."""
    header = (_("WHEN"), _("WHO"), _("ACTION"), _("RECORD"), _("FIELD"), _("CHANGE"))
    table = [header, *rows]
    widths = [max(len(line[index]) for line in table) for index in range(len(header) - 1)]
    return ["  ".join([*(cell.ljust(width) for cell, width in zip(line, widths)), line[-1]]).rstrip()
            for line in table]


@click.command("audit", help=_(
    "List the audit trail: who changed what, from what, to what. The newest --limit rows that match, "
    "oldest first, in the team timezone. A manager sees only rows about their own leads."))
@common_options
@click.option("--lead", "lead_id", type=int, metavar="ID", help=_("Only rows about this lead and its calls, callbacks and reviews."))
@click.option("--by", "by_login", metavar="LOGIN", help=_("Only changes made by this user."))
@click.option("--since", "since_text", metavar="YYYY-MM-DD|yesterday|today",
              help=_("Only rows from this day on (team timezone)."))
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True, help=_("At most this many rows."))
@click.pass_context
def audit(ctx: click.Context, lead_id: int | None, by_login: str | None, since_text: str | None, limit: int,
          **options: object) -> None:
    from salescockpit.services.audit import read_trail, shown_rows
    from salescockpit.services.errors import ServiceError

    env = Environment(read_invocation(ctx, **options))
    tz = env.settings.tz
    since = None
    if since_text is not None:
        since = datetime.combine(parse_since(since_text, env.clock.today()), time(0), tz)
    service = env.context()
    try:
        actor = env.actor(service)
        rows = read_trail(service, actor, lead_id=lead_id, by_login=by_login, since=since, limit=limit)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    if not rows:
        click.echo(_("No audit rows match."))
        return
    for line in trail_lines(shown_rows(reversed(rows), tz)):
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(audit())
