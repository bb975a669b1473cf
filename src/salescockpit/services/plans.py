"""Monthly plans in money: the head sets what a manager is to collect in a month.

One plan per manager and month; setting it again replaces the amount (the audit row keeps the
old one). The plan is in the company's currency (`[company] currency`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from salescockpit.domain.money import MoneyError, from_minor, to_minor
from salescockpit.i18n import _
from salescockpit.store.plan_tables import MonthlyPlan

from .actor import Actor, require_active, require_head
from .audit import record_changes
from .context import ServiceContext
from .errors import InvalidInput
from .lookups import active_user


def set_plan(ctx: ServiceContext, actor: Actor, login: str, month_start: date, amount: Decimal) -> int:
    """Set ``login``'s plan for the month starting ``month_start`` to ``amount``; return the plan's id."""
    require_head(actor, _("Only the head of sales can set plans."))
    currency = ctx.settings.currency
    try:
        amount_minor = to_minor(Decimal(amount), currency)
    except MoneyError as error:
        raise InvalidInput("amount", str(error)) from None
    if amount_minor < 0:
        raise InvalidInput("amount", _("A plan cannot be less than zero."))
    month_start = month_start.replace(day=1)
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        manager = active_user(session, login=login, field="login")
        if manager.role != "manager":
            raise InvalidInput("login", _("{login} is not a manager.").format(login=manager.login))
        plan = session.scalars(select(MonthlyPlan).where(
            MonthlyPlan.manager_id == manager.id, MonthlyPlan.month_start == month_start)).first()
        old = None if plan is None else from_minor(plan.amount_minor, plan.currency)
        if plan is None:
            plan = MonthlyPlan(manager_id=manager.id, month_start=month_start, amount_minor=amount_minor,
                               currency=currency, set_at=now, set_by_id=actor.id)
            session.add(plan)
        else:
            plan.amount_minor, plan.currency, plan.set_at, plan.set_by_id = amount_minor, currency, now, actor.id
        session.flush()
        new = f"{manager.login} {month_start:%Y-%m}: {from_minor(amount_minor, currency)} {currency}"
        before = None if old is None else f"{manager.login} {month_start:%Y-%m}: {old} {currency}"
        record_changes(session, actor, "plan.set", "monthly_plan", plan.id, {"amount": (before, new)}, now)
        return plan.id
