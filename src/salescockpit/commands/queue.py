"""`salescockpit queue [--manager LOGIN] [--json]`: the head's morning for scripts and people.

Prints today's list (bounded by `review.daily_capacity`, plus the leads that waited
`review.backlog_max_days` working days in the backlog beyond it), the fix lists ready to send (one per
manager) and the three counts: every lead with a reason is in exactly one of today's list, a
sent fix list, or the backlog (a draft fix list's leads count in the backlog until it is sent).

JSON: ``{"leads": [{"id", "name", "manager", "reasons"}], "fix_lists": [{"manager", "lead_ids"}],
"counts": {"today", "sent", "backlog"}}``; ``manager`` is a login, ``reasons`` reason codes.
A manager running it gets their own leads only.
"""

from __future__ import annotations

import json

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _, ngettext


def overview_json(overview) -> dict:
    """The machine-readable form (exactly these names; scripts and acceptance checks read it)."""
    return {
        "leads": [
            {"id": lead.lead_id, "name": lead.name, "manager": lead.manager_login, "reasons": list(lead.reasons)}
            for lead in overview.today
        ],
        "fix_lists": [{"manager": draft.manager_login, "lead_ids": list(draft.lead_ids)} for draft in overview.drafts],
        "counts": {"today": overview.today_count, "sent": overview.sent_count, "backlog": overview.backlog_count},
    }


def overview_lines(overview) -> list[str]:
    lines = [
        _("Today {reviewed} / {capacity} reviewed · {today} to review · sent {sent} · backlog {backlog} · "
          "fix lists sent today {lists}").format(
            reviewed=overview.reviewed_today, capacity=overview.capacity, today=overview.today_count,
            sent=overview.sent_count, backlog=overview.backlog_count, lists=overview.lists_sent_today)
    ]
    if overview.over_capacity:
        lines.append(ngettext(
            "{n} of them past the capacity: they waited {days}+ working day in the backlog",
            "{n} of them past the capacity: they waited {days}+ working days in the backlog",
            overview.backlog_max_days,
        ).format(n=overview.over_capacity, days=overview.backlog_max_days))
    for lead in overview.today:
        lines.append(f"  {lead.lead_id:>6}  {lead.manager_login:<12}  {lead.name}  [{', '.join(lead.reasons)}]")
    if overview.outcomes:
        lines.append(_("Fix lists since yesterday:"))
        lines.extend("  " + outcome.text() for outcome in overview.outcomes)
    if overview.drafts:
        lines.append(_("Fix lists to send:"))
    for draft in overview.drafts:
        lines.append("  " + draft.summary)
    return lines


@click.command("queue", help=_("Print today's review list, the fix lists to send and the backlog counts."))
@common_options
@click.option("--manager", "manager", metavar="LOGIN", help=_("Only this manager's leads."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON for scripts."))
@click.pass_context
def queue(ctx: click.Context, manager: str | None, as_json: bool, **options: object) -> None:
    from sqlalchemy import select

    from salescockpit.store.queries.queue_morning import morning_overview
    from salescockpit.store.tables import User

    env = Environment(read_invocation(ctx, **options))
    env.require_database()
    service = env.context()
    try:
        actor = env.actor(service)
        with service.db.read() as session:
            manager_id = None
            if manager:
                manager_id = session.scalars(select(User.id).where(User.login == manager)).first()
                if manager_id is None:
                    raise click.ClickException(_("There is no user {login!r}.").format(login=manager))
                if not actor.is_head and manager_id != actor.id:
                    raise click.ClickException(_("A manager sees only their own queue."))
            overview = morning_overview(session, env.settings, now=service.clock.now(), viewer_id=actor.id,
                                        viewer_is_head=actor.is_head, manager_id=manager_id)
    finally:
        service.db.close()
    if as_json:
        click.echo(json.dumps(overview_json(overview), ensure_ascii=False, indent=2))
        return
    for line in overview_lines(overview):
        click.echo(line)
