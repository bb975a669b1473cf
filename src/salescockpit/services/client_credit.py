"""A client's credit (the over-paid rest of a payment, `payments.credit_minor`) applied to what
the client owes later: a new contract's instalments when it is added, and any open instalment
once it falls due (the daily reminder run; `services.reminders`).

The oldest credit goes first, to the oldest open instalment first (`domain.money.allocate`),
in the same currency only. Each part is a `payment_allocations` row from the payment that
carried the credit, so the client card shows where the money came from; the payment's
`credit_minor` shrinks by it, with an audit row for every payment and instalment touched.
Runs inside the caller's write (one transaction with what made it due).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.domain.money import OpenInstalment, allocate, from_minor
from salescockpit.store.money_tables import Contract, Instalment, Payment, PaymentAllocation

from .actor import Actor
from .audit import record_changes, record_event


def apply_client_credit(
    session: Session, actor: Actor | None, now: datetime, *, client_ids: Collection[int] | None = None,
    due_by: date | None = None,
) -> int:
    """Allocate the credit of ``client_ids`` (None: every client with credit) to their open
    instalments (due on or before ``due_by``; None: all). Return the minor units applied."""
    query = select(Payment).where(Payment.credit_minor > 0, Payment.client_id.is_not(None))
    if client_ids is not None:
        query = query.where(Payment.client_id.in_(sorted(client_ids)))
    credits: dict[tuple[int, str], list[Payment]] = defaultdict(list)
    for payment in session.scalars(query.order_by(Payment.paid_on, Payment.id)):
        credits[(payment.client_id, payment.currency)].append(payment)
    applied = 0
    for (client_id, currency), payments in sorted(credits.items()):
        wanted = (select(Instalment).join(Contract, Contract.id == Instalment.contract_id)
                  .where(Contract.client_id == client_id, Contract.currency == currency,
                         Instalment.paid_minor < Instalment.amount_minor))
        if due_by is not None:
            wanted = wanted.where(Instalment.due_date <= due_by)
        instalments = {row.id: row for row in session.scalars(wanted.order_by(Instalment.due_date, Instalment.id))}
        for payment in payments:
            if not instalments:
                break
            plan = allocate(payment.credit_minor, [
                OpenInstalment(row.id, row.due_date, row.amount_minor, row.paid_minor) for row in instalments.values()])
            for instalment_id, amount in plan.parts:
                row = instalments[instalment_id]
                session.add(PaymentAllocation(payment_id=payment.id, instalment_id=instalment_id, amount_minor=amount))
                record_changes(session, actor, "credit.apply", "instalment", instalment_id,
                               {"paid_minor": (row.paid_minor, row.paid_minor + amount)}, now)
                row.paid_minor += amount
                if row.paid_minor >= row.amount_minor:
                    del instalments[instalment_id]
            if plan.parts:
                record_changes(session, actor, "credit.apply", "payment", payment.id,
                               {"credit_minor": (payment.credit_minor, plan.credit_minor)}, now)
                spent = payment.credit_minor - plan.credit_minor
                record_event(session, actor, "credit.apply", "client", client_id,
                             f"{from_minor(spent, currency)} {currency} of payment {payment.id}'s credit to instalment(s) "
                             + ", ".join(str(part[0]) for part in plan.parts), now)
                payment.credit_minor = plan.credit_minor
                applied += spent
    session.flush()
    return applied
