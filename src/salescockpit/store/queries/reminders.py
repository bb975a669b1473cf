"""The reminder ladder's read side: which step each open instalment owes on a day.

`reminder_plan` reads the facts the rules of `domain.reminder_ladder` need (open instalments
due soon enough for the ladder's first step, open promises to pay, a "paid" call outcome still
waiting for the money, payments waiting to match from the client's INN, open disputes, the
reminder tasks already made) and returns the steps owed, the open tasks that a later step has
superseded, and the open tasks of instalments that need no more reminding (paid, disputed).
`services.reminders` writes what it says; `salescockpit reminders` prints it.

Visibility: a manager sees the steps they act on (their clients' manager steps); the head sees
every step. ``viewer=None`` is the whole plan (the writer's view).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.money import from_minor
from ...domain.reminder_ladder import InstalmentState, LadderStep, MONDAY_TO_FRIDAY, Who, owed_step, step_day
from ..core_tables import client_disputes as disputes
from ..core_tables import client_tasks as tasks
from ..core_tables import clients, contracts, instalments, payments, users
from ..core_tables import promises_to_pay as promises
from ..viewer_scope import Viewer, restricted


REMINDER = "reminder"


@dataclass(frozen=True)
class OwedStep:
    """One step an instalment owes today; ``task_id`` when its task exists already."""

    instalment_id: int
    client_id: int
    client_name: str
    contract_number: str
    due_date: date
    outstanding_minor: int
    currency: str
    step: LadderStep
    step_day: date
    acting_user_id: int
    task_id: int | None
    task_status: str | None


@dataclass(frozen=True)
class ReminderPlan:
    day: date
    owed: tuple[OwedStep, ...]
    superseded: tuple[int, ...]  # open task ids that a later step replaces
    finished: tuple[int, ...]  # open task ids of instalments paid in full or disputed


def _first_head(session: Session) -> int | None:
    return session.execute(select(func.min(users.c.id)).where(users.c.role == "head", users.c.active.is_(True))).scalar()


def reminder_plan(
    session: Session, day: date, ladder: tuple[LadderStep, ...], *, working_days: frozenset[int] = MONDAY_TO_FRIDAY,
    paid_wait_days: int = 3, tz=None, viewer: Viewer | None = None,
) -> ReminderPlan:
    """What the ladder owes on ``day`` (see the module's text)."""
    earliest = min((step.days for step in ladder), default=0)
    last_due = day + timedelta(days=max(0, -earliest) + 7)  # a step moved off a long week end
    rows = session.execute(
        select(instalments.c.id, instalments.c.due_date, instalments.c.amount_minor, instalments.c.paid_minor,
               contracts.c.number, contracts.c.currency, clients.c.id, clients.c.name, clients.c.inn,
               clients.c.manager_id)
        .join(contracts, contracts.c.id == instalments.c.contract_id)
        .join(clients, clients.c.id == contracts.c.client_id)
        .where(instalments.c.paid_minor < instalments.c.amount_minor, instalments.c.due_date <= last_due)
        .order_by(instalments.c.due_date, instalments.c.id)
    ).all()
    promised = dict(session.execute(
        select(promises.c.instalment_id, func.max(promises.c.due_date))
        .where(promises.c.status == "open", promises.c.instalment_id.is_not(None))
        .group_by(promises.c.instalment_id)).all())
    paid_said = {
        instalment_id: moment for instalment_id, moment in session.execute(
            select(tasks.c.instalment_id, func.max(tasks.c.done_at))
            .where(tasks.c.kind == REMINDER, tasks.c.outcome == "paid", tasks.c.done_at.is_not(None))
            .group_by(tasks.c.instalment_id))
    }
    waiting_inns = set(session.scalars(select(payments.c.payer_inn).where(
        payments.c.status == "unmatched", payments.c.payer_inn != "").distinct()))
    disputed = set(session.scalars(select(disputes.c.client_id).where(disputes.c.resolved_at.is_(None))))
    existing: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)
    for task_id, instalment_id, step_days, status in session.execute(
        select(tasks.c.id, tasks.c.instalment_id, tasks.c.ladder_step, tasks.c.status)
        .where(tasks.c.kind == REMINDER, tasks.c.instalment_id.is_not(None))
        .where(tasks.c.instalment_id.in_(select(instalments.c.id).where(instalments.c.due_date <= last_due)))
    ):
        existing[instalment_id][step_days] = (task_id, status)
    head_id = _first_head(session)
    owed: list[OwedStep] = []
    superseded: list[int] = []
    for item_id, due, amount, paid, number, currency, client_id, name, inn, manager_id in rows:
        pauses = [promised.get(item_id)]
        if item_id in paid_said:
            moment = paid_said[item_id]
            said_on = moment.astimezone(tz).date() if tz is not None else moment.date()
            pauses.append(said_on + timedelta(days=paid_wait_days))
        state = InstalmentState(
            due, paused_until=max((p for p in pauses if p is not None), default=None),
            payment_waiting_to_match=bool(inn) and inn in waiting_inns, disputed=client_id in disputed)
        step = owed_step(ladder, state, day, working_days)
        if step is None:
            continue
        made = existing[item_id].get(step.days)
        superseded += [task_id for days, (task_id, status) in existing[item_id].items()
                       if status == "open" and days < step.days]
        acting = head_id if step.who is Who.HEAD and head_id is not None else manager_id
        if restricted(viewer) and acting != viewer.id:
            continue
        owed.append(OwedStep(item_id, client_id, name, number, due, amount - paid, currency, step,
                             step_day(due, step, working_days), acting,
                             made[0] if made else None, made[1] if made else None))
    finished = session.scalars(
        select(tasks.c.id).select_from(tasks.outerjoin(instalments, instalments.c.id == tasks.c.instalment_id))
        .where(tasks.c.kind == REMINDER, tasks.c.status == "open")
        .where((instalments.c.paid_minor >= instalments.c.amount_minor) | tasks.c.client_id.in_(
            select(disputes.c.client_id).where(disputes.c.resolved_at.is_(None))))
        .order_by(tasks.c.id)).all()
    return ReminderPlan(day, tuple(owed), tuple(sorted(superseded)), tuple(finished))


