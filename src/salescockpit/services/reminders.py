"""The reminder ladder, write side: make the call tasks the ladder owes today, in one transaction.

`run_reminders` turns each owed step (`store.queries.reminders.reminder_plan`) into a
`client_tasks` row of kind ``reminder`` (one per instalment and step: the unique index on
(instalment_id, ladder_step) guards doubles, and a step once made is never made again, whatever
became of its task), cancels the open tasks a later step supersedes and those of instalments
that are paid in full or disputed, and writes one audit row naming what it did. Running it twice
on a day changes nothing the second time. The cockpit runs it when it opens; the CLI has
`salescockpit reminders run`. First, a client's credit pays the instalments that have fallen due
(`services.client_credit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, update

from salescockpit.store.client_task_tables import ClientTask
from salescockpit.store.queries.reminders import REMINDER, ReminderPlan, reminder_plan

from .actor import Actor, require_active
from .audit import record_event
from .client_credit import apply_client_credit
from .context import ServiceContext

tasks = ClientTask.__table__


@dataclass(frozen=True)
class ReminderRun:
    day: date
    created: tuple[int, ...]
    superseded: tuple[int, ...]
    finished: tuple[int, ...]
    credit_applied_minor: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.superseded or self.finished or self.credit_applied_minor)


def plan_for(ctx: ServiceContext, session, day: date, viewer=None) -> ReminderPlan:
    """The ladder's plan on ``day`` with this team's settings."""
    settings = ctx.settings
    return reminder_plan(session, day, settings.reminder_ladder, working_days=settings.work_days,
                         paid_wait_days=settings.paid_wait_days, tz=ctx.tz, viewer=viewer)


def run_reminders(ctx: ServiceContext, actor: Actor | None, day: date | None = None) -> ReminderRun:
    """Make the tasks the ladder owes on ``day`` (default today); cancel those no longer owed."""
    day = day or ctx.clock.today()
    now = ctx.clock.now()
    with ctx.db.write() as session:
        if actor is not None:
            require_active(session, actor)
        credit = apply_client_credit(session, actor, now, due_by=day)  # credit pays what fell due, first
        plan = plan_for(ctx, session, day)
        fresh = [owed for owed in plan.owed if owed.task_id is None]
        created: list[int] = []
        connection = session.connection()
        for owed in fresh:
            created.append(connection.execute(insert(tasks).values(
                client_id=owed.client_id, manager_id=owed.acting_user_id, kind=REMINDER, due_date=owed.step_day,
                instalment_id=owed.instalment_id, ladder_step=owed.step.days, status="open", note="",
                created_at=now)).inserted_primary_key[0])
        cancel = sorted(set(plan.superseded) | set(plan.finished))
        if cancel:
            connection.execute(update(tasks).where(tasks.c.id.in_(cancel), tasks.c.status == "open")
                               .values(status="cancelled", done_at=now))
        result = ReminderRun(day, tuple(created), plan.superseded, plan.finished, credit)
        if result.changed:
            record_event(session, actor, "reminders.run", "client_task", None,
                         f"{day.isoformat()}: created {_ids(result.created)}; superseded {_ids(result.superseded)}; "
                         f"paid or disputed {_ids(result.finished)}", now)
        return result


def _ids(ids: tuple[int, ...]) -> str:
    return ", ".join(f"#{task_id}" for task_id in ids) or "-"
