"""The money after the deal: clients, contracts, instalments, payments, allocations, promises.

Every amount is an integer of minor units (kopecks, cents; `domain/money.py`), BIGINT so that a
large contract fits on PostgreSQL too; the currency is an ISO 4217 code beside it. Dates that a
contract or a bank names (signed on, due, paid on) are calendar dates; instants are aware UTC.

- `clients`: a company, usually made from a won lead (`lead_id`, unique), with its manager.
  `name_fold` is the casefolded name, for search in any script (house rule 6).
- `client_contacts`: its phones and e-mails, carried over from the lead's.
- `contracts`: `number` unique across the database; `total_minor` = the sum of its instalments.
- `instalments`: the payment schedule; `paid_minor` is kept by the allocations (never by hand).
- `payments`: money in, recorded by hand or from a bank statement. `document_key` identifies a
  bank document (date, number, payer INN, amount): a second import of it is skipped.
  `status` matched | unmatched; `match_reason` contract_number | inn | amount | by_hand;
  `credit_minor` is what was left over after the instalments (the client's credit).
- `payment_allocations`: which instalment got how much of which payment.
- `promises_to_pay`: a client's word on a call (amount by a date, for an instalment), settled
  kept | broken by the payments that arrive.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Date, Index, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


def _minor(*, default: int | None = None) -> Field:
    return Field(default=default, sa_column=Column(BigInteger, nullable=False, server_default="0" if default == 0 else None))


def _day(*, nullable: bool = False, index: bool = False):
    return Field(default=None, sa_type=Date, nullable=nullable, index=index)


def _at(*, nullable: bool = False):
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable)


class Client(SQLModel, table=True):
    __tablename__ = "clients"
    __table_args__ = (Index("ix_clients_manager_name", "manager_id", "name_fold", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    name_fold: str = Field(max_length=300, index=True)
    inn: str = Field(default="", max_length=12, index=True)
    kpp: str | None = Field(default=None, max_length=9)
    manager_id: int = Field(foreign_key="users.id")
    lead_id: int | None = Field(default=None, foreign_key="leads.id", unique=True)
    created_at: datetime = _at()


class ClientContact(SQLModel, table=True):
    __tablename__ = "client_contacts"
    __table_args__ = (Index("ix_client_contacts_client", "client_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="clients.id")
    kind: str = Field(max_length=8)  # phone | email
    label: str = Field(default="other", max_length=8)
    value: str = Field(max_length=320)
    value_norm: str = Field(max_length=320)
    position: int = 0


class Contract(SQLModel, table=True):
    __tablename__ = "contracts"
    __table_args__ = (Index("ix_contracts_client", "client_id", "signed_on", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=64, unique=True)
    client_id: int = Field(foreign_key="clients.id")
    signed_on: date = _day()
    subject: str = Field(default="", max_length=500)
    total_minor: int = _minor()
    currency: str = Field(max_length=3)
    created_at: datetime = _at()


class Instalment(SQLModel, table=True):
    __tablename__ = "instalments"
    __table_args__ = (
        Index("ix_instalments_contract_due", "contract_id", "due_date", "id"),
        Index("ix_instalments_due", "due_date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id")
    due_date: date = _day()
    amount_minor: int = _minor()
    paid_minor: int = _minor(default=0)


class Payment(SQLModel, table=True):
    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_status_paid", "status", "paid_on", "id"),
        Index("ix_payments_client_paid", "client_id", "paid_on", "id"),
        Index("ix_payments_payer_inn", "payer_inn", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    paid_on: date = _day()
    amount_minor: int = _minor()
    currency: str = Field(max_length=3)
    payer_inn: str = Field(default="", max_length=12)
    payer_name: str = Field(default="", max_length=500)
    payer_account: str = Field(default="", max_length=34)
    purpose: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    reference: str = Field(default="", max_length=64)  # the bank document's number, or a note typed by hand
    document_key: str = Field(max_length=64, unique=True)
    status: str = Field(max_length=16)  # matched | unmatched
    match_reason: str | None = Field(default=None, max_length=32)  # contract_number | inn | amount | by_hand
    client_id: int | None = Field(default=None, foreign_key="clients.id")
    contract_id: int | None = Field(default=None, foreign_key="contracts.id")
    credit_minor: int = _minor(default=0)
    source: str = Field(default="", max_length=300)  # "hand" or the statement's file name
    recorded_at: datetime = _at()
    recorded_by_id: int | None = Field(default=None, foreign_key="users.id")


class PaymentAllocation(SQLModel, table=True):
    __tablename__ = "payment_allocations"
    __table_args__ = (
        Index("ix_payment_allocations_payment", "payment_id"),
        Index("ix_payment_allocations_instalment", "instalment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payments.id")
    instalment_id: int = Field(foreign_key="instalments.id")
    amount_minor: int = _minor()


class PromiseToPay(SQLModel, table=True):
    __tablename__ = "promises_to_pay"
    __table_args__ = (
        Index("ix_promises_client_status", "client_id", "status", "due_date"),
        Index("ix_promises_status_due", "status", "due_date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="clients.id")
    instalment_id: int | None = Field(default=None, foreign_key="instalments.id")
    amount_minor: int = _minor()
    due_date: date = _day()
    status: str = Field(default="open", max_length=8)  # open | kept | broken
    call_id: int | None = Field(default=None, foreign_key="calls.id")
    created_at: datetime = _at()
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    settled_at: datetime | None = _at(nullable=True)
    settled_by_payment_id: int | None = Field(default=None, foreign_key="payments.id")
