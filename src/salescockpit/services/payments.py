"""Payments: recorded by hand, imported from a bank statement, resolved by hand when unmatched.

Head of sales only. Each call is one transaction with its audit rows; matching and allocation
follow `payment_matching` (contract number in the purpose, then INN, then amount; oldest
instalment first; over-payment stays as credit). A document already recorded (same date,
number, payer INN and amount) is skipped, so importing a statement twice changes nothing.
The promises to pay that the arriving money keeps or breaks are settled in the same write.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from salescockpit.domain.money import MoneyError, document_key, to_minor
from salescockpit.i18n import _
from salescockpit.imports.bank_csv import statement_from_table
from salescockpit.imports.bank_statement import Statement, StatementError, read_statement
from salescockpit.imports.tabular import TableError, read_csv_bytes, read_xlsx
from salescockpit.store.money_tables import Client, Contract, Instalment, Payment, PaymentAllocation

from .actor import Actor, require_active, require_head
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .payment_matching import BY_HAND, CHUNK, MATCHED, UNMATCHED, Decision, Incoming, Ledger
from .promise_settlement import settle_promises
from .text_input import checked_text, text_problem

payments_table = Payment.__table__


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, with dry_run, would do)."""

    read: int
    imported: int
    duplicates: int
    outgoing: int
    matched: dict[str, int]  # reason -> count
    unmatched: int
    credit_minor: int
    promises_kept: int = 0
    promises_broken: int = 0
    dry_run: bool = False


@dataclass(frozen=True)
class HandPayment:
    contract_id: int
    paid_on: date
    amount: Decimal
    reference: str = ""


#: A document's texts as stored, with their columns' lengths (None: any length).
_DOCUMENT_TEXTS = (("number", "Номер", 64), ("payer_inn", "ПлательщикИНН", 12), ("payer_name", "Плательщик", 500),
                   ("payer_account", "ПлательщикСчет", 34), ("purpose", "НазначениеПлатежа", None))


def _check_texts(statement: Statement) -> None:
    """InvalidInput naming the document's line when a text of it cannot be stored (`text_input`):
    the whole statement is refused, as for any other fault, on SQLite and PostgreSQL alike."""
    for document in statement.documents:
        for attribute, key, limit in _DOCUMENT_TEXTS:
            problem = text_problem(getattr(document, attribute), limit)
            if problem is not None:
                raise InvalidInput("file", str(StatementError(document.line, f"{key}: {problem}")))


def _incoming(statement: Statement) -> list[Incoming]:
    _check_texts(statement)
    return [Incoming(d.day, d.amount_minor, d.currency, d.payer_inn, d.payer_name, d.payer_account,
                     d.purpose, d.number, d.key) for d in statement.documents]


def _existing_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        found.update(session.scalars(select(Payment.document_key).where(Payment.document_key.in_(keys[start:start + CHUNK]))))
    return found


def _write(session: Session, decisions: list[Decision], source: str, actor: Actor, now: datetime) -> list[int]:
    """Insert the payments, their allocations and the instalments' new paid sums; return the ids."""
    values = [{
        "paid_on": d.incoming.paid_on, "amount_minor": d.incoming.amount_minor, "currency": d.incoming.currency,
        "payer_inn": d.incoming.payer_inn, "payer_name": d.incoming.payer_name,
        "payer_account": d.incoming.payer_account, "purpose": d.incoming.purpose, "reference": d.incoming.reference,
        "document_key": d.incoming.document_key, "status": d.status, "match_reason": d.reason,
        "client_id": d.client_id, "contract_id": d.contract_id, "credit_minor": d.credit_minor,
        "source": source[:300], "recorded_at": now, "recorded_by_id": actor.id,
    } for d in decisions]
    if not values:
        return []
    # Core executemany, then the ids by document key: an ORM bulk INSERT ... RETURNING in parameter
    # order costs quadratic time in SQLAlchemy (15 s at 10,000 rows, against 0.1 s this way).
    connection = session.connection()
    connection.execute(insert(payments_table), values)
    keys = [d.incoming.document_key for d in decisions]
    by_key: dict[str, int] = {}
    for start in range(0, len(keys), CHUNK):
        rows = connection.execute(select(payments_table.c.document_key, payments_table.c.id)
                                  .where(payments_table.c.document_key.in_(keys[start:start + CHUNK])))
        by_key.update((key, payment_id) for key, payment_id in rows)
    ids = [by_key[key] for key in keys]
    allocations = [{"payment_id": payment_id, "instalment_id": instalment_id, "amount_minor": amount}
                   for payment_id, d in zip(ids, decisions, strict=True) for instalment_id, amount in d.parts]
    if allocations:
        connection.execute(insert(PaymentAllocation.__table__), allocations)
        _add_paid(session, allocations)
    return ids


