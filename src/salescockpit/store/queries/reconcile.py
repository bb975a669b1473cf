"""Claimed against what happened: the calls managers logged vs the phone system's call log.

For a period (usually one day in the team timezone) two lists come back as plain rows:

- *logged, not seen*: a call a manager logged that the phone system never saw: no phone call to
  the same lead (its lead, or any of its numbers: `lead_contacts` too) by the same manager within
  `WINDOW` of the logged start;
- *seen, not logged*: a phone call to a lead (answered or not) with no call logged on that lead
  by that manager within `WINDOW`.

A phone call whose extension matched no manager counts for any manager (the mapping is missing,
not the call). When several managers' leads share a number, a phone call belongs to its manager's
own lead with that number, and it matches a call that manager logged on any lead with the number. The matching runs in Python over a day's column tuples, so the same code works on
SQLite and PostgreSQL without dialect date arithmetic.

A manager (``viewer_id``) sees only their own (`visibility`): the calls they logged and the phone
calls from their extension, on leads they own now. The queries read only those rows, plus the
phone calls from unknown extensions to their leads, which may be the counterpart of a call they
logged but are never listed for them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import Session

from ...clock import local_day_bounds
from ..contacts import contacts_of, lead_contacts
from ..phone_tables import PhoneCall
from ..tables import Call, Lead, User

WINDOW = timedelta(minutes=15)

calls = Call.__table__
phone_calls = PhoneCall.__table__
leads = Lead.__table__
users = User.__table__


@dataclass(frozen=True)
class ReconcileRow:
    """One call on one side with no counterpart on the other (`answered` is None for logged calls)."""

    lead_id: int
    lead_name: str
    company: str
    manager_id: int | None
    manager_name: str
    started_at: datetime
    duration_seconds: int
    direction: str
    answered: bool | None = None
    number: str = ""


@dataclass(frozen=True)
class ManagerCounts:
    manager_id: int | None
    manager_name: str
    logged_not_seen: int
    seen_not_logged: int


@dataclass(frozen=True)
class Reconciliation:
    start: datetime
    end: datetime
    logged_not_seen: list[ReconcileRow]
    seen_not_logged: list[ReconcileRow]
    per_manager: list[ManagerCounts]
    phone_calls: int  # phone-system calls to leads in the period (0: probably nothing imported yet)

    @property
    def clean(self) -> bool:
        return not self.logged_not_seen and not self.seen_not_logged


def _lead_numbers():
    """(lead_id, owner_id, number): every phone number of every lead, its own column's and its contacts'."""
    own_column = select(leads.c.id.label("lead_id"), leads.c.owner_id, leads.c.phone_norm.label("number")).where(
        leads.c.phone_norm.is_not(None))
    listed = (select(lead_contacts.c.lead_id, leads.c.owner_id, lead_contacts.c.value_norm)
              .join(leads, leads.c.id == lead_contacts.c.lead_id).where(lead_contacts.c.kind == "phone"))
    return union_all(own_column, listed).subquery("lead_numbers")


def _first_lead(*conditions):
    """The oldest lead whose own number, then the oldest whose listed contact, is the phone call's (and ``conditions``)."""
    by_column = select(func.min(leads.c.id)).where(leads.c.phone_norm == phone_calls.c.number_norm, *conditions)
    by_contact = (select(func.min(lead_contacts.c.lead_id)).join(leads, leads.c.id == lead_contacts.c.lead_id)
                  .where(lead_contacts.c.value_norm == phone_calls.c.number_norm, lead_contacts.c.kind == "phone",
                         *conditions))
    return func.coalesce(by_column.scalar_subquery(), by_contact.scalar_subquery())


def _phone_lead_id():
    """The phone call's lead: its manager's own lead with its number (any of the lead's numbers), else as
    matched on import, else a lead with its number (created since)."""
    own = _first_lead(leads.c.owner_id == phone_calls.c.manager_id)
    return func.coalesce(own, phone_calls.c.lead_id, _first_lead())


def _numbers_of(session: Session, lead_ids: set[int]) -> dict[int, set[str]]:
    """{lead id: every phone number it has (normalised)}."""
    found: dict[int, set[str]] = defaultdict(set)
    for lead_id, contacts in contacts_of(session, lead_ids).items():
        found[lead_id].update(contact.norm for contact in contacts if contact.kind == "phone")
    return found


def _logged(session: Session, start: datetime, end: datetime, viewer_id: int | None = None) -> list[tuple]:
    query = (
        select(calls.c.lead_id, leads.c.name, leads.c.company, leads.c.phone_norm, calls.c.manager_id,
               users.c.display_name, calls.c.started_at, calls.c.duration_seconds, calls.c.direction)
        .join(leads, leads.c.id == calls.c.lead_id)
        .join(users, users.c.id == calls.c.manager_id)
        .where(calls.c.started_at >= start, calls.c.started_at < end)
        .order_by(calls.c.started_at, calls.c.id)
    )
    if viewer_id is not None:
        query = query.where(calls.c.manager_id == viewer_id, leads.c.owner_id == viewer_id)
    return list(session.execute(query))


