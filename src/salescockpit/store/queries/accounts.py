"""Accounts, read side: clients by money at risk (keyset pages of tuples) and the client card.

The list is grouped by the worst reason SQL can see (1 overdue, 2 promise broken, 3 due within
the reminder window), then by the money at stake, largest first, then the client id; a page
resumes after the last (group, money, id). The reasons shown on each row are then computed by
`domain.client_reasons` from that client's facts, so the words match the rules exactly.

Overdue leaves out an instalment whose promise to pay is not yet due, and a client whose INN
has a payment waiting in the payments-to-match list (as the domain rules do).

Visibility: the head sees every client; a manager only the clients they manage
(``clients.manager_id``), in the list, the card and the facts alike (a WHERE, never a filter
afterwards).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from sqlalchemy import and_, case, exists, func, literal, or_, select, true, tuple_
from sqlalchemy.orm import Session

from ...domain.client_reasons import ClientFacts, ClientFinding, ClientRules, OpenInstalment, findings_for
from ...domain.money import from_minor
from ...i18n import _
from ...services.errors import NotFound, PermissionDenied
from ..core_tables import calls, clients, contracts, instalments, payments, users
from ..core_tables import promises_to_pay as promises
from ..viewer_scope import Viewer, restricted


#: How far back a broken promise still puts a client on the list.
BROKEN_PROMISE_DAYS = 30


@dataclass(frozen=True)
class AccountsCursor:
    group: int
    money_minor: int
    client_id: int


@dataclass(frozen=True)
class AccountRow:
    client_id: int
    name: str
    inn: str
    manager_name: str
    currency: str
    overdue: Decimal
    due_soon: Decimal
    findings: tuple[ClientFinding, ...]


@dataclass(frozen=True)
class AccountsPage:
    rows: tuple[AccountRow, ...]
    next_cursor: AccountsCursor | None


def horizon(today: date, rules: ClientRules) -> date:
    """The last day inside the reminder window: ``rules.due_soon_working_days`` working days on."""
    day, left = today, rules.due_soon_working_days
    while left > 0:
        day += timedelta(days=1)
        left -= day.weekday() in rules.working_days
    return day


def _own_clients(viewer: Viewer | None):
    return clients.c.manager_id == viewer.id if restricted(viewer) else true()


def _since_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.utc)


def ranked_clients(today: date, rules: ClientRules, viewer: Viewer | None = None):
    """A subquery: (client_id, grp, money_minor) for every client with a reason SQL can see.

    The same rules as `domain.client_reasons`, in SQL: 1 overdue (a promise not yet due pauses
    its instalment, a payment waiting from the client's INN holds it all), 2 promise broken, 3 due
    within the window with no open promise and no call lately, 4 silent (no call, no payment).
    """
    outstanding = instalments.c.amount_minor - instalments.c.paid_minor
    open_promises = select(promises.c.instalment_id).where(
        promises.c.status == "open", promises.c.instalment_id.is_not(None))
    # small sets, hashed once (a correlated EXISTS per instalment costs 8x at 60k instalments)
    paused = instalments.c.id.in_(open_promises.where(promises.c.due_date >= today))
    promised = instalments.c.id.in_(open_promises)
    is_overdue = and_(instalments.c.due_date < today, ~paused)
    is_soon = and_(instalments.c.due_date >= today, instalments.c.due_date <= horizon(today, rules), ~promised)
    per_client = (
        select(
            contracts.c.client_id.label("client_id"),
            func.sum(case((is_overdue, outstanding), else_=0)).label("overdue"),
            func.sum(case((is_soon, outstanding), else_=0)).label("soon"),
        )
        .join(instalments, instalments.c.contract_id == contracts.c.id)
        .where(instalments.c.paid_minor < instalments.c.amount_minor,
               instalments.c.due_date <= horizon(today, rules))
        .group_by(contracts.c.client_id)
        .subquery()
    )
    broken = (
        select(func.coalesce(func.sum(promises.c.amount_minor), 0))
        .where(promises.c.client_id == clients.c.id, promises.c.status == "broken",
               promises.c.due_date >= today - timedelta(days=BROKEN_PROMISE_DAYS))
        .scalar_subquery()
    )
    waiting = exists().where(payments.c.status == "unmatched", payments.c.payer_inn == clients.c.inn,
                             clients.c.inn != "")
    called_lately = exists().where(
        calls.c.lead_id == clients.c.lead_id,
        calls.c.started_at >= _since_midnight(today - timedelta(days=rules.due_soon_working_days + 2)))
    silent_since = today - timedelta(days=rules.silent_days - 1)
    silent = and_(
        ~exists().where(calls.c.lead_id == clients.c.lead_id, calls.c.started_at >= _since_midnight(silent_since)),
        ~exists().where(payments.c.client_id == clients.c.id, payments.c.paid_on >= silent_since),
        or_(exists().where(calls.c.lead_id == clients.c.lead_id), exists().where(payments.c.client_id == clients.c.id)),
    )
    owed = (
        select(func.coalesce(func.sum(outstanding), 0))
        .select_from(contracts.join(instalments, instalments.c.contract_id == contracts.c.id))
        .where(contracts.c.client_id == clients.c.id, instalments.c.paid_minor < instalments.c.amount_minor)
        .scalar_subquery()
    )
    overdue = case((waiting, 0), else_=func.coalesce(per_client.c.overdue, 0))
    soon = case((called_lately, 0), else_=func.coalesce(per_client.c.soon, 0))
    group = case((overdue > 0, 1), (broken > 0, 2), (soon > 0, 3), (silent, 4), else_=9)
    money = case((overdue > 0, overdue), (broken > 0, broken), (soon > 0, soon), (silent, owed), else_=0)
    return (
        select(clients.c.id.label("client_id"), group.label("grp"), money.label("money_minor"))
        .select_from(clients.outerjoin(per_client, per_client.c.client_id == clients.c.id))
        .where(_own_clients(viewer))
        .subquery()
    )


def accounts_page(
    session: Session, *, today: date, rules: ClientRules = ClientRules(), viewer: Viewer | None = None,
    after: AccountsCursor | None = None, limit: int = 50,
) -> AccountsPage:
    """One page of clients by money at risk, after ``after``."""
    ranked = ranked_clients(today, rules, viewer)
    statement = select(ranked.c.client_id, ranked.c.grp, ranked.c.money_minor).where(ranked.c.grp < 9)
    if after is not None:
        statement = statement.where(
            tuple_(ranked.c.grp, -ranked.c.money_minor, ranked.c.client_id)
            > tuple_(literal(after.group), literal(-after.money_minor), literal(after.client_id))
        )
    found = session.execute(
        statement.order_by(ranked.c.grp, ranked.c.money_minor.desc(), ranked.c.client_id).limit(limit)
    ).all()
    next_cursor = None
    if len(found) >= limit:
        last_id, last_group, last_money = found[-1]
        next_cursor = AccountsCursor(last_group, last_money, last_id)
    rows = account_rows(session, [row[0] for row in found], today, rules)
    return AccountsPage(tuple(rows), next_cursor)


def account_rows(session: Session, client_ids: list[int], today: date, rules: ClientRules) -> list[AccountRow]:
    """Rows for ``client_ids`` in that order, with the findings of the domain rules."""
    if not client_ids:
        return []
    facts, currency = client_facts(session, client_ids, today)
    heads = {
        row.id: row for row in session.execute(
            select(clients.c.id, clients.c.name, clients.c.inn, users.c.display_name)
            .join(users, users.c.id == clients.c.manager_id).where(clients.c.id.in_(client_ids))
        )
    }
    result = []
    for client_id in client_ids:
        fact, head = facts[client_id], heads[client_id]
        overdue = sum((item.outstanding for item in fact.instalments if item.due < today), Decimal(0))
        soon = sum((item.outstanding for item in fact.instalments
                    if today <= item.due <= horizon(today, rules)), Decimal(0))
        result.append(AccountRow(client_id, head.name, head.inn, head.display_name, currency.get(client_id, "RUB"),
                                 overdue, soon, tuple(findings_for(fact, rules, today))))
    return result


def client_facts(session: Session, client_ids: list[int], today: date) -> tuple[dict[int, ClientFacts], dict[int, str]]:
    """What the domain rules need, per client id (and each client's currency)."""
    open_items: dict[int, list[OpenInstalment]] = defaultdict(list)
    currency: dict[int, str] = {}
    promised = {
        instalment_id: day for instalment_id, day in session.execute(
            select(promises.c.instalment_id, func.max(promises.c.due_date))
            .where(promises.c.client_id.in_(client_ids), promises.c.status == "open")
            .group_by(promises.c.instalment_id))
    }
    for client_id, item_id, due, amount, paid, code in session.execute(
        select(contracts.c.client_id, instalments.c.id, instalments.c.due_date, instalments.c.amount_minor,
               instalments.c.paid_minor, contracts.c.currency)
        .join(instalments, instalments.c.contract_id == contracts.c.id)
        .where(contracts.c.client_id.in_(client_ids), instalments.c.paid_minor < instalments.c.amount_minor)
        .order_by(instalments.c.due_date, instalments.c.id)
    ):
        currency.setdefault(client_id, code)
        open_items[client_id].append(OpenInstalment(due, from_minor(amount - paid, code), promised.get(item_id)))
    broken: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for client_id, day, amount in session.execute(
        select(promises.c.client_id, promises.c.due_date, promises.c.amount_minor)
        .where(promises.c.client_id.in_(client_ids), promises.c.status == "broken",
               promises.c.due_date >= today - timedelta(days=BROKEN_PROMISE_DAYS))
    ):
        broken[client_id].append((day, from_minor(amount, currency.get(client_id, "RUB"))))
    last_call = dict(session.execute(
        select(clients.c.id, func.max(calls.c.started_at))
        .join(calls, calls.c.lead_id == clients.c.lead_id).where(clients.c.id.in_(client_ids))
        .group_by(clients.c.id)).all())
    last_payment = dict(session.execute(
        select(payments.c.client_id, func.max(payments.c.paid_on))
        .where(payments.c.client_id.in_(client_ids)).group_by(payments.c.client_id)).all())
    waiting = {
        client_id for (client_id,) in session.execute(
            select(clients.c.id).where(clients.c.id.in_(client_ids), clients.c.inn != "", exists().where(
                payments.c.status == "unmatched", payments.c.payer_inn == clients.c.inn)))
    }
    disputed = open_disputes(session, client_ids)
    facts = {}
    for client_id in client_ids:
        call_day = _day(last_call.get(client_id))
        contact = max((day for day in (call_day, last_payment.get(client_id)) if day is not None), default=None)
        facts[client_id] = ClientFacts(tuple(open_items[client_id]), tuple(broken[client_id]), call_day, contact,
                                       client_id in waiting, disputed.get(client_id))
    return facts, currency


def open_disputes(session: Session, client_ids: list[int]) -> dict[int, date]:
    """client id -> the day its oldest open dispute was opened (UTC day), for ``client_ids``."""
    from ..core_tables import client_disputes

    table = client_disputes
    return {client_id: moment.date() for client_id, moment in session.execute(
        select(table.c.client_id, func.min(table.c.opened_at))
        .where(table.c.client_id.in_(client_ids), table.c.resolved_at.is_(None)).group_by(table.c.client_id))}


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.date()


def require_client_visible(session: Session, viewer: Viewer | None, client_id: int) -> None:
    """NotFound for a missing client; PermissionDenied for another manager's client."""
    manager_id = session.execute(select(clients.c.manager_id).where(clients.c.id == client_id)).scalar()
    if manager_id is None:
        raise NotFound(_("No client #{id}.").format(id=client_id))
    if restricted(viewer) and manager_id != viewer.id:
        raise PermissionDenied(_("A manager can see only their own clients."))
