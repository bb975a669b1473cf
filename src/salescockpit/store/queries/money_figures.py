"""The money figures per manager (the client's manager), in minor units of one currency.

Each function is one grouped query over indexed columns and returns ``{manager_id: value}``;
the team's figure is the sum of the managers' (`team_total`). Payments still waiting to be
matched belong to no client and count for nobody. Visibility: a manager gets only their own
row (`own_leads` on `clients.manager_id`), the head everybody's.

- collected: payments received in ``[first, last]`` (by `paid_on`);
- planned: the monthly plan (`monthly_plans`);
- still due: what the open instalments due in ``[first, last]`` still lack (for the forecast);
- overdue on a day: instalments due before it less the money paid for them up to that day
  (rebuilt from the allocations, so yesterday's figure is yesterday's);
- broken promises: promises settled as broken in ``[start, end)``;
- campaign outcomes: campaign calls done in ``[start, end)``, by outcome;
- churn: clients with a contract whose last contract or payment is older than a cutoff;
- collected on time: of the instalments due in ``[first, last]``, the amount and what was paid
  for them by their due date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import Session

from ..client_task_tables import ClientTask
from ..money_tables import Client, Contract, Instalment, Payment, PaymentAllocation, PromiseToPay
from ..plan_tables import MonthlyPlan
from .visibility import Viewer, own_leads

clients, contracts, instalments = Client.__table__, Contract.__table__, Instalment.__table__
payments, allocations, promises = Payment.__table__, PaymentAllocation.__table__, PromiseToPay.__table__
tasks, plans = ClientTask.__table__, MonthlyPlan.__table__

#: The outcomes of a campaign call, in the order reports list them.
CAMPAIGN_OUTCOMES = ("interested", "not_now", "refused", "referral")


def team_total(values: dict[int, int]) -> int:
    return sum(values.values())


def _per_manager(session: Session, query) -> dict[int, int]:
    return {int(manager): int(value or 0) for manager, value in session.execute(query)}


def collected(session: Session, first: date, last: date, currency: str, *,
              viewer: Viewer | None = None) -> dict[int, int]:
    """Minor units received from each manager's clients, paid on ``first`` to ``last``."""
    query = (select(clients.c.manager_id, func.sum(payments.c.amount_minor))
             .select_from(payments.join(clients, clients.c.id == payments.c.client_id))
             .where(payments.c.status == "matched", payments.c.paid_on >= first, payments.c.paid_on <= last,
                    payments.c.currency == currency, own_leads(viewer, clients.c.manager_id))
             .group_by(clients.c.manager_id))
    return _per_manager(session, query)


def planned(session: Session, month_start: date, currency: str, *, viewer: Viewer | None = None) -> dict[int, int]:
    """Each manager's plan for the month starting ``month_start`` (managers without one are absent)."""
    query = (select(plans.c.manager_id, plans.c.amount_minor)
             .where(plans.c.month_start == month_start, plans.c.currency == currency,
                    own_leads(viewer, plans.c.manager_id)))
    return _per_manager(session, query)


def _schedule():
    return (instalments.join(contracts, contracts.c.id == instalments.c.contract_id)
            .join(clients, clients.c.id == contracts.c.client_id))


def still_due(session: Session, first: date, last: date, currency: str, *,
              viewer: Viewer | None = None) -> dict[int, int]:
    """What the instalments due ``first`` to ``last`` still lack, per manager (today's state)."""
    query = (select(clients.c.manager_id, func.sum(instalments.c.amount_minor - instalments.c.paid_minor))
             .select_from(_schedule())
             .where(instalments.c.due_date >= first, instalments.c.due_date <= last,
                    instalments.c.paid_minor < instalments.c.amount_minor, contracts.c.currency == currency,
                    own_leads(viewer, clients.c.manager_id))
             .group_by(clients.c.manager_id))
    return _per_manager(session, query)