def _add_paid(session: Session, allocations: list[dict]) -> None:
    """Add the allocations to their instalments' paid sums (one executemany)."""
    added = Counter()
    for allocation in allocations:
        added[allocation["instalment_id"]] += allocation["amount_minor"]
    table = Instalment.__table__
    statement = (update(table).where(table.c.id == bindparam("instalment"))
                 .values(paid_minor=table.c.paid_minor + bindparam("added")))
    session.connection().execute(statement, [{"instalment": key, "added": amount} for key, amount in sorted(added.items())])


def import_statement(ctx: ServiceContext, actor: Actor, statement: Statement, *, source: str,
                     dry_run: bool = False) -> ImportSummary:
    """Record the statement's new incoming documents, matched and allocated, in one transaction."""
    require_head(actor, _("Only the head of sales can import payments."))
    now = ctx.clock.now()
    payments = _incoming(statement)
    with (ctx.db.read() if dry_run else ctx.db.write()) as session:
        if not dry_run:
            require_active(session, actor)
        seen = _existing_keys(session, [payment.document_key for payment in payments])
        fresh: list[Incoming] = []
        for payment in payments:
            if payment.document_key not in seen:
                seen.add(payment.document_key)
                fresh.append(payment)
        ledger = Ledger(session, fresh)
        decisions = [ledger.decide(payment) for payment in fresh]
        kept = broken = 0
        if not dry_run:
            _write(session, decisions, source, actor, now)
            clients = {d.client_id for d in decisions if d.client_id is not None}
            last_day = max((payment.paid_on for payment in payments), default=None)
            session.flush()
            kept, broken = settle_promises(session, actor, clients, last_day, now, ctx.tz)
        summary = ImportSummary(
            read=len(payments) + statement.outgoing, imported=len(decisions), duplicates=len(payments) - len(fresh),
            outgoing=statement.outgoing, matched=dict(Counter(d.reason for d in decisions if d.status == MATCHED)),
            unmatched=sum(1 for d in decisions if d.status == UNMATCHED),
            credit_minor=sum(d.credit_minor for d in decisions), promises_kept=kept, promises_broken=broken,
            dry_run=dry_run)
        if not dry_run:
            record_event(session, actor, "payments.import", "payment", None,
                         f"{source}: read {summary.read}, imported {summary.imported}, duplicates {summary.duplicates}, "
                         f"outgoing {summary.outgoing}, matched {sum(summary.matched.values())}, "
                         f"unmatched {summary.unmatched}, promises kept {kept}, broken {broken}", now)
    return summary


def read_statement_file(ctx: ServiceContext, path: Path, overrides: Mapping[str, str] | None = None) -> Statement:
    """A 1CClientBankExchange file (found by its first line) or a bank's CSV/XLSX export."""
    company = ctx.settings.company
    path = Path(path)
    try:
        data = path.read_bytes()
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"1CClientBankExchange"):
            return read_statement(data, company.inn, company.bank_accounts)
        table = read_xlsx(path) if path.suffix.casefold() in (".xlsx", ".xlsm") else read_csv_bytes(data)
        return statement_from_table(table, company.inn, company.bank_accounts, overrides, company.currency)
    except OSError as error:
        raise InvalidInput("file", _("{path}: cannot read it: {error}").format(path=path, error=error.strerror)) from None
    except (StatementError, TableError) as error:
        raise InvalidInput("file", f"{path.name}: {error}") from None


