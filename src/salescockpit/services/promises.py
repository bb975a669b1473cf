"""Promises to pay: a client's word on a call, "this amount by that day, for that instalment".

Logged by the client's manager (or the head); kept or broken later by the payments that arrive
(`services.payments` settles them). A promise not yet due pauses the overdue reminder for its
instalment (`domain.client_reasons`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from salescockpit.domain.money import MoneyError, to_minor
from salescockpit.i18n import _
from salescockpit.store.money_tables import Client, Contract, Instalment, PromiseToPay

from .actor import Actor, require_active, require_owner_or_head
from .audit import record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound


def log_promise(
    ctx: ServiceContext, actor: Actor, client_id: int, instalment_id: int, due_date: date, amount: Decimal,
    call_id: int | None = None,
) -> int:
    """Record a promise to pay ``amount`` by ``due_date`` for an open instalment of the client."""
    with ctx.db.write() as session:
        require_active(session, actor)
        client = session.get(Client, client_id)
        if client is None:
            raise NotFound(_("No client #{id}.").format(id=client_id))
        require_owner_or_head(actor, client.manager_id, _("Client #{id} belongs to another manager.").format(id=client_id))
        return add_promise(session, ctx, actor, client_id, instalment_id, due_date, amount, call_id)


def add_promise(
    session, ctx: ServiceContext, actor: Actor, client_id: int, instalment_id: int | None, due_date: date,
    amount: Decimal, call_id: int | None = None,
) -> int:
    """Inside a write the caller holds (permissions checked): add the promise and its audit row."""
    now = ctx.clock.now()
    if due_date < ctx.clock.today():
        raise InvalidInput("due_date", _("A promise to pay is for today or a later day."))
    row = session.execute(
        select(Instalment, Contract.currency).join(Contract, Contract.id == Instalment.contract_id)
        .where(Instalment.id == instalment_id, Contract.client_id == client_id)
    ).first()
    if row is None:
        raise InvalidInput("instalment_id", _("That instalment is not this client's."))
    instalment, currency = row
    if instalment.paid_minor >= instalment.amount_minor:
        raise InvalidInput("instalment_id", _("That instalment is paid already."))
    try:
        amount_minor = to_minor(amount, currency)
    except MoneyError as error:
        raise InvalidInput("amount", str(error)) from None
    if amount_minor <= 0:
        raise InvalidInput("amount", _("The amount must be more than zero."))
    promise = PromiseToPay(client_id=client_id, instalment_id=instalment_id, amount_minor=amount_minor,
                           due_date=due_date, status="open", call_id=call_id, created_at=now,
                           created_by_id=actor.id)
    session.add(promise)
    session.flush()
    record_event(session, actor, "promise.log", "client", client_id,
                 f"promise {promise.id}: {amount} {currency} by {due_date.isoformat()} for instalment {instalment_id}",
                 now)
    return promise.id
