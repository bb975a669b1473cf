"""`salescockpit client add|list` and `salescockpit contract add|list [--json]`, for people and scripts.

`contract list --json` prints, per contract: number, client (name), inn, currency, total, paid
and instalments (due_date, amount, paid); amounts are strings of exact decimals ("12345.67").
"""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


def _day(value: str, option: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise click.BadParameter(_("{value!r} is not a date (2026-12-07 or 07.12.2026).").format(value=value),
                             param_hint=option)


def _amount(value: str, option: str):
    from salescockpit.domain.money import MoneyError, parse_decimal

    try:
        return parse_decimal(value)
    except MoneyError as error:
        raise click.BadParameter(str(error), param_hint=option) from None


def _run(ctx: click.Context, options: dict, work):
    """Call ``work(service, actor)``; a refused use case is one line and exit code 1."""
    from salescockpit.services.errors import ServiceError

    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        return work(service, env.actor(service))
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()


def _pages(read):
    """Every row of a keyset-paged read (``read(after_id)`` -> rows with ``id``)."""
    after = None
    while True:
        rows = read(after)
        yield from rows
        if not rows:
            return
        after = rows[-1].id


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


@click.group("client", help=_("Add and list clients (the companies that pay)."))
def client() -> None:
    pass


@client.command("add", help=_("Add a client NAME, or make the won lead --lead a client (its contacts carried over)."))
@common_options
@click.argument("name", required=False, default="")
@click.option("--inn", required=True, help=_("INN: 10 digits (a company) or 12 (a sole trader)."))
@click.option("--kpp", default=None, help=_("KPP: 9 digits (optional)."))
@click.option("--phone", default=None, help=_("Phone."))
@click.option("--email", default=None, help=_("E-mail."))
@click.option("--lead", "lead_id", type=int, default=None, metavar="ID", help=_("The won lead the client comes from."))
@click.pass_context
def client_add(ctx: click.Context, name: str, inn: str, kpp: str | None, phone: str | None, email: str | None,
               lead_id: int | None, **options: object) -> None:
    from salescockpit.services.clients import ClientDraft, client_from_lead, create_client

    if lead_id is None and not name.strip():
        raise click.UsageError(_("Give the client's NAME, or --lead ID."))

    def work(service, actor):
        if lead_id is not None:
            return client_from_lead(service, actor, lead_id, inn=inn, kpp=kpp, name=name.strip() or None)
        return create_client(service, actor, ClientDraft(name, inn, kpp, phone, email))

    client_id = _run(ctx, options, work)
    click.echo(_("Added client #{id}.").format(id=client_id))


@client.command("list", help=_("List the clients you may see."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON list of objects."))
@click.pass_context
def client_list(ctx: click.Context, as_json: bool, **options: object) -> None:
    from salescockpit.domain.money import from_minor
    from salescockpit.l10n import money
    from salescockpit.store.queries.contracts import client_page

    def work(service, actor):
        with service.db.read() as session:
            return list(_pages(lambda after: client_page(session, after_id=after, viewer=actor))), service.settings.currency

    rows, currency = _run(ctx, options, work)
    if as_json:
        click.echo(json.dumps([{"id": r.id, "name": r.name, "inn": r.inn, "kpp": r.kpp, "manager": r.manager_login,
                                "lead_id": r.lead_id, "contracts": r.contracts,
                                "credit": str(from_minor(r.credit_minor, currency))} for r in rows],
                              ensure_ascii=False, indent=2))
        return
    _print_table((_("ID"), _("NAME"), _("INN"), _("MANAGER"), _("CONTRACTS"), _("CREDIT")),
                 [(str(r.id), r.name, r.inn, r.manager_login, str(r.contracts),
                   money(from_minor(r.credit_minor, currency), currency)) for r in rows])


@click.group("contract", help=_("Add and list contracts and their payment schedules."))
def contract() -> None:
    pass


@contract.command("add", help=_("Add contract NUMBER for --client with its schedule: --months N (an even split, "
                                "the remainder on the last) or --instalment DATE=AMOUNT (repeatable)."))
@common_options
@click.argument("number")
@click.option("--client", "client_id", type=int, required=True, metavar="ID", help=_("The client's id."))
@click.option("--date", "signed", default=None, metavar="DATE", help=_("Signed on (default: today)."))
@click.option("--total", required=True, metavar="AMOUNT", help=_("The total, e.g. \"120 000,00\"."))
@click.option("--currency", default="", metavar="CODE", help=_("ISO 4217 code (default: [company] currency)."))
@click.option("--subject", default="", help=_("What the contract is for."))
@click.option("--months", type=click.IntRange(1, 120), default=None, help=_("Instalments, one a month."))
@click.option("--first-due", default=None, metavar="DATE", help=_("The first instalment's due date (with --months)."))
@click.option("--instalment", "parts", multiple=True, metavar="DATE=AMOUNT", help=_("One instalment (repeatable)."))
@click.pass_context
def contract_add(ctx: click.Context, number: str, client_id: int, signed: str | None, total: str, currency: str,
                 subject: str, months: int | None, first_due: str | None, parts: tuple[str, ...], **options: object) -> None:
    from salescockpit.domain.money import from_minor, monthly_schedule, to_minor
    from salescockpit.services.contracts import ContractDraft, create_contract

    amount = _amount(total, "--total")
    if (months is None) == (not parts):
        raise click.UsageError(_("Give either --months N or --instalment DATE=AMOUNT."))

    def work(service, actor):
        signed_on = _day(signed, "--date") if signed else service.clock.today()
        code = (currency or service.settings.currency).upper()
        if months is not None:
            start = _day(first_due, "--first-due") if first_due else signed_on
            try:
                minor = to_minor(amount, code)
            except ValueError as error:
                raise click.BadParameter(str(error), param_hint="--total") from None
            schedule = [(due, from_minor(part, code)) for due, part in monthly_schedule(minor, months, start)]
        else:
            schedule = []
            for part in parts:
                day, sep, value = part.partition("=")
                if not sep:
                    raise click.BadParameter(_("{value!r}: give DATE=AMOUNT.").format(value=part), param_hint="--instalment")
                schedule.append((_day(day, "--instalment"), _amount(value, "--instalment")))
        return create_contract(service, actor, ContractDraft(number, client_id, signed_on, amount, schedule, subject, code))

    contract_id = _run(ctx, options, work)
    click.echo(_("Added contract #{id} ({number}).").format(id=contract_id, number=number))


def contract_json(row) -> dict:
    """One contract for `contract list --json` (exactly these keys; amounts as exact decimal strings)."""
    from salescockpit.domain.money import from_minor

    def amount(minor: int) -> str:
        return str(from_minor(minor, row.currency))

    return {"number": row.number, "client": row.client_name, "inn": row.inn, "currency": row.currency,
            "total": amount(row.total_minor), "paid": amount(row.paid_minor),
            "instalments": [{"due_date": item.due_date.isoformat(), "amount": amount(item.amount_minor),
                             "paid": amount(item.paid_minor)} for item in row.instalments]}


@contract.command("list", help=_("List the contracts you may see, with what was paid."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON list of objects."))
@click.pass_context
def contract_list(ctx: click.Context, as_json: bool, **options: object) -> None:
    from salescockpit.domain.money import from_minor
    from salescockpit.l10n import money
    from salescockpit.store.queries.contracts import contract_page

    def work(service, actor):
        with service.db.read() as session:
            return list(_pages(lambda after: contract_page(session, after_id=after, viewer=actor)))

    rows = _run(ctx, options, work)
    if as_json:
        click.echo(json.dumps([contract_json(row) for row in rows], ensure_ascii=False, indent=2))
        return
    _print_table((_("NUMBER"), _("CLIENT"), _("INN"), _("TOTAL"), _("PAID"), _("INSTALMENTS")),
                 [(r.number, r.client_name, r.inn, money(from_minor(r.total_minor, r.currency), r.currency),
                   money(from_minor(r.paid_minor, r.currency), r.currency), str(len(r.instalments))) for r in rows])
