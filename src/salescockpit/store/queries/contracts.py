"""Clients and contracts, read side: keyset pages of plain rows for the CLI and scripts.

Visibility: the head sees every client and contract; a manager only those of the clients they
manage (``clients.manager_id``), as a WHERE in the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..money_tables import Client, ClientContact, Contract, Instalment, Payment
from ..tables import User
from .visibility import Viewer, own_leads

clients, contracts, instalments, users = Client.__table__, Contract.__table__, Instalment.__table__, User.__table__
client_contacts, payments = ClientContact.__table__, Payment.__table__


@dataclass(frozen=True)
class ClientRow:
    id: int
    name: str
    inn: str
    kpp: str | None
    manager_login: str
    lead_id: int | None
    contracts: int
    credit_minor: int  # over-payments kept as the client's credit (sum of its payments' credit)


@dataclass(frozen=True)
class InstalmentRow:
    id: int
    due_date: date
    amount_minor: int
    paid_minor: int


@dataclass(frozen=True)
class ContractRow:
    id: int
    number: str
    client_id: int
    client_name: str
    inn: str
    signed_on: date
    currency: str
    total_minor: int
    paid_minor: int
    instalments: tuple[InstalmentRow, ...]


def client_page(session: Session, *, after_id: int | None = None, limit: int = 500,
                viewer: Viewer | None = None) -> list[ClientRow]:
    """Clients by id, after ``after_id``: each with its manager's login, number of contracts and credit."""
    count = (select(func.count()).select_from(contracts).where(contracts.c.client_id == clients.c.id)
             .correlate(clients).scalar_subquery())
    credit = (select(func.coalesce(func.sum(payments.c.credit_minor), 0)).where(payments.c.client_id == clients.c.id)
              .correlate(clients).scalar_subquery())
    query = (select(clients.c.id, clients.c.name, clients.c.inn, clients.c.kpp, users.c.login, clients.c.lead_id, count,
                    credit)
             .join(users, users.c.id == clients.c.manager_id)
             .where(own_leads(viewer, clients.c.manager_id))
             .order_by(clients.c.id).limit(limit))
    if after_id is not None:
        query = query.where(clients.c.id > after_id)
    return [ClientRow(*row[:-1], credit_minor=int(row[-1])) for row in session.execute(query)]


def contract_page(session: Session, *, after_id: int | None = None, limit: int = 500,
                  viewer: Viewer | None = None) -> list[ContractRow]:
    """Contracts by id, after ``after_id``, each with its client and its whole schedule."""
    query = (select(contracts.c.id, contracts.c.number, contracts.c.client_id, clients.c.name, clients.c.inn,
                    contracts.c.signed_on, contracts.c.currency, contracts.c.total_minor)
             .join(clients, clients.c.id == contracts.c.client_id)
             .where(own_leads(viewer, clients.c.manager_id))
             .order_by(contracts.c.id).limit(limit))
    if after_id is not None:
        query = query.where(contracts.c.id > after_id)
    heads = session.execute(query).all()
    schedule: dict[int, list[InstalmentRow]] = {row.id: [] for row in heads}
    if heads:
        rows = session.execute(
            select(instalments.c.contract_id, instalments.c.id, instalments.c.due_date, instalments.c.amount_minor,
                   instalments.c.paid_minor)
            .where(instalments.c.contract_id.in_(list(schedule)))
            .order_by(instalments.c.contract_id, instalments.c.due_date, instalments.c.id))
        for contract_id, *rest in rows:
            schedule[contract_id].append(InstalmentRow(*rest))
    return [ContractRow(*row, paid_minor=sum(item.paid_minor for item in schedule[row.id]),
                        instalments=tuple(schedule[row.id])) for row in heads]


@dataclass(frozen=True)
class PaymentRow:
    id: int
    paid_on: date
    amount_minor: int
    currency: str
    payer_name: str
    payer_inn: str
    reference: str
    status: str
    match_reason: str | None
    contract_number: str | None
    client_name: str | None
    credit_minor: int


def payment_page(session: Session, *, after_id: int | None = None, limit: int = 500,
                 viewer: Viewer | None = None) -> list[PaymentRow]:
    """Payments by id, after ``after_id``, with how each was matched (a manager: their clients' only;
    a payment nobody's client made is the head's alone)."""
    query = (select(payments.c.id, payments.c.paid_on, payments.c.amount_minor, payments.c.currency,
                    payments.c.payer_name, payments.c.payer_inn, payments.c.reference, payments.c.status,
                    payments.c.match_reason, contracts.c.number, clients.c.name, payments.c.credit_minor)
             .select_from(payments.outerjoin(contracts, contracts.c.id == payments.c.contract_id)
                          .outerjoin(clients, clients.c.id == payments.c.client_id))
             .where(own_leads(viewer, clients.c.manager_id))
             .order_by(payments.c.id).limit(limit))
    if after_id is not None:
        query = query.where(payments.c.id > after_id)
    return [PaymentRow(*row) for row in session.execute(query)]
