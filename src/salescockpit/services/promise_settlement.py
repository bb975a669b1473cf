"""Promises to pay, settled by the payments that arrive (inside the write that records them).

A promise is **kept** when the money allocated since the promise was made (to its instalment,
or to any instalment of its client when it names none), paid on or before its day, reaches the
promised amount, or when its instalment is paid in full by then. It is **broken** when a
statement shows money up to a day after its due day and it is still not kept.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salescockpit.store.money_tables import Contract, Instalment, Payment, PaymentAllocation, PromiseToPay

from .actor import Actor
from .audit import record_changes

KEPT, BROKEN, OPEN = "kept", "broken", "open"


def _paid_towards(session: Session, promise: PromiseToPay, tz) -> tuple[int, int | None]:
    """(minor units allocated towards the promise in its window, the last such payment's id)."""
    since = promise.created_at.astimezone(tz).date()
    query = (select(func.coalesce(func.sum(PaymentAllocation.amount_minor), 0), func.max(Payment.id))
             .join(Payment, Payment.id == PaymentAllocation.payment_id)
             .where(Payment.paid_on >= since, Payment.paid_on <= promise.due_date))
    if promise.instalment_id is not None:
        query = query.where(PaymentAllocation.instalment_id == promise.instalment_id)
    else:
        query = (query.join(Instalment, Instalment.id == PaymentAllocation.instalment_id)
                 .join(Contract, Contract.id == Instalment.contract_id)
                 .where(Contract.client_id == promise.client_id))
    total, last = session.execute(query).one()
    return int(total), last


def settle_promises(session: Session, actor: Actor | None, client_ids: Collection[int], seen_until: date | None,
                    now: datetime, tz) -> tuple[int, int]:
    """Mark open promises kept or broken (those of ``client_ids``, and any due before ``seen_until``).

    ``seen_until`` is the last day the arriving payments cover (a statement's last document day):
    a promise due before it and not kept is broken.
    """
    kept = broken = 0
    ids = sorted(client_ids)
    promises: dict[int, PromiseToPay] = {}
    for start in range(0, len(ids), 500):
        promises.update((row.id, row) for row in session.scalars(select(PromiseToPay).where(
            PromiseToPay.status == OPEN, PromiseToPay.client_id.in_(ids[start:start + 500]))))
    if seen_until is not None:
        promises.update((row.id, row) for row in session.scalars(select(PromiseToPay).where(
            PromiseToPay.status == OPEN, PromiseToPay.due_date < seen_until)))
    for promise in sorted(promises.values(), key=lambda row: row.id):
        paid, last_payment = _paid_towards(session, promise, tz)
        instalment = session.get(Instalment, promise.instalment_id) if promise.instalment_id else None
        if paid >= promise.amount_minor or (instalment is not None and paid and instalment.paid_minor >= instalment.amount_minor):
            status = KEPT
        elif seen_until is not None and promise.due_date < seen_until:
            status = BROKEN
        else:
            continue
        record_changes(session, actor, "promise.settle", "promise_to_pay", promise.id,
                       {"status": (promise.status, status)}, now)
        promise.status, promise.settled_at = status, now
        promise.settled_by_payment_id = last_payment if status == KEPT else None
        kept, broken = kept + (status == KEPT), broken + (status == BROKEN)
    return kept, broken