def _phoned(session: Session, start: datetime, end: datetime, viewer_id: int | None = None) -> list[tuple]:
    lead_id = _phone_lead_id().label("lead_id")
    inner = (
        select(phone_calls.c.id, lead_id, phone_calls.c.manager_id, phone_calls.c.started_at,
               phone_calls.c.duration_seconds, phone_calls.c.direction, phone_calls.c.answered,
               phone_calls.c.number, phone_calls.c.number_norm)
        .where(phone_calls.c.started_at >= start, phone_calls.c.started_at < end)
        .subquery()
    )
    query = (
        select(inner.c.lead_id, leads.c.name, leads.c.company, inner.c.manager_id,
               func.coalesce(users.c.display_name, ""), inner.c.started_at, inner.c.duration_seconds,
               inner.c.direction, inner.c.answered, inner.c.number, inner.c.number_norm)
        .join(leads, leads.c.id == inner.c.lead_id)
        .outerjoin(users, users.c.id == inner.c.manager_id)
        .order_by(inner.c.started_at, inner.c.id)
    )
    if viewer_id is not None:
        numbers = _lead_numbers()
        own_numbers = select(numbers.c.number).where(numbers.c.owner_id == viewer_id)
        query = query.where(
            or_(leads.c.owner_id == viewer_id, inner.c.number_norm.in_(own_numbers)),
            or_(inner.c.manager_id == viewer_id, inner.c.manager_id.is_(None)),
        ).add_columns(leads.c.owner_id == viewer_id)
    return list(session.execute(query))


def _near(moment: datetime, others: list[datetime]) -> bool:
    return any(abs(other - moment) <= WINDOW for other in others)


def reconcile(session: Session, start: datetime, end: datetime, viewer_id: int | None = None) -> Reconciliation:
    """Both lists for calls that started in [start, end); ``viewer_id`` limits them to one manager."""
    margin_start, margin_end = start - WINDOW, end + WINDOW
    logged = _logged(session, margin_start, margin_end, viewer_id)
    phoned = _phoned(session, margin_start, margin_end, viewer_id)
    # phone calls by lead and by number: (manager id or None, started_at)
    phone_by_lead: dict[int, list[tuple[int | None, datetime]]] = defaultdict(list)
    phone_by_number: dict[str, list[tuple[int | None, datetime]]] = defaultdict(list)
    for lead_id, _n, _c, manager_id, _m, started_at, _d, _dir, _a, _num, number_norm, *_own in phoned:
        phone_by_lead[lead_id].append((manager_id, started_at))
        if number_norm:
            phone_by_number[number_norm].append((manager_id, started_at))
    numbers_of = _numbers_of(session, {row[0] for row in logged})
    logged_by_lead: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    logged_by_number: dict[str, list[tuple[int, datetime]]] = defaultdict(list)
    for lead_id, _n, _c, _phone, manager_id, _m, started_at, _d, _dir in logged:
        logged_by_lead[lead_id].append((manager_id, started_at))
        for number in numbers_of[lead_id]:
            logged_by_number[number].append((manager_id, started_at))

    not_seen: list[ReconcileRow] = []
    for lead_id, name, company, _phone, manager_id, manager_name, started_at, duration, direction in logged:
        if not start <= started_at < end:
            continue
        candidates = phone_by_lead.get(lead_id, []) + [
            seen for number in sorted(numbers_of[lead_id]) for seen in phone_by_number.get(number, [])]
        times = [at for who, at in candidates if who is None or who == manager_id]
        if not _near(started_at, times):
            not_seen.append(ReconcileRow(lead_id, name, company, manager_id, manager_name, started_at, duration,
                                         direction))
    not_logged: list[ReconcileRow] = []
    in_period = 0
    for lead_id, name, company, manager_id, manager_name, started_at, duration, direction, answered, number, \
            number_norm, *own in phoned:
        if not start <= started_at < end or (viewer_id is not None and (manager_id is None or not own[0])):
            continue  # for a manager, unknown extensions and others' leads only serve as counterparts
        in_period += 1
        candidates = logged_by_lead.get(lead_id, []) + (logged_by_number.get(number_norm, []) if number_norm else [])
        times = [at for who, at in candidates if manager_id is None or who == manager_id]
        if not _near(started_at, times):
            not_logged.append(ReconcileRow(lead_id, name, company, manager_id, manager_name, started_at, duration,
                                           direction, bool(answered), number))
    return Reconciliation(start, end, not_seen, not_logged, _per_manager(not_seen, not_logged), in_period)


def _per_manager(not_seen: list[ReconcileRow], not_logged: list[ReconcileRow]) -> list[ManagerCounts]:
    counts: dict[int | None, list] = {}
    for index, rows in enumerate((not_seen, not_logged)):
        for row in rows:
            entry = counts.setdefault(row.manager_id, [row.manager_name, 0, 0])
            entry[index + 1] += 1
    ordered = sorted(counts.items(), key=lambda item: (item[0] is None, item[1][0].casefold()))
    return [ManagerCounts(manager_id, name, unseen, unlogged) for manager_id, (name, unseen, unlogged) in ordered]


def reconcile_day(session: Session, day: date, tz: ZoneInfo, viewer_id: int | None = None) -> Reconciliation:
    """`reconcile` over one calendar day in the team timezone."""
    start, end = local_day_bounds(day, tz)
    return reconcile(session, start, end, viewer_id)


def phone_log_exists(session: Session) -> bool:
    """Whether any phone-system call was ever imported: without one there is nothing to compare."""
    return session.execute(select(phone_calls.c.id).limit(1)).first() is not None
