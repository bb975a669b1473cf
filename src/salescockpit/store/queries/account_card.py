"""One client's card (contracts, schedule with paid/overdue marks, payments, promises, calls)
and the payments-to-match list. Rows are tuples in frozen dataclasses; amounts are Decimal.

Visibility as in `accounts`: a manager reads only the clients they manage; the payments to
match belong to nobody yet, so only the head sees that list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.money import from_minor
from ...i18n import _
from ...services.errors import PermissionDenied
from .accounts import calls, clients, contracts, instalments, payments, promises, require_client_visible, users
from .visibility import Viewer, restricted


@dataclass(frozen=True)
class ScheduleLine:
    instalment_id: int
    contract_number: str
    due: date
    amount: Decimal
    paid: Decimal
    currency: str

    def mark(self, today: date) -> str:
        """'paid', 'overdue', 'part paid' or 'open'."""
        if self.paid >= self.amount:
            return "paid"
        if self.due < today:
            return "overdue"
        return "part paid" if self.paid else "open"


@dataclass(frozen=True)
class ClientCard:
    client_id: int
    name: str
    inn: str
    kpp: str | None
    manager_name: str
    contracts: tuple[tuple[str, date, str, Decimal, str], ...]  # number, signed, subject, total, currency
    schedule: tuple[ScheduleLine, ...]
    payments: tuple[tuple[date, Decimal, str, str, str], ...]  # paid on, amount, currency, reference, reason
    promises: tuple[tuple[date, Decimal, str], ...]  # due, amount, status
    calls: tuple[tuple[datetime, str, str], ...]  # started, outcome, manager
    lifetime_value: Decimal = Decimal(0)  # every payment received from the client (in ``currency``)
    repeat_purchases: int = 0  # contracts after the first
    currency: str = "RUB"


@dataclass(frozen=True)
class PaymentToMatch:
    payment_id: int
    paid_on: date
    amount: Decimal
    currency: str
    payer_name: str
    payer_inn: str
    purpose: str


def client_card(session: Session, client_id: int, *, viewer: Viewer | None = None) -> ClientCard:
    require_client_visible(session, viewer, client_id)
    head = session.execute(
        select(clients.c.name, clients.c.inn, clients.c.kpp, users.c.display_name, clients.c.lead_id)
        .join(users, users.c.id == clients.c.manager_id).where(clients.c.id == client_id)
    ).one()
    contract_rows = session.execute(
        select(contracts.c.number, contracts.c.signed_on, contracts.c.subject, contracts.c.total_minor,
               contracts.c.currency)
        .where(contracts.c.client_id == client_id).order_by(contracts.c.signed_on, contracts.c.id)
    ).all()
    schedule = tuple(
        ScheduleLine(item_id, number, due, from_minor(amount, code), from_minor(paid, code), code)
        for item_id, number, due, amount, paid, code in session.execute(
            select(instalments.c.id, contracts.c.number, instalments.c.due_date, instalments.c.amount_minor,
                   instalments.c.paid_minor, contracts.c.currency)
            .join(contracts, contracts.c.id == instalments.c.contract_id)
            .where(contracts.c.client_id == client_id)
            .order_by(instalments.c.due_date, instalments.c.id))
    )
    payment_rows = tuple(
        (paid_on, from_minor(amount, code), code, reference, reason or "")
        for paid_on, amount, code, reference, reason in session.execute(
            select(payments.c.paid_on, payments.c.amount_minor, payments.c.currency, payments.c.reference,
                   payments.c.match_reason)
            .where(payments.c.client_id == client_id)
            .order_by(payments.c.paid_on.desc(), payments.c.id.desc()).limit(50))
    )
    currency = contract_rows[0].currency if contract_rows else "RUB"
    promise_rows = tuple(
        (due, from_minor(amount, currency), status)
        for due, amount, status in session.execute(
            select(promises.c.due_date, promises.c.amount_minor, promises.c.status)
            .where(promises.c.client_id == client_id).order_by(promises.c.due_date.desc()).limit(20))
    )
    lifetime = session.scalar(
        select(func.coalesce(func.sum(payments.c.amount_minor), 0))
        .where(payments.c.client_id == client_id, payments.c.status == "matched", payments.c.currency == currency))
    call_rows = ()
    if head.lead_id is not None:
        call_rows = tuple(tuple(row) for row in session.execute(
            select(calls.c.started_at, calls.c.outcome, users.c.display_name)
            .join(users, users.c.id == calls.c.manager_id)
            .where(calls.c.lead_id == head.lead_id).order_by(calls.c.started_at.desc()).limit(10)))
    return ClientCard(
        client_id, head.name, head.inn, head.kpp, head.display_name,
        tuple((row.number, row.signed_on, row.subject, from_minor(row.total_minor, row.currency), row.currency)
              for row in contract_rows),
        schedule, payment_rows, promise_rows, call_rows,
        lifetime_value=from_minor(int(lifetime or 0), currency), repeat_purchases=max(0, len(contract_rows) - 1),
        currency=currency,
    )


def payments_to_match(session: Session, *, viewer: Viewer | None = None, limit: int = 200) -> tuple[PaymentToMatch, ...]:
    """The unmatched payments, oldest first (the head's list: PermissionDenied for a manager)."""
    if restricted(viewer):
        raise PermissionDenied(_("Only the head of sales resolves the payments to match."))
    return tuple(
        PaymentToMatch(pid, paid_on, from_minor(amount, code), code, name, inn, purpose)
        for pid, paid_on, amount, code, name, inn, purpose in session.execute(
            select(payments.c.id, payments.c.paid_on, payments.c.amount_minor, payments.c.currency,
                   payments.c.payer_name, payments.c.payer_inn, payments.c.purpose)
            .where(payments.c.status == "unmatched").order_by(payments.c.paid_on, payments.c.id).limit(limit))
    )


def open_contracts(session: Session, *, limit: int = 500) -> tuple[tuple[int, str, str, str], ...]:
    """(contract id, number, client name, client INN) of contracts with an unpaid instalment."""
    from sqlalchemy import exists

    unpaid = exists().where(instalments.c.contract_id == contracts.c.id,
                            instalments.c.paid_minor < instalments.c.amount_minor)
    return tuple(tuple(row) for row in session.execute(
        select(contracts.c.id, contracts.c.number, clients.c.name, clients.c.inn)
        .join(clients, clients.c.id == contracts.c.client_id).where(unpaid)
        .order_by(clients.c.name, contracts.c.number).limit(limit)))
