"""`salescockpit payments import FILE [--dry-run]`, `payments add`, and `salescockpit receivables`.

`payments import` reads a 1CClientBankExchange statement (cp1251, cp866 or UTF-8) and prints what
became of its documents. Exit codes as the lead import's: 0 when the file went in (unmatched
payments wait in the payments-to-match list, that is no error), 2 when nothing was imported (a
malformed file, named by line; a missing file; a user who may not import).
`receivables [--date D] [--json]` prints the aging per manager and for the team.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.commands.clients import _amount, _day, _print_table, _run
from salescockpit.i18n import N_, _

EXIT_NOTHING_IMPORTED = 2


@click.group("payments", help=_("Payments: import bank statements, record one by hand."))
def payments() -> None:
    pass


def import_lines(summary) -> list[str]:
    matched = summary.matched
    lines = [
        _("Read: {n}").format(n=summary.read),
        _("Outgoing (the company's own payments) skipped: {n}").format(n=summary.outgoing),
        _("Duplicates skipped: {n}").format(n=summary.duplicates),
        (_("Would import: {n}") if summary.dry_run else _("Imported: {n}")).format(n=summary.imported),
        _("  matched by contract number in the purpose: {n}").format(n=matched.get("contract_number", 0)),
        _("  matched by INN, one open contract: {n}").format(n=matched.get("inn", 0)),
        _("  matched by amount: {n}").format(n=matched.get("amount", 0)),
        _("  to match by hand: {n}").format(n=summary.unmatched),
    ]
    if not summary.dry_run:
        lines.append(_("Promises to pay kept: {kept}, broken: {broken}").format(
            kept=summary.promises_kept, broken=summary.promises_broken))
    else:
        lines.append(_("Dry run: nothing was written."))
    return lines


@payments.command("import", help=_("Import the bank statement FILE (1CClientBankExchange, or a bank's CSV/XLSX export) and match its payments (head only)."))
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help=_("Read and match, print what would happen, write nothing."))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help=_("A bank CSV: read COLUMN as FIELD (date, number, amount, credit, debit, payer_inn, payer_name, "
                     "payer_account, recipient_inn, recipient_account, purpose, currency, ignore); repeatable."))
@click.pass_context
def payments_import(ctx: click.Context, file: Path, dry_run: bool, maps: tuple[str, ...], **options: object) -> None:
    from salescockpit.imports.bank_csv import parse_bank_map
    from salescockpit.imports.bank_statement import StatementError
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.payments import import_statement_file

    try:
        overrides = parse_bank_map(maps)
    except StatementError as error:
        raise click.UsageError(str(error)) from error
    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        summary = import_statement_file(service, env.actor(service), file, dry_run=dry_run, overrides=overrides)
    except ServiceError as error:
        click.echo(_("Error: {message}").format(message=error.message), err=True)
        ctx.exit(EXIT_NOTHING_IMPORTED)
    finally:
        service.db.close()
    for line in import_lines(summary):
        click.echo(line)


@payments.command("add", help=_("Record a payment by hand against a contract (head only)."))
@common_options
@click.option("--contract", "number", required=True, metavar="NUMBER", help=_("The contract's number."))
@click.option("--amount", required=True, metavar="AMOUNT", help=_("The amount, e.g. \"30 000,00\"."))
@click.option("--date", "paid", default=None, metavar="DATE", help=_("Paid on (default: today)."))
@click.option("--reference", default="", help=_("The payment order's number, or a note."))
@click.pass_context
def payments_add(ctx: click.Context, number: str, amount: str, paid: str | None, reference: str, **options: object) -> None:
    from salescockpit.services.contracts import contract_id_by_number
    from salescockpit.services.payments import HandPayment, record_payment

    value = _amount(amount, "--amount")

    def work(service, actor):
        _require_writable(service)
        paid_on = _day(paid, "--date") if paid else service.clock.today()
        return record_payment(service, actor, HandPayment(contract_id_by_number(service, number), paid_on, value, reference))

    payment_id = _run(ctx, options, work)
    click.echo(_("Recorded payment #{id}.").format(id=payment_id))


def _require_writable(service) -> None:
    from salescockpit.store.problems import require_writable

    require_writable(service.db)


#: How a payment was matched, in words (the same as the client card's).
REASONS = {"contract_number": N_("contract № in purpose"), "inn": N_("INN, one open contract"),
           "amount": N_("amount"), "by_hand": N_("by hand")}


@payments.command("list", help=_("List the payments you may see, with how each was matched."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def payments_list(ctx: click.Context, as_json: bool, **options: object) -> None:
    from salescockpit.commands.clients import _pages
    from salescockpit.domain.money import from_minor
    from salescockpit.l10n import money
    from salescockpit.store.queries.contracts import payment_page

    def work(service, actor):
        with service.db.read() as session:
            return list(_pages(lambda after: payment_page(session, after_id=after, viewer=actor)))

    rows = _run(ctx, options, work)
    if as_json:
        click.echo(json.dumps([{"id": r.id, "paid_on": r.paid_on.isoformat(),
                                "amount": str(from_minor(r.amount_minor, r.currency)), "currency": r.currency,
                                "payer": r.payer_name, "payer_inn": r.payer_inn, "reference": r.reference,
                                "status": r.status, "reason": r.match_reason, "contract": r.contract_number,
                                "client": r.client_name, "credit": str(from_minor(r.credit_minor, r.currency))}
                               for r in rows], ensure_ascii=False, indent=2))
        return
    _print_table((_("ID"), _("PAID ON"), _("AMOUNT"), _("PAYER"), _("CONTRACT"), _("HOW MATCHED")),
                 [(str(r.id), r.paid_on.isoformat(), money(from_minor(r.amount_minor, r.currency), r.currency),
                   r.payer_name, r.contract_number or "-",
                   _(REASONS[r.match_reason]) if r.match_reason in REASONS else _("to match by hand")) for r in rows])


@payments.command("unmatched", help=_("List the payments waiting to be matched to a contract (head only)."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def payments_unmatched(ctx: click.Context, as_json: bool, **options: object) -> None:
    from salescockpit.l10n import money
    from salescockpit.store.queries.account_card import payments_to_match

    def work(service, actor):
        with service.db.read() as session:
            return payments_to_match(session, viewer=actor, limit=10_000)

    rows = _run(ctx, options, work)
    if as_json:
        click.echo(json.dumps([{"id": r.payment_id, "paid_on": r.paid_on.isoformat(), "amount": str(r.amount),
                                "currency": r.currency, "payer": r.payer_name, "payer_inn": r.payer_inn,
                                "purpose": r.purpose} for r in rows], ensure_ascii=False, indent=2))
        return
    _print_table((_("ID"), _("PAID ON"), _("AMOUNT"), _("PAYER"), _("INN"), _("PURPOSE")),
                 [(str(r.payment_id), r.paid_on.isoformat(), money(r.amount, r.currency), r.payer_name, r.payer_inn,
                   r.purpose[:60]) for r in rows])


@payments.command("match", help=_("Match the waiting payment ID to contract --contract, oldest instalment first (head only)."))
@common_options
@click.argument("payment_id", type=int)
@click.option("--contract", "number", required=True, metavar="NUMBER", help=_("The contract's number."))
@click.pass_context
def payments_match(ctx: click.Context, payment_id: int, number: str, **options: object) -> None:
    from salescockpit.services.contracts import contract_id_by_number
    from salescockpit.services.payments import resolve_payment

    def work(service, actor):
        _require_writable(service)
        return resolve_payment(service, actor, payment_id, contract_id_by_number(service, number))

    _run(ctx, options, work)
    click.echo(_("Payment #{id} matched to contract {number}.").format(id=payment_id, number=number))


@click.command("receivables", help=_("Receivables aging (not yet due, 1-30, 31-60, 61-90, over 90 days) per manager "
                                     "and for the team."))
@common_options
@click.option("--date", "on", default=None, metavar="DATE", help=_("Seen on this day (default: today)."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def receivables(ctx: click.Context, on: str | None, as_json: bool, **options: object) -> None:
    from salescockpit.domain.money import AGING_BUCKETS, from_minor
    from salescockpit.l10n import money
    from salescockpit.store.queries.receivables import receivables_aging

    def work(service, actor):
        day = _day(on, "--date") if on else service.clock.today()
        with service.db.read() as session:
            return day, receivables_aging(session, day, viewer=actor)

    day, rows = _run(ctx, options, work)
    team: dict[str, dict[str, int]] = {}
    for row in rows:
        target = team.setdefault(row.currency, dict.fromkeys(AGING_BUCKETS, 0))
        for bucket, minor in row.buckets.items():
            target[bucket] += minor

    def amounts(buckets: dict[str, int], currency: str) -> dict[str, str]:
        values = {bucket: str(from_minor(buckets[bucket], currency)) for bucket in AGING_BUCKETS}
        values["total"] = str(from_minor(sum(buckets.values()), currency))
        return values

    if as_json:
        click.echo(json.dumps({
            "date": day.isoformat(),
            "managers": [{"login": r.manager_login, "name": r.manager_name, "currency": r.currency,
                          **amounts(r.buckets, r.currency)} for r in rows],
            "team": [{"currency": currency, **amounts(buckets, currency)} for currency, buckets in sorted(team.items())],
        }, ensure_ascii=False, indent=2))
        return
    labels = (_("not yet due"), _("1-30"), _("31-60"), _("61-90"), _("over 90"), _("total"))

    def cells(buckets: dict[str, int], currency: str) -> tuple[str, ...]:
        values = [buckets[bucket] for bucket in AGING_BUCKETS] + [sum(buckets.values())]
        return tuple(money(from_minor(value, currency), currency) for value in values)

    click.echo(_("Receivables on {day}").format(day=day.isoformat()))
    table = [(r.manager_name, *cells(r.buckets, r.currency)) for r in rows]
    table += [(_("Team"), *cells(buckets, currency)) for currency, buckets in sorted(team.items())]
    _print_table((_("MANAGER"), *labels), table)