def import_statement_file(ctx: ServiceContext, actor: Actor, path: Path, *, dry_run: bool = False,
                          overrides: Mapping[str, str] | None = None) -> ImportSummary:
    """Read the statement at ``path`` and import it; a fault is InvalidInput("file") naming the line."""
    require_head(actor, _("Only the head of sales can import payments."))
    statement = read_statement_file(ctx, path, overrides)
    return import_statement(ctx, actor, statement, source=Path(path).name, dry_run=dry_run)


def _contract(session: Session, contract_id: int) -> Contract:
    contract = session.get(Contract, contract_id) if isinstance(contract_id, int) else None
    if contract is None:
        raise NotFound(_("Contract #{id} does not exist.").format(id=contract_id))
    return contract


def record_payment(ctx: ServiceContext, actor: Actor, draft: HandPayment) -> int:
    """Record a payment typed by hand against a contract (oldest instalment first); return its id."""
    require_head(actor, _("Only the head of sales can record payments."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        contract = _contract(session, draft.contract_id)
        try:
            amount = to_minor(Decimal(draft.amount), contract.currency)
        except MoneyError as error:
            raise InvalidInput("amount", str(error)) from None
        if amount <= 0:
            raise InvalidInput("amount", _("The amount must be more than zero."))
        client = session.get(Client, contract.client_id)
        reference = checked_text("reference", " ".join(draft.reference.split()), 64)
        key = document_key(draft.paid_on, reference, client.inn, amount)
        if _existing_keys(session, [key]):
            raise InvalidInput("reference", _("This payment is recorded already (same day, reference, payer and amount)."))
        payment = Incoming(draft.paid_on, amount, contract.currency, client.inn, client.name[:500], "", "", reference, key)
        ledger = Ledger(session, [])
        decision = ledger.pay(Decision(payment, MATCHED, BY_HAND), contract.id)
        [payment_id] = _write(session, [decision], "hand", actor, now)
        session.flush()
        settle_promises(session, actor, {contract.client_id}, None, now, ctx.tz)
        record_event(session, actor, "payment.record", "payment", payment_id,
                     f"{contract.number}: {draft.amount} {contract.currency} on {draft.paid_on.isoformat()}", now)
        return payment_id


def resolve_payment(ctx: ServiceContext, actor: Actor, payment_id: int, contract_id: int) -> None:
    """Match a waiting payment to ``contract_id`` by hand and allocate it (oldest instalment first)."""
    require_head(actor, _("Only the head of sales can match payments."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        payment = session.get(Payment, payment_id) if isinstance(payment_id, int) else None
        if payment is None:
            raise NotFound(_("Payment #{id} does not exist.").format(id=payment_id))
        if payment.status != UNMATCHED:
            raise InvalidInput("payment", _("Payment #{id} is matched already.").format(id=payment_id))
        contract = _contract(session, contract_id)
        if contract.currency != payment.currency:
            raise InvalidInput("contract", _("The payment is in {paid}, the contract in {owed}.").format(
                paid=payment.currency, owed=contract.currency))
        incoming = Incoming(payment.paid_on, payment.amount_minor, payment.currency, payment.payer_inn,
                            payment.payer_name, payment.payer_account, payment.purpose, payment.reference,
                            payment.document_key)
        decision = Ledger(session, []).pay(Decision(incoming, MATCHED, BY_HAND), contract.id)
        allocations = [{"payment_id": payment.id, "instalment_id": instalment_id, "amount_minor": amount}
                       for instalment_id, amount in decision.parts]
        if allocations:
            session.execute(insert(PaymentAllocation), allocations)
            _add_paid(session, allocations)
        record_changes(session, actor, "payment.resolve", "payment", payment.id, {
            "status": (payment.status, MATCHED), "contract_id": (payment.contract_id, contract.id),
            "match_reason": (payment.match_reason, BY_HAND)}, now)
        payment.status, payment.match_reason = MATCHED, BY_HAND
        payment.client_id, payment.contract_id, payment.credit_minor = contract.client_id, contract.id, decision.credit_minor
        session.flush()
        settle_promises(session, actor, {contract.client_id}, None, now, ctx.tz)
