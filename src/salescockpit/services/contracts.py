"""Contracts and their payment schedules: one transaction, one audit event per contract.

The schedule must add up to the total exactly (`domain.money.check_schedule` names the
difference). A manager writes contracts for their own clients; the head for anyone's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from salescockpit.domain.money import MoneyError, ScheduleError, check_currency, check_schedule, to_minor
from salescockpit.i18n import _
from salescockpit.store.money_tables import Contract, Instalment

from .actor import Actor, require_active
from .audit import record_event
from .client_credit import apply_client_credit
from .clients import own_client
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .text_input import checked_text


#: The longest contract number and subject (their columns' lengths).
MAX_NUMBER = 64
MAX_SUBJECT = 500


@dataclass(frozen=True)
class ContractDraft:
    """A contract as typed; `currency` "" = the configured default; instalments = (due date, amount)."""

    number: str
    client_id: int
    signed_on: date
    total: Decimal
    instalments: Sequence[tuple[date, Decimal]]
    subject: str = ""
    currency: str = ""


def _minor_amounts(draft: ContractDraft, currency: str) -> tuple[int, list[tuple[date, int]]]:
    try:
        total = to_minor(Decimal(draft.total), currency)
        schedule = [(due, to_minor(Decimal(amount), currency)) for due, amount in draft.instalments]
    except MoneyError as error:
        raise InvalidInput("total", str(error)) from error
    if total <= 0:
        raise InvalidInput("total", _("The total must be more than zero."))
    try:
        check_schedule(total, [amount for _due, amount in schedule], currency)
    except ScheduleError as error:
        raise InvalidInput("instalments", str(error)) from error
    return total, schedule


def create_contract(ctx: ServiceContext, actor: Actor, draft: ContractDraft) -> int:
    """Write the contract and its schedule; return the contract's id."""
    number = checked_text("number", " ".join((draft.number or "").split()), MAX_NUMBER)
    if not number:
        raise InvalidInput("number", _("The contract needs a number."))
    subject = checked_text("subject", (draft.subject or "").strip(), MAX_SUBJECT)
    try:
        currency = check_currency(draft.currency or ctx.settings.currency)
    except MoneyError as error:
        raise InvalidInput("currency", str(error)) from error
    total, schedule = _minor_amounts(draft, currency)
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        own_client(session, actor, draft.client_id)
        if session.scalars(select(Contract.id).where(Contract.number == number)).first() is not None:
            raise InvalidInput("number", _("A contract numbered {number} exists already.").format(number=number))
        contract = Contract(number=number, client_id=draft.client_id, signed_on=draft.signed_on,
                            subject=subject, total_minor=total, currency=currency,
                            created_at=now)
        session.add(contract)
        session.flush()
        for due, amount in sorted(schedule, key=lambda part: part[0]):
            session.add(Instalment(contract_id=contract.id, due_date=due, amount_minor=amount, paid_minor=0))
        record_event(session, actor, "contract.create", "contract", contract.id,
                     f"{number}: {len(schedule)} instalment(s), total {draft.total} {currency}", now)
        session.flush()
        apply_client_credit(session, actor, now, client_ids=[draft.client_id])  # an over-payment pays it first
        return contract.id


def contract_id_by_number(ctx: ServiceContext, number: str) -> int:
    """The id of the contract numbered ``number``; NotFound otherwise."""
    wanted = " ".join((number or "").split())
    with ctx.db.read() as session:
        found = session.scalars(select(Contract.id).where(Contract.number == wanted)).first()
    if found is None:
        raise NotFound(_("There is no contract numbered {number}.").format(number=wanted))
    return found
