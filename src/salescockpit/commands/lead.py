"""`salescockpit lead reassign --from LOGIN --to LOGIN [--lead ID ...]`: hand leads to another user.

Without ``--lead`` every open lead of ``--from`` moves (what `salescockpit user deactivate` lists),
with their open callbacks and the head's pending actions; with ``--lead`` (repeatable) only
those leads, which must be ``--from``'s. Head of sales only; one transaction, audited.
`open_work_lines` is shared with `user deactivate`, which prints the list this command takes.
"""

from __future__ import annotations

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


@click.group("lead", help=_("Work on leads from the command line (hand-over between managers)."))
def lead() -> None:
    pass


def _when(moment, tz) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else "-"


def open_work_lines(work, tz) -> list[str]:
    """``work`` (a `services.reassign.OpenWork`) as lines for reassignment, with the command to run."""
    if work.empty:
        return [_("{login} has no open leads and no open callbacks.").format(login=work.login)]
    lines = [_("Open leads of {login}: {n}").format(login=work.login, n=len(work.leads))]
    if work.leads:
        lines.append("  " + "  ".join((_("ID").rjust(6), _("STAGE").ljust(18), _("NEXT CALLBACK").ljust(16),
                                       _("NAME"))))
    for item in work.leads:
        name = f"{item.name} ({item.company})" if item.company else item.name
        lines.append(f"  {item.lead_id:>6}  {item.stage:<18}  {_when(item.next_callback_at, tz):<16}  {name}")
    lines.append(_("Open callbacks {login} owes: {n}").format(login=work.login, n=len(work.callbacks)))
    for callback in work.callbacks:
        lines.append(_("  #{id} due {due} on lead {lead_id} {name}").format(
            id=callback.callback_id, due=_when(callback.due_at, tz), lead_id=callback.lead_id,
            name=callback.lead_name))
    lines.append(_("To hand them over: salescockpit lead reassign --from {login} --to LOGIN [--lead ID ...]")
                 .format(login=work.login))
    return lines


@lead.command(
    "reassign", help=_("Move leads, their open callbacks and pending actions from one user to another (head only).")
)
@common_options
@click.option("--from", "from_login", required=True, metavar="LOGIN", help=_("The user whose leads move."))
@click.option("--to", "to_login", required=True, metavar="LOGIN", help=_("The active user who takes them."))
@click.option("--lead", "lead_ids", type=int, multiple=True, metavar="ID",
              help=_("Only this lead (repeatable); default: every open lead of --from."))
@click.pass_context
def reassign(ctx: click.Context, from_login: str, to_login: str, lead_ids: tuple[int, ...],
             **options: object) -> None:
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.reassign import reassign_leads

    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        moved = reassign_leads(service, env.actor(service), from_login, to_login, list(lead_ids) or None)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    click.echo(_("Moved {leads} lead(s), {callbacks} callback(s) and {actions} pending action(s) from {source} "
                 "to {target}.").format(leads=moved.leads, callbacks=moved.callbacks, actions=moved.actions,
                                        source=from_login, target=to_login))
