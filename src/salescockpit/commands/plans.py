"""`salescockpit plan set LOGIN YYYY-MM AMOUNT` and `plan list [--month YYYY-MM] [--json]`.

A plan is what a manager is to collect in a month, in the company's currency. `plan list` shows
each manager's plan, the fact (payments received from their clients this month, to today) and
the forecast (the fact plus what the open instalments due the rest of the month still lack).
`--json` amounts are strings of exact decimals ("12345.67"); a missing plan is null.
"""

from __future__ import annotations

import json

import click

from salescockpit.cli_env import common_options
from salescockpit.commands.clients import _amount, _print_table, _run
from salescockpit.i18n import _


def _month(value: str, option: str):
    from salescockpit.domain.plans import MonthError, parse_month

    try:
        return parse_month(value)
    except MonthError:
        raise click.BadParameter(_("{value!r} is not a month (2026-12).").format(value=value),
                                 param_hint=option) from None


@click.group("plan", help=_("Monthly plans in money per manager: set them, see plan, fact and forecast."))
def plan() -> None:
    pass


@plan.command("set", help=_("Set manager LOGIN's plan for MONTH (YYYY-MM) to AMOUNT (head only)."))
@common_options
@click.argument("login")
@click.argument("month")
@click.argument("amount")
@click.pass_context
def plan_set(ctx: click.Context, login: str, month: str, amount: str, **options: object) -> None:
    from salescockpit.l10n import money
    from salescockpit.services.plans import set_plan
    from salescockpit.store.problems import require_writable

    month_start, value = _month(month, "MONTH"), _amount(amount, "AMOUNT")

    def work(service, actor):
        require_writable(service.db)
        set_plan(service, actor, login, month_start, value)
        return service.settings.currency

    currency = _run(ctx, options, work)
    click.echo(_("Plan of {login} for {month}: {amount}.").format(
        login=login, month=f"{month_start:%Y-%m}", amount=money(value, currency)))


@plan.command("list", help=_("Plan, fact and forecast per manager for a month (default: this month)."))
@common_options
@click.option("--month", default=None, metavar="YYYY-MM", help=_("The month (default: this month)."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def plan_list(ctx: click.Context, month: str | None, as_json: bool, **options: object) -> None:
    from salescockpit.domain.money import from_minor
    from salescockpit.domain.plans import share
    from salescockpit.l10n import money, number
    from salescockpit.store.queries.plans import plan_rows

    chosen = _month(month, "--month") if month else None

    def work(service, actor):
        today = service.clock.today()
        month_start = chosen or today.replace(day=1)
        currency = service.settings.currency
        with service.db.read() as session:
            return month_start, currency, plan_rows(session, month_start, today, currency, viewer=actor)

    month_start, currency, rows = _run(ctx, options, work)

    def exact(minor: int | None) -> str | None:
        return None if minor is None else str(from_minor(minor, currency))

    if as_json:
        team_plan = [row.plan_minor for row in rows if row.plan_minor is not None]
        team = {"plan": exact(sum(team_plan)) if team_plan else None,
                "fact": exact(sum(row.fact_minor for row in rows)),
                "forecast": exact(sum(row.forecast_minor for row in rows))}
        click.echo(json.dumps({
            "month": f"{month_start:%Y-%m}", "currency": currency,
            "managers": [{"login": row.login, "name": row.name, "plan": exact(row.plan_minor),
                          "fact": exact(row.fact_minor), "forecast": exact(row.forecast_minor)} for row in rows],
            "team": team,
        }, ensure_ascii=False, indent=2))
        return

    def shown(minor: int | None) -> str:
        return "-" if minor is None else money(from_minor(minor, currency), currency)

    def rate(row) -> str:
        value = share(row.fact_minor, row.plan_minor or 0)
        return "-" if value is None else f"{number(value, 1)}%"

    click.echo(_("Plans for {month}").format(month=f"{month_start:%Y-%m}"))
    _print_table((_("MANAGER"), _("PLAN"), _("FACT"), _("FACT %"), _("FORECAST")),
                 [(row.name or row.login, shown(row.plan_minor), shown(row.fact_minor), rate(row),
                   shown(row.forecast_minor)) for row in rows])
