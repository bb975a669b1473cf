"""`salescockpit reminders [--date D] [--json]`, `reminders run [--date D]`, `reminders resolve-dispute`.

`reminders` lists the steps of the reminder ladder owed on a day (writes nothing): per instalment,
the client, the contract, the due date, what is still owed, the step and who acts, and the task
when it is made already. A manager sees the steps they act on, the head every step.
`reminders run` makes the tasks (the cockpit does the same when it opens): run it from cron on
a server with nobody in the cockpit. `reminders resolve-dispute CLIENT_ID --note` is the head's.
"""

from __future__ import annotations

import json

import click

from salescockpit.cli_env import common_options
from salescockpit.commands.clients import _day, _print_table, _run
from salescockpit.i18n import _


def _require_writable(service) -> None:
    from salescockpit.store.problems import require_writable

    require_writable(service.db)


@click.group("reminders", invoke_without_command=True,
             help=_("The reminder ladder: list the calls and letters owed on a day (run: make their tasks)."))
@common_options
@click.option("--date", "on", default=None, metavar="DATE", help=_("Owed on this day (default: today)."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def reminders(ctx: click.Context, on: str | None, as_json: bool, **options: object) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from salescockpit.services.reminders import plan_for

    def work(service, actor):
        day = _day(on, "--date") if on else service.clock.today()
        with service.db.read() as session:
            return plan_for(service, session, day, viewer=actor)

    plan = _run(ctx, options, work)
    if as_json:
        click.echo(json.dumps({"date": plan.day.isoformat(), "reminders": [_as_json(owed) for owed in plan.owed]},
                              ensure_ascii=False, indent=2))
        return
    from salescockpit.domain.money import from_minor
    from salescockpit.l10n import money

    click.echo(_("Reminders owed on {day}").format(day=plan.day.isoformat()))
    _print_table((_("CLIENT"), _("CONTRACT"), _("DUE"), _("OWED"), _("STEP"), _("TASK")), [
        (owed.client_name, owed.contract_number, owed.due_date.isoformat(),
         money(from_minor(owed.outstanding_minor, owed.currency), owed.currency), owed.step.describe(),
         f"#{owed.task_id}" if owed.task_id else _("not made yet")) for owed in plan.owed])


def _as_json(owed) -> dict:
    from salescockpit.domain.money import from_minor

    return {"client_id": owed.client_id, "client": owed.client_name, "contract": owed.contract_number,
            "instalment_id": owed.instalment_id, "due_date": owed.due_date.isoformat(),
            "owed": str(from_minor(owed.outstanding_minor, owed.currency)), "currency": owed.currency,
            "step": owed.step.days, "who": owed.step.who.value, "what": owed.step.what.value,
            "step_date": owed.step_day.isoformat(), "task_id": owed.task_id, "task_status": owed.task_status}


@reminders.command("run", help=_("Make the tasks the reminder ladder owes on a day; cancel those no longer owed."))
@common_options
@click.option("--date", "on", default=None, metavar="DATE", help=_("Owed on this day (default: today)."))
@click.pass_context
def reminders_run(ctx: click.Context, on: str | None, **options: object) -> None:
    from salescockpit.services.reminders import run_reminders

    def work(service, actor):
        _require_writable(service)
        return run_reminders(service, actor, _day(on, "--date") if on else None)

    run = _run(ctx, options, work)
    click.echo(_("Reminder tasks made: {made}; superseded by a later step: {later}; "
                 "cancelled (paid or disputed): {done}").format(
        made=len(run.created), later=len(run.superseded), done=len(run.finished)))


@reminders.command("resolve-dispute", help=_("Close the client's open dispute with a note; the ladder goes on (head only)."))
@common_options
@click.argument("client_id", type=int)
@click.option("--note", required=True, help=_("How the dispute was resolved."))
@click.pass_context
def reminders_resolve_dispute(ctx: click.Context, client_id: int, note: str, **options: object) -> None:
    from salescockpit.services.reminder_outcomes import resolve_dispute

    def work(service, actor):
        _require_writable(service)
        return resolve_dispute(service, actor, client_id, note)

    _run(ctx, options, work)
    click.echo(_("The dispute of client #{id} is resolved.").format(id=client_id))
