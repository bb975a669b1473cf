"""Clients in the review queue: the client rows merged with the leads (`domain.queue_merge`).

- The **head** sees the clients with a reason (`domain.client_reasons`: dispute, instalment
  overdue, promise broken, due soon and nobody called, silent), the worst first and then by the
  money at stake (the first page of `accounts_page`), every client with an open dispute, and
  the clients of the reminder tasks the head owes today (the head's steps of the ladder).
- A **manager** sees the clients of the reminder tasks they owe today, with the debt in front of
  them: the client, what is overdue and for how many days, and the ladder's step.

Visibility: the reminder tasks are the viewer's own (``manager_id``: a manager's steps for their
clients, the head's steps for the head); a manager sees no other client, the head every client
with a reason. ``viewer=None``: every task and every client.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.client_reasons import ClientFinding, ClientRules
from ...domain.money import from_minor
from ...domain.reminder_ladder import DEFAULT_LADDER, LadderStep
from ..core_tables import client_disputes as disputes
from ..core_tables import client_tasks as tasks
from ..core_tables import clients, contracts, instalments
from .accounts import account_rows, accounts_page
from ..viewer_scope import Viewer, restricted



@dataclass(frozen=True)
class ReminderDue:
    """A reminder task owed today: its step, and the instalment's due day and what is still owed."""

    task_id: int
    step: LadderStep
    instalment_due: date
    outstanding: Decimal


@dataclass(frozen=True)
class ClientQueueRow:
    client_id: int
    lead_id: int | None  # the lead the client was made from (its card holds the call form)
    name: str
    inn: str
    manager_name: str
    currency: str
    overdue: Decimal
    findings: tuple[ClientFinding, ...]
    reminders: tuple[ReminderDue, ...]
    dispute_note: str

    @property
    def disputed(self) -> bool:
        return any(finding.reason.value == "dispute" for finding in self.findings)


def client_queue_rows(
    session: Session, *, today: date, viewer: Viewer | None = None, rules: ClientRules = ClientRules(),
    ladder: tuple[LadderStep, ...] = DEFAULT_LADDER, limit: int = 30,
) -> list[ClientQueueRow]:
    """The client rows of the queue for ``viewer`` (see the module's text), worst first."""
    owed = select(tasks.c.id, tasks.c.client_id, tasks.c.ladder_step, instalments.c.due_date,
                  instalments.c.amount_minor - instalments.c.paid_minor, contracts.c.currency).join(
        instalments, instalments.c.id == tasks.c.instalment_id).join(
        contracts, contracts.c.id == instalments.c.contract_id).where(
        tasks.c.kind == "reminder", tasks.c.status == "open", tasks.c.due_date <= today)
    if viewer is not None:
        owed = owed.where(tasks.c.manager_id == viewer.id)
    steps = {step.days: step for step in ladder}
    reminders: dict[int, list[ReminderDue]] = defaultdict(list)
    for task_id, client_id, days, due, left, currency in session.execute(owed.order_by(tasks.c.due_date, tasks.c.id)):
        reminders[client_id].append(ReminderDue(task_id, steps.get(days, LadderStep(days)), due, from_minor(left, currency)))
    ids = list(reminders)
    if not restricted(viewer):
        ranked = [row.client_id for row in accounts_page(session, today=today, rules=rules, limit=limit).rows]
        disputed = list(session.scalars(select(disputes.c.client_id).where(disputes.c.resolved_at.is_(None))
                                        .order_by(disputes.c.opened_at, disputes.c.id)))
        ids = list(dict.fromkeys(disputed + ranked + ids))
    if not ids:
        return []
    notes = dict(session.execute(select(disputes.c.client_id, disputes.c.note)
                                 .where(disputes.c.client_id.in_(ids), disputes.c.resolved_at.is_(None))).all())
    lead_ids = dict(session.execute(select(clients.c.id, clients.c.lead_id).where(clients.c.id.in_(ids))).all())
    rows = [ClientQueueRow(row.client_id, lead_ids.get(row.client_id), row.name, row.inn, row.manager_name, row.currency,
                           row.overdue, row.findings, tuple(reminders.get(row.client_id, ())), notes.get(row.client_id, ""))
            for row in account_rows(session, ids, today, rules)]
    return [row for row in rows if row.findings or row.reminders]