@dataclass(frozen=True)
class ReminderForCall:
    """The reminder task a call with a client's lead closes: the debt in front of the caller."""

    task_id: int
    client_name: str
    contract_number: str
    step: LadderStep
    instalment_due: date
    outstanding_minor: int
    currency: str
    days_overdue: int

    @property
    def outstanding(self) -> Decimal:
        return from_minor(self.outstanding_minor, self.currency)


def reminder_for_lead(
    session: Session, lead_id: int, today: date, ladder: tuple[LadderStep, ...], viewer: Viewer | None = None,
) -> ReminderForCall | None:
    """The open reminder task, due by ``today``, of the client made from ``lead_id`` (the earliest
    due; the viewer's own when restricted: a manager closes their own tasks), or None."""
    query = (
        select(tasks.c.id, clients.c.name, contracts.c.number, tasks.c.ladder_step, instalments.c.due_date,
               instalments.c.amount_minor - instalments.c.paid_minor, contracts.c.currency)
        .join(clients, clients.c.id == tasks.c.client_id)
        .join(instalments, instalments.c.id == tasks.c.instalment_id)
        .join(contracts, contracts.c.id == instalments.c.contract_id)
        .where(clients.c.lead_id == lead_id, tasks.c.kind == REMINDER, tasks.c.status == "open",
               tasks.c.due_date <= today)
        .order_by(tasks.c.due_date, tasks.c.id).limit(1)
    )
    if restricted(viewer):
        query = query.where(tasks.c.manager_id == viewer.id)
    found = session.execute(query).first()
    if found is None:
        return None
    task_id, name, number, days, due, left, currency = found
    step = next((step for step in ladder if step.days == days), LadderStep(days))
    return ReminderForCall(task_id, name, number, step, due, left, currency, max(0, (today - due).days))
