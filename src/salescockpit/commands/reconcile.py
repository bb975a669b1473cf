"""`salescockpit reconcile [--date D]`: calls logged vs the phone system's call log, for one day.

Two lists: calls a manager logged that the phone system never saw, and phone calls to leads
that nobody logged (within 15 minutes either way), then the counts per manager. A manager sees
only their own. Exit code 0 either way: differences are findings, not failures. Before any
phone log was imported it says there is nothing to compare, instead of listing every logged call.
"""

from __future__ import annotations

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


def _row_line(row, tz) -> str:
    when = row.started_at.astimezone(tz).strftime("%H:%M")
    minutes, seconds = divmod(row.duration_seconds, 60)
    lead = f"{row.lead_name} ({row.company})" if row.company else row.lead_name
    manager = row.manager_name or _("unknown extension")
    answered = "" if row.answered is None else ("  " + (_("answered") if row.answered else _("not answered")))
    return f"  {when}  {minutes:>3}:{seconds:02d}  {manager:<24} {lead}{answered}"


def nothing_to_compare_lines(day) -> list[str]:
    """Before any phone log was imported every logged call would look "never seen": say so instead."""
    return [
        _("Reconciliation for {day} (team time):").format(day=day.isoformat()) + " "
        + _("No phone log imported yet: nothing to compare."),
        _("Import the phone system's call log with: salescockpit import calls FILE"),
    ]


def report_lines(result, day, tz) -> list[str]:
    """The reconciliation of ``day`` as text lines."""
    lines = [_("Reconciliation for {day} (team time): {count} phone calls to leads.").format(
        day=day.isoformat(), count=result.phone_calls), ""]
    sections = (
        (_("Logged, but the phone system never saw them: {n}"), result.logged_not_seen),
        (_("In the phone system, but nobody logged them: {n}"), result.seen_not_logged),
    )
    for title, rows in sections:
        lines.append(title.format(n=len(rows)))
        lines += [_row_line(row, tz) for row in rows] or ["  " + _("none")]
        lines.append("")
    if result.per_manager:
        lines.append(_("Per manager (logged not seen / seen not logged):"))
        for counts in result.per_manager:
            name = counts.manager_name or _("unknown extension")
            lines.append(f"  {name:<24} {counts.logged_not_seen:>4} {counts.seen_not_logged:>4}")
    return lines


@click.command("reconcile", help=_("Print the calls logged but never dialled, and the calls dialled but never logged."))
@common_options
@click.option("--date", "day_text", default="today", show_default=True, metavar="YYYY-MM-DD|yesterday|today",
              help=_("The day to check, in the team timezone."))
@click.pass_context
def reconcile(ctx: click.Context, day_text: str, **options: object) -> None:
    from salescockpit.commands.report import parse_day
    from salescockpit.store.queries.reconcile import phone_log_exists, reconcile_day

    env = Environment(read_invocation(ctx, **options))
    day = parse_day(day_text, env.clock.today())
    service = env.context()
    try:
        actor = env.actor(service)
        with service.db.read() as session:
            result = None
            if phone_log_exists(session):
                result = reconcile_day(session, day, service.tz, None if actor.is_head else actor.id)
    finally:
        service.db.close()
    lines = nothing_to_compare_lines(day) if result is None else report_lines(result, day, service.tz)
    for line in lines:
        click.echo(line)
