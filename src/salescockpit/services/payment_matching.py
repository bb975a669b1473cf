"""Which contract a payment is for, and which instalments it pays: decided for a whole batch.

The rules, in order (each match keeps its reason, so a person can check it):

1. `contract_number`: one contract's number is written in the purpose. A number of digits only
   counts after "№", "N" or the word "договор" ("оплата по договору 41"), so an invoice or a
   stage number in the purpose is not taken for a contract's; a number with letters or signs
   ("2026-041", "Д-17/26") counts anywhere.
2. `inn`: the payer's INN belongs to a client with exactly one open contract.
3. `amount`: that client has several open contracts, and exactly one open instalment still owes
   exactly the amount: the payment goes to that instalment.

Anything else is unmatched (with the client when its INN names one) and waits for the head.
A matched payment pays the contract's open instalments oldest first; what is left over is the
client's credit. The `Ledger` is loaded once per batch and kept up to date in memory, so the
second payment of a batch sees what the first one paid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.domain.money import OpenInstalment, allocate
from salescockpit.store.money_tables import Client, Contract, Instalment

CONTRACT_NUMBER, INN, AMOUNT, BY_HAND = "contract_number", "inn", "amount", "by_hand"
MATCHED, UNMATCHED = "matched", "unmatched"
CHUNK = 500

_TOKEN = re.compile(r"\w(?:[\w/\-.]*\w)?")
_CONTEXT = re.compile(r"(№|\bn\.?|\bno\.?|договор\w*|contract)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Incoming:
    """A payment to record: from a statement document or typed by hand."""

    paid_on: date
    amount_minor: int
    currency: str
    payer_inn: str
    payer_name: str
    payer_account: str
    purpose: str
    reference: str
    document_key: str


@dataclass
class Decision:
    """What becomes of one payment."""

    incoming: Incoming
    status: str
    reason: str | None = None
    client_id: int | None = None
    contract_id: int | None = None
    parts: list[tuple[int, int]] = field(default_factory=list)  # (instalment id, minor units)
    credit_minor: int = 0


@dataclass
class _Instalment:
    id: int
    contract_id: int
    due_date: date
    amount_minor: int
    paid_minor: int


@dataclass(frozen=True)
class _Contract:
    id: int
    number: str
    client_id: int
    currency: str


class Ledger:
    """The contracts, clients by INN and open instalments a batch of payments can touch."""

    def __init__(self, session: Session, payments: Iterable[Incoming]) -> None:
        payments = list(payments)
        self.contracts: dict[int, _Contract] = {}
        self.by_number: dict[str, _Contract] = {}
        twice: set[str] = set()
        for row in session.execute(select(Contract.id, Contract.number, Contract.client_id, Contract.currency)):
            contract = _Contract(*row)
            self.contracts[contract.id] = contract
            key = contract.number.casefold()
            if key in self.by_number:
                twice.add(key)
            self.by_number[key] = contract
        for key in twice:  # "a-1" and "A-1": the purpose cannot tell them apart
            del self.by_number[key]
        inns = sorted({payment.payer_inn for payment in payments if payment.payer_inn})
        self.clients_by_inn: dict[str, list[int]] = {}
        for start in range(0, len(inns), CHUNK):
            for client_id, inn in session.execute(select(Client.id, Client.inn).where(Client.inn.in_(inns[start:start + CHUNK]))):
                self.clients_by_inn.setdefault(inn, []).append(client_id)
        self.contracts_by_client: dict[int, list[int]] = {}
        for contract in self.contracts.values():
            self.contracts_by_client.setdefault(contract.client_id, []).append(contract.id)
        self.instalments: dict[int, list[_Instalment]] = {}
        self._session = session
        wanted = {contract_id for payment in payments for contract_id in self.numbers_in(payment.purpose)}
        wanted |= {contract_id for ids in self.clients_by_inn.values() for client_id in ids
                   for contract_id in self.contracts_by_client.get(client_id, [])}
        self._preload(sorted(wanted))

    def _preload(self, contract_ids: list[int]) -> None:
        """Every instalment of ``contract_ids``, in chunks (one query per 500, not one per contract)."""
        for contract_id in contract_ids:
            self.instalments[contract_id] = []
        for start in range(0, len(contract_ids), CHUNK):
            rows = self._session.execute(
                select(Instalment.id, Instalment.contract_id, Instalment.due_date, Instalment.amount_minor,
                       Instalment.paid_minor)
                .where(Instalment.contract_id.in_(contract_ids[start:start + CHUNK]))
                .order_by(Instalment.due_date, Instalment.id))
            for row in rows:
                self.instalments[row.contract_id].append(_Instalment(*row))

    def open_instalments(self, contract_id: int) -> list[_Instalment]:
        """The contract's instalments that still owe money, oldest due first (loaded on first use)."""
        if contract_id not in self.instalments:
            rows = self._session.execute(
                select(Instalment.id, Instalment.contract_id, Instalment.due_date, Instalment.amount_minor,
                       Instalment.paid_minor)
                .where(Instalment.contract_id == contract_id).order_by(Instalment.due_date, Instalment.id))
            self.instalments[contract_id] = [_Instalment(*row) for row in rows]
        return [item for item in self.instalments[contract_id] if item.paid_minor < item.amount_minor]

    def numbers_in(self, purpose: str) -> set[int]:
        """The contracts whose number the purpose names (rule 1)."""
        found: set[int] = set()
        for match in _TOKEN.finditer(purpose or ""):
            contract = self.by_number.get(match.group().casefold())
            if contract is None:
                continue
            if contract.number.isdigit() and not _CONTEXT.search(purpose[max(0, match.start() - 12):match.start()]):
                continue
            found.add(contract.id)
        return found

    def open_contracts_of_inn(self, inn: str, currency: str) -> list[int]:
        return [contract_id for client_id in self.clients_by_inn.get(inn, [])
                for contract_id in self.contracts_by_client.get(client_id, [])
                if self.contracts[contract_id].currency == currency and self.open_instalments(contract_id)]

    def pay(self, decision: Decision, contract_id: int, only: _Instalment | None = None) -> Decision:
        """Allocate the payment to ``contract_id`` (oldest first, or to ``only``) and remember it."""
        contract = self.contracts[contract_id]
        targets = [only] if only is not None else self.open_instalments(contract_id)
        allocation = allocate(decision.incoming.amount_minor, [
            OpenInstalment(item.id, item.due_date, item.amount_minor, item.paid_minor) for item in targets])
        by_id = {item.id: item for item in targets}
        for instalment_id, amount in allocation.parts:
            by_id[instalment_id].paid_minor += amount
        decision.status, decision.client_id, decision.contract_id = MATCHED, contract.client_id, contract_id
        decision.parts, decision.credit_minor = list(allocation.parts), allocation.credit_minor
        return decision

    def decide(self, payment: Incoming) -> Decision:
        """Rules 1-3 for one payment (the ledger then holds what it paid)."""
        decision = Decision(payment, UNMATCHED)
        named = [contract_id for contract_id in self.numbers_in(payment.purpose)
                 if self.contracts[contract_id].currency == payment.currency]
        if len(named) == 1:
            decision.reason = CONTRACT_NUMBER
            return self.pay(decision, named[0])
        clients = self.clients_by_inn.get(payment.payer_inn, []) if payment.payer_inn else []
        if len(clients) == 1:
            decision.client_id = clients[0]
        open_contracts = self.open_contracts_of_inn(payment.payer_inn, payment.currency) if clients else []
        if len(open_contracts) == 1:
            decision.reason = INN
            return self.pay(decision, open_contracts[0])
        exact = [item for contract_id in open_contracts for item in self.open_instalments(contract_id)
                 if item.amount_minor - item.paid_minor == payment.amount_minor]
        if len(exact) == 1:
            decision.reason = AMOUNT
            return self.pay(decision, exact[0].contract_id, only=exact[0])
        return decision