def overdue_on(session: Session, days: tuple[date, ...], currency: str, *,
               viewer: Viewer | None = None) -> dict[int, tuple[int, ...]]:
    """Per manager, the overdue minor units seen on each of ``days`` (due before the day, less
    what was paid for those instalments on or before it)."""
    owed = [func.sum(case((instalments.c.due_date < day, instalments.c.amount_minor), else_=0)) for day in days]
    due = (select(clients.c.manager_id, *owed).select_from(_schedule())
           .where(instalments.c.due_date < max(days), contracts.c.currency == currency,
                  own_leads(viewer, clients.c.manager_id))
           .group_by(clients.c.manager_id))
    paid = [func.sum(case(((instalments.c.due_date < day) & (payments.c.paid_on <= day), allocations.c.amount_minor),
                          else_=0)) for day in days]
    settled = (select(clients.c.manager_id, *paid)
               .select_from(allocations.join(payments, payments.c.id == allocations.c.payment_id)
                            .join(instalments, instalments.c.id == allocations.c.instalment_id)
                            .join(contracts, contracts.c.id == instalments.c.contract_id)
                            .join(clients, clients.c.id == contracts.c.client_id))
               .where(instalments.c.due_date < max(days), contracts.c.currency == currency,
                      own_leads(viewer, clients.c.manager_id))
               .group_by(clients.c.manager_id))
    result: dict[int, list[int]] = {}
    for manager, *values in session.execute(due):
        result[int(manager)] = [int(value or 0) for value in values]
    for manager, *values in session.execute(settled):
        row = result.setdefault(int(manager), [0] * len(days))
        for index, value in enumerate(values):
            row[index] -= int(value or 0)
    return {manager: tuple(values) for manager, values in result.items()}


def broken_promises(session: Session, start: datetime, end: datetime, *,
                    viewer: Viewer | None = None) -> dict[int, int]:
    """How many promises to pay were found broken in ``[start, end)``, per manager."""
    query = (select(clients.c.manager_id, func.count())
             .select_from(promises.join(clients, clients.c.id == promises.c.client_id))
             .where(promises.c.status == "broken", promises.c.settled_at >= start, promises.c.settled_at < end,
                    own_leads(viewer, clients.c.manager_id))
             .group_by(clients.c.manager_id))
    return _per_manager(session, query)


def campaign_outcomes(session: Session, start: datetime, end: datetime, *,
                      viewer: Viewer | None = None) -> dict[int, dict[str, int]]:
    """Campaign calls (upsell, referral) done in ``[start, end)``, per manager and outcome."""
    query = (select(tasks.c.manager_id, tasks.c.outcome, func.count())
             .where(tasks.c.kind.in_(("upsell", "referral")), tasks.c.status == "done",
                    tasks.c.done_at >= start, tasks.c.done_at < end, own_leads(viewer, tasks.c.manager_id))
             .group_by(tasks.c.manager_id, tasks.c.outcome))
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CAMPAIGN_OUTCOMES, 0))
    for manager, outcome, count in session.execute(query):
        if outcome in CAMPAIGN_OUTCOMES:
            result[int(manager)][outcome] += int(count)
    return dict(result)


def churn(session: Session, cutoff: date, *, viewer: Viewer | None = None) -> dict[int, tuple[int, int]]:
    """Per manager: (clients with a contract, those with no contract signed nor payment made on or
    after ``cutoff``)."""
    moments = union_all(
        select(contracts.c.client_id.label("client_id"), contracts.c.signed_on.label("moment")),
        select(payments.c.client_id.label("client_id"), payments.c.paid_on.label("moment"))
        .where(payments.c.client_id.is_not(None), payments.c.status == "matched"),
    ).subquery()
    last = (select(moments.c.client_id, func.max(moments.c.moment).label("last_on"))
            .group_by(moments.c.client_id).subquery())
    has_contract = select(literal(1)).where(contracts.c.client_id == clients.c.id).exists()
    query = (select(clients.c.manager_id, func.count(),
                    func.sum(case((last.c.last_on < cutoff, 1), else_=0)))
             .select_from(clients.join(last, last.c.client_id == clients.c.id))
             .where(has_contract, own_leads(viewer, clients.c.manager_id))
             .group_by(clients.c.manager_id))
    return {int(manager): (int(total), int(lost or 0)) for manager, total, lost in session.execute(query)}


def collected_on_time(session: Session, first: date, last: date, currency: str, *,
                      viewer: Viewer | None = None) -> dict[int, tuple[int, int]]:
    """Per manager: (minor units that fell due ``first`` to ``last``, of them paid by the due date)."""
    in_time = (select(func.coalesce(func.sum(allocations.c.amount_minor), 0))
               .select_from(allocations.join(payments, payments.c.id == allocations.c.payment_id))
               .where(allocations.c.instalment_id == instalments.c.id, payments.c.paid_on <= instalments.c.due_date)
               .scalar_subquery())
    query = (select(clients.c.manager_id, func.sum(instalments.c.amount_minor), func.sum(in_time))
             .select_from(_schedule())
             .where(instalments.c.due_date >= first, instalments.c.due_date <= last,
                    contracts.c.currency == currency, own_leads(viewer, clients.c.manager_id))
             .group_by(clients.c.manager_id))
    return {int(manager): (int(due or 0), int(paid or 0)) for manager, due, paid in session.execute(query)}
