"""`salescockpit campaign add|list [--json]`: the head's campaigns for current clients.

`campaign add NAME --purpose upsell|referral [--product TEXT] [--bought-before D] [--bought-after D]
[--manager LOGIN] --due D [--dry-run]` makes one call task per picked client for its manager;
adding the same campaign again adds no second task for a client (services.campaigns says how).
`campaign list --json` prints, per campaign: name, purpose, due, filter, tasks {open, done} and
outcomes {interested, not_now, refused, referral} (referral: the leads the calls gave).
"""

from __future__ import annotations

import json

import click

from salescockpit.cli_env import common_options
from salescockpit.i18n import _

from .clients import _day, _print_table, _run


@click.group("campaign", help=_("Campaigns for current clients: upsell or ask for referrals."))
def campaign() -> None:
    pass


@campaign.command("add", help=_("Give each client the filter picks a call task for its manager (head only)."))
@common_options
@click.argument("name")
@click.option("--purpose", type=click.Choice(["upsell", "referral"]), required=True, help=_("What the calls are for."))
@click.option("--product", default="", help=_("Clients with a contract whose subject holds this text."))
@click.option("--bought-before", default=None, metavar="DATE", help=_("Clients whose newest contract is older."))
@click.option("--bought-after", default=None, metavar="DATE", help=_("Clients whose newest contract is newer."))
@click.option("--manager", "manager_login", default=None, metavar="LOGIN", help=_("Clients of this manager only."))
@click.option("--due", required=True, metavar="DATE", help=_("The day the calls are due."))
@click.option("--dry-run", is_flag=True, help=_("Say how many clients the filter picks; change nothing."))
@click.pass_context
def campaign_add(ctx: click.Context, name: str, purpose: str, product: str, bought_before: str | None,
                 bought_after: str | None, manager_login: str | None, due: str, dry_run: bool,
                 **options: object) -> None:
    from salescockpit.services.campaigns import CampaignDraft, add_campaign, preview_campaign

    draft = CampaignDraft(name, purpose, _day(due, "--due"), product,
                          _day(bought_before, "--bought-before") if bought_before else None,
                          _day(bought_after, "--bought-after") if bought_after else None, manager_login)

    def work(service, actor):
        if dry_run:
            return preview_campaign(service, actor, draft)
        from salescockpit.store.problems import require_writable

        require_writable(service.db)
        return add_campaign(service, actor, draft)

    result = _run(ctx, options, work)
    if dry_run:
        click.echo(_("The filter picks {picked} client(s): {created} call task(s) would be made.").format(
            picked=result.picked, created=result.created))
    elif result.existed:
        click.echo(_("Campaign #{id} exists already: {created} new call task(s), {already} client(s) had one.").format(
            id=result.campaign_id, created=result.created, already=result.already))
    else:
        click.echo(_("Added campaign #{id}: {created} call task(s) for {picked} client(s).").format(
            id=result.campaign_id, created=result.created, picked=result.picked))
    if result.inactive:
        click.echo(_("{count} client(s) skipped: their manager is deactivated.").format(count=result.inactive))


OUTCOME_KEYS = ("interested", "not_now", "refused", "referral")


def campaign_json(row) -> dict:
    """One campaign for `campaign list --json` (exactly these keys)."""
    return {"name": row.name, "purpose": row.purpose, "due": row.due_date.isoformat(), "filter": row.filter_text,
            "tasks": {"open": row.open, "done": row.done},
            "outcomes": {key: row.outcomes.get(key, 0) for key in OUTCOME_KEYS}}


@campaign.command("list", help=_("List the campaigns with their calls open and done, and the outcomes."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON list of objects."))
@click.pass_context
def campaign_list(ctx: click.Context, as_json: bool, **options: object) -> None:
    from salescockpit.services.campaign_calls import CAMPAIGN_OUTCOMES
    from salescockpit.services.campaigns import PURPOSES
    from salescockpit.store.queries.campaigns import campaign_summaries

    def work(service, actor):
        with service.db.read() as session:
            return campaign_summaries(session, viewer=actor)

    rows = _run(ctx, options, work)
    if as_json:
        click.echo(json.dumps([campaign_json(row) for row in rows], ensure_ascii=False, indent=2))
        return

    def outcomes(row) -> str:
        return ", ".join(f"{_(CAMPAIGN_OUTCOMES[key])} {row.outcomes[key]}" for key in OUTCOME_KEYS
                         if row.outcomes.get(key)) or "—"

    _print_table((_("NAME"), _("PURPOSE"), _("DUE"), _("OPEN"), _("DONE"), _("OUTCOMES")),
                 [(row.name, _(PURPOSES.get(row.purpose, row.purpose)), row.due_date.isoformat(), str(row.open),
                   str(row.done), outcomes(row)) for row in rows])
