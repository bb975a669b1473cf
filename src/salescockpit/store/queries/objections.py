"""The objection ledger, read side: the catalog, types x managers, open objections, per lead.

An objection is raised on a call and handled there or not. An unhandled one stays open until
a later call handles the same type (its `resolved_at` is set then). Figures per cell: raised,
handled on the call, and the share of the leads behind it that reached won.

Visibility (`visibility`): for a manager ``viewer`` the ledger holds the figures of their own
calls; the rows behind a cell and the open objections are those on leads they own (the calls
behind a cell: the calls they made there); `objections_for_lead` refuses another manager's
lead. A filter naming another manager is refused. The catalog (`objection_type_rows`, with
the team's raised counts) is not lead data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from ..tables import Call, CallObjection, Lead, ObjectionType, User
from ..text_order import by_text
from .visibility import Viewer, own_leads, require_lead_visible, restricted, scoped_user

objections = CallObjection.__table__
types = ObjectionType.__table__
calls = Call.__table__
leads = Lead.__table__
users = User.__table__


@dataclass(frozen=True)
class ObjectionTypeRow:
    id: int
    key: str
    label: str
    active: bool
    raised: int
    phrases: str = ""  # tracker phrases, one a line


def objection_type_rows(session: Session, include_inactive: bool = True) -> list[ObjectionTypeRow]:
    """The catalog in its order, with how often each type was ever raised."""
    raised = (
        select(objections.c.type_id, func.count().label("n")).group_by(objections.c.type_id).subquery()
    )
    query = (
        select(types.c.id, types.c.key, types.c.label, types.c.active, func.coalesce(raised.c.n, 0), types.c.phrases)
        .outerjoin(raised, raised.c.type_id == types.c.id)
        .order_by(types.c.id)
    )
    if not include_inactive:
        query = query.where(types.c.active.is_(True))
    return [ObjectionTypeRow(i, key, label, bool(active), n, phrases or "")
            for i, key, label, active, n, phrases in session.execute(query)]


@dataclass(frozen=True)
class LedgerCell:
    raised: int = 0
    handled: int = 0
    leads: int = 0
    won_leads: int = 0

    @property
    def handled_rate(self) -> float | None:
        return None if not self.raised else self.handled / self.raised

    @property
    def won_rate(self) -> float | None:
        return None if not self.leads else self.won_leads / self.leads


@dataclass(frozen=True)
class LedgerPerson:
    id: int
    login: str
    name: str


@dataclass(frozen=True)
class ObjectionLedger:
    """Cells per (type id, manager id) and per type for the team; `types` as (id, label)."""

    types: tuple[tuple[int, str], ...]
    managers: tuple[LedgerPerson, ...]
    cells: dict[tuple[int, int], LedgerCell]
    team: dict[int, LedgerCell]

    def cell(self, type_id: int, manager_id: int | None) -> LedgerCell:
        if manager_id is None:
            return self.team.get(type_id, LedgerCell())
        return self.cells.get((type_id, manager_id), LedgerCell())


def _period(since: datetime | None, until: datetime | None) -> list:
    tests = []
    if since is not None:
        tests.append(objections.c.raised_at >= since)
    if until is not None:
        tests.append(objections.c.raised_at < until)
    return tests


def objection_ledger(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    won_stage: str = "won",
    manager_id: int | None = None,
    *,
    viewer: Viewer | None = None,
) -> ObjectionLedger:
    """Objections raised in [since, until): per type and the manager who took the call."""
    manager_id = scoped_user(viewer, manager_id)
    tests = _period(since, until)
    if manager_id is not None:
        tests.append(calls.c.manager_id == manager_id)
    won_lead = case((leads.c.stage == won_stage, objections.c.lead_id))
    figures = (
        func.count(),
        func.count().filter(objections.c.handled.is_(True)),
        func.count(distinct(objections.c.lead_id)),
        func.count(distinct(won_lead)),
    )
    base = (
        objections.join(calls, calls.c.id == objections.c.call_id).join(leads, leads.c.id == objections.c.lead_id)
    )
    cells = {
        (type_id, manager): LedgerCell(raised, handled, lead_count, won)
        for type_id, manager, raised, handled, lead_count, won in session.execute(
            select(objections.c.type_id, calls.c.manager_id, *figures)
            .select_from(base)
            .where(*tests)
            .group_by(objections.c.type_id, calls.c.manager_id)
        )
    }
    team = {
        type_id: LedgerCell(raised, handled, lead_count, won)
        for type_id, raised, handled, lead_count, won in session.execute(
            select(objections.c.type_id, *figures).select_from(base).where(*tests).group_by(objections.c.type_id)
        )
    }
    used_types = {type_id for type_id, _manager in cells}
    type_rows = session.execute(
        select(types.c.id, types.c.label, types.c.active).order_by(types.c.id)
    ).all()
    shown_types = tuple((i, label) for i, label, active in type_rows if active or i in used_types)
    people = select(users.c.id, users.c.login, users.c.display_name)
    if manager_id is not None:
        people = people.where(users.c.id == manager_id)
    else:
        with_cells = sorted({manager for _type, manager in cells}) or [-1]
        people = people.where(or_(and_(users.c.role == "manager", users.c.active.is_(True)), users.c.id.in_(with_cells)))
    rows = by_text(session.execute(people), lambda row: row.display_name, lambda row: row.id)
    managers = tuple(LedgerPerson(i, login, name) for i, login, name in rows)
    return ObjectionLedger(shown_types, managers, cells, team)


@dataclass(frozen=True)
class ObjectionCallRow:
    objection_id: int
    call_id: int
    lead_id: int
    lead_name: str
    company: str
    manager_name: str
    raised_at: datetime
    outcome: str
    handled: bool
    answer: str
    resolved_at: datetime | None
    lead_stage: str


def objection_calls(
    session: Session,
    type_id: int,
    manager_id: int | None,
    since: datetime | None,
    until: datetime | None,
    limit: int = 200,
    *,
    viewer: Viewer | None = None,
) -> list[ObjectionCallRow]:
    """The calls behind one ledger cell (``manager_id`` None = the whole team), newest first."""
    manager_id = scoped_user(viewer, manager_id)
    tests = [objections.c.type_id == type_id, *_period(since, until), own_leads(viewer)]
    if manager_id is not None:
        tests.append(calls.c.manager_id == manager_id)
    query = (
        select(
            objections.c.id, calls.c.id, leads.c.id, leads.c.name, leads.c.company, users.c.display_name,
            objections.c.raised_at, calls.c.outcome, objections.c.handled, objections.c.answer,
            objections.c.resolved_at, leads.c.stage,
        )
        .select_from(objections)
        .join(calls, calls.c.id == objections.c.call_id)
        .join(leads, leads.c.id == objections.c.lead_id)
        .join(users, users.c.id == calls.c.manager_id)
        .where(*tests)
        .order_by(objections.c.raised_at.desc(), objections.c.id.desc())
        .limit(limit)
    )
    return [
        ObjectionCallRow(oid, cid, lid, name, company or "", manager, raised, outcome, bool(handled), answer or "",
                         resolved, stage)
        for oid, cid, lid, name, company, manager, raised, outcome, handled, answer, resolved, stage
        in session.execute(query)
    ]


@dataclass(frozen=True)
class OpenObjectionRow:
    objection_id: int
    lead_id: int
    lead_name: str
    company: str
    owner_name: str
    lead_stage: str
    type_label: str
    raised_at: datetime
    call_id: int


@dataclass(frozen=True)
class OpenCursor:
    raised_at: datetime
    objection_id: int


@dataclass(frozen=True)
class OpenObjectionPage:
    rows: tuple[OpenObjectionRow, ...]
    next_cursor: OpenCursor | None


def open_objections_page(
    session: Session,
    terminal_stages: tuple[str, ...] | frozenset[str],
    owner_id: int | None = None,
    after: OpenCursor | None = None,
    limit: int = 50,
    *,
    viewer: Viewer | None = None,
) -> OpenObjectionPage:
    """Objections still open on live (non-terminal) leads, the longest open first."""
    owner_id = scoped_user(viewer, owner_id)
    tests = [
        objections.c.handled.is_(False),
        objections.c.resolved_at.is_(None),
        leads.c.stage.not_in(sorted(terminal_stages)),
    ]
    if owner_id is not None:
        tests.append(leads.c.owner_id == owner_id)
    if after is not None:
        tests.append(
            or_(
                objections.c.raised_at > after.raised_at,
                and_(objections.c.raised_at == after.raised_at, objections.c.id > after.objection_id),
            )
        )
    query = (
        select(
            objections.c.id, leads.c.id, leads.c.name, leads.c.company, users.c.display_name, leads.c.stage,
            types.c.label, objections.c.raised_at, objections.c.call_id,
        )
        .select_from(objections)
        .join(leads, leads.c.id == objections.c.lead_id)
        .join(users, users.c.id == leads.c.owner_id)
        .join(types, types.c.id == objections.c.type_id)
        .where(*tests)
        .order_by(objections.c.raised_at, objections.c.id)
        .limit(limit + 1)
    )
    rows = [
        OpenObjectionRow(oid, lid, name, company or "", owner, stage, label, raised, call_id)
        for oid, lid, name, company, owner, stage, label, raised, call_id in session.execute(query)
    ]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = OpenCursor(rows[-1].raised_at, rows[-1].objection_id)
    return OpenObjectionPage(tuple(rows), next_cursor)


def count_open_objections(
    session: Session, terminal_stages: tuple[str, ...] | frozenset[str], owner_id: int | None = None, *,
    viewer: Viewer | None = None,
) -> int:
    """How many objections are open on live leads (the size of `open_objections_page`'s list)."""
    owner_id = scoped_user(viewer, owner_id)
    query = (
        select(func.count())
        .select_from(objections)
        .join(leads, leads.c.id == objections.c.lead_id)
        .where(objections.c.handled.is_(False), objections.c.resolved_at.is_(None),
               leads.c.stage.not_in(sorted(terminal_stages)))
    )
    if owner_id is not None:
        query = query.where(leads.c.owner_id == owner_id)
    return session.scalar(query) or 0


@dataclass(frozen=True)
class LeadObjection:
    """One objection a lead raised: when, on which call, handled or not, the answer used."""

    objection_id: int
    call_id: int
    type_key: str
    type_label: str
    raised_at: datetime
    handled: bool
    answer: str
    resolved_at: datetime | None

    @property
    def is_open(self) -> bool:
        return not self.handled and self.resolved_at is None


def objections_for_lead(session: Session, lead_id: int, *, viewer: Viewer | None = None) -> tuple[LeadObjection, ...]:
    """Every objection raised by the lead, newest first (PermissionDenied: another manager's lead)."""
    if restricted(viewer):
        require_lead_visible(session, viewer, lead_id)
    query = (
        select(
            objections.c.id, objections.c.call_id, types.c.key, types.c.label, objections.c.raised_at,
            objections.c.handled, objections.c.answer, objections.c.resolved_at,
        )
        .join(types, types.c.id == objections.c.type_id)
        .where(objections.c.lead_id == lead_id)
        .order_by(objections.c.raised_at.desc(), objections.c.id.desc())
    )
    return tuple(
        LeadObjection(oid, call_id, key, label, raised, bool(handled), answer or "", resolved)
        for oid, call_id, key, label, raised, handled, answer, resolved in session.execute(query)
    )
