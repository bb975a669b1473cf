"""Qualification re-check, read side: leads waiting for the head, one lead in full, rates per manager.

A lead waits for a re-check when it is marked junk or disqualified (or lost as not a real
lead) and has no re-check since it was marked: the same rule as the review queue. The rates
count marks and re-checks per manager who made the mark; a returned lead that went on to win
counts with its value, the money the re-check saved.

Visibility (`visibility`): a manager ``viewer`` lists their own written-off leads, opens only
their own lead (another's: PermissionDenied) and gets the figures of the marks they made; a
filter naming another manager is refused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from ...domain.qualification import NOT_A_REAL_LEAD, RECHECK_STATUSES, Bant, false_junk_rate
from ..tables import Call, Lead, Recheck, User
from ..text_order import by_text
from .visibility import Viewer, require_lead_visible, restricted, scoped_user

leads = Lead.__table__
calls = Call.__table__
rechecks = Recheck.__table__
users = User.__table__


def marked_at():
    """When the lead was written off (older rows may lack the mark time: the stage entry then)."""
    return func.coalesce(leads.c.junk_marked_at, leads.c.stage_entered_at)


def is_marked(lost_key: str = "lost"):
    return or_(
        leads.c.qualification.in_(sorted(RECHECK_STATUSES)),
        and_(leads.c.stage == lost_key, leads.c.lost_reason == NOT_A_REAL_LEAD),
    )


def needs_recheck_condition(lost_key: str = "lost"):
    """Marked, and not re-checked since the mark."""
    done = exists().where(rechecks.c.lead_id == leads.c.id, rechecks.c.created_at >= marked_at())
    return and_(is_marked(lost_key), ~done)


@dataclass(frozen=True)
class RecheckRow:
    lead_id: int
    name: str
    company: str
    owner_login: str
    owner_name: str
    stage: str
    qualification: str
    reason: str | None
    marked_at: datetime


@dataclass(frozen=True)
class RecheckCursor:
    marked_at: datetime
    lead_id: int


@dataclass(frozen=True)
class RecheckPage:
    rows: tuple[RecheckRow, ...]
    next_cursor: RecheckCursor | None


def recheck_page(
    session: Session,
    owner_id: int | None = None,
    after: RecheckCursor | None = None,
    limit: int = 50,
    lost_key: str = "lost",
    *,
    viewer: Viewer | None = None,
) -> RecheckPage:
    """Leads waiting for a re-check, the longest waiting first (a manager: their own)."""
    owner_id = scoped_user(viewer, owner_id)
    mark = marked_at()
    tests = [needs_recheck_condition(lost_key)]
    if owner_id is not None:
        tests.append(leads.c.owner_id == owner_id)
    if after is not None:
        tests.append(or_(mark > after.marked_at, and_(mark == after.marked_at, leads.c.id > after.lead_id)))
    query = (
        select(
            leads.c.id, leads.c.name, leads.c.company, users.c.login, users.c.display_name, leads.c.stage,
            leads.c.qualification, func.coalesce(leads.c.junk_reason, leads.c.lost_reason), mark,
        )
        .join(users, users.c.id == leads.c.owner_id)
        .where(*tests)
        .order_by(mark, leads.c.id)
        .limit(limit + 1)
    )
    rows = [RecheckRow(*row[:2], row[2] or "", *row[3:]) for row in session.execute(query)]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = RecheckCursor(rows[-1].marked_at, rows[-1].lead_id)
    return RecheckPage(tuple(rows), next_cursor)


@dataclass(frozen=True)
class RecheckCall:
    call_id: int
    started_at: datetime
    manager_name: str
    direction: str
    duration_seconds: int
    outcome: str
    notes: str


@dataclass(frozen=True)
class RecheckDetail:
    """One written-off lead as the head re-checks it: the manager's reason, BANT, calls and notes."""

    lead_id: int
    name: str
    company: str
    phone: str | None
    email: str | None
    source: str
    value: int | None
    stage: str
    owner_login: str
    owner_name: str
    qualification: str
    reason: str | None
    marked_at: datetime | None
    marked_by_name: str | None
    created_at: datetime
    bant: Bant
    calls: tuple[RecheckCall, ...]
    call_count: int


def recheck_detail(
    session: Session, lead_id: int, call_limit: int = 20, *, viewer: Viewer | None = None
) -> RecheckDetail | None:
    """The lead with its latest calls (newest first); None when it does not exist.

    PermissionDenied when a manager ``viewer`` asks for another manager's lead.
    """
    if restricted(viewer) and session.get(Lead, lead_id) is not None:
        require_lead_visible(session, viewer, lead_id)
    lead = session.get(Lead, lead_id)
    if lead is None:
        return None
    owner = session.get(User, lead.owner_id)
    marker = session.get(User, lead.junk_marked_by_id) if lead.junk_marked_by_id else None
    call_rows = session.execute(
        select(
            calls.c.id, calls.c.started_at, users.c.display_name, calls.c.direction, calls.c.duration_seconds,
            calls.c.outcome, calls.c.notes,
        )
        .join(users, users.c.id == calls.c.manager_id)
        .where(calls.c.lead_id == lead.id)
        .order_by(calls.c.started_at.desc(), calls.c.id.desc())
        .limit(call_limit)
    ).all()
    count = session.scalar(select(func.count()).select_from(calls).where(calls.c.lead_id == lead.id))
    return RecheckDetail(
        lead_id=lead.id, name=lead.name, company=lead.company or "", phone=lead.phone, email=lead.email,
        source=lead.source or "", value=lead.value, stage=lead.stage, owner_login=owner.login,
        owner_name=owner.display_name, qualification=lead.qualification,
        reason=lead.junk_reason or lead.lost_reason, marked_at=lead.junk_marked_at,
        marked_by_name=marker.display_name if marker else None, created_at=lead.created_at,
        bant=Bant(lead.bant_budget, lead.bant_authority, lead.bant_need, lead.bant_timing),
        calls=tuple(RecheckCall(cid, started, who, direction, duration, outcome, notes or "")
                    for cid, started, who, direction, duration, outcome, notes in call_rows),
        call_count=count or 0,
    )


@dataclass(frozen=True)
class ManagerRecheckStats:
    manager_id: int
    login: str
    name: str
    marked: int
    rechecked: int
    confirmed: int
    returned: int
    returned_won: int
    saved_value: int

    @property
    def false_junk_rate(self) -> float | None:
        return false_junk_rate(self.confirmed, self.returned)


def recheck_stats(
    session: Session,
    since: datetime,
    until: datetime,
    *,
    won_key: str = "won",
    lost_key: str = "lost",
    manager_id: int | None = None,
    viewer: Viewer | None = None,
) -> list[ManagerRecheckStats]:
    """Per manager who marked: marks made and re-checks done in [since, until).

    Marks = leads still written off and marked in the period, plus leads marked in the period
    that the head has since returned (their mark is kept on the re-check row). A manager
    ``viewer`` gets their own figures only.
    """
    manager_id = scoped_user(viewer, manager_id)
    marker = func.coalesce(leads.c.junk_marked_by_id, leads.c.owner_id)
    marked: dict[int, int] = defaultdict(int)
    for who, count in session.execute(
        select(marker, func.count())
        .where(is_marked(lost_key), marked_at() >= since, marked_at() < until)
        .group_by(marker)
    ):
        marked[who] += count
    returned_marker = func.coalesce(rechecks.c.marked_by_id, leads.c.owner_id)
    for who, count in session.execute(
        select(returned_marker, func.count())
        .join(leads, leads.c.id == rechecks.c.lead_id)
        .where(rechecks.c.verdict == "returned", rechecks.c.marked_at >= since, rechecks.c.marked_at < until)
        .group_by(returned_marker)
    ):
        marked[who] += count
    verdicts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    saved: dict[int, tuple[int, int]] = {}
    won_value = func.coalesce(func.sum(leads.c.value).filter(leads.c.stage == won_key), 0)
    won_count = func.count().filter(and_(rechecks.c.verdict == "returned", leads.c.stage == won_key))
    for who, verdict, count, won, value in session.execute(
        select(returned_marker, rechecks.c.verdict, func.count(), won_count, won_value)
        .join(leads, leads.c.id == rechecks.c.lead_id)
        .where(rechecks.c.created_at >= since, rechecks.c.created_at < until)
        .group_by(returned_marker, rechecks.c.verdict)
    ):
        verdicts[who][verdict] += count
        if verdict == "returned":
            saved[who] = (won, int(value or 0))
    people = select(users.c.id, users.c.login, users.c.display_name)
    if manager_id is not None:
        people = people.where(users.c.id == manager_id)
    else:
        involved = sorted(set(marked) | set(verdicts)) or [-1]
        people = people.where(or_(users.c.role == "manager", users.c.id.in_(involved)))
    result = []
    for uid, login, name in by_text(session.execute(people), lambda row: row.display_name, lambda row: row.id):
        confirmed, returned = verdicts[uid]["confirmed"], verdicts[uid]["returned"]
        won, value = saved.get(uid, (0, 0))
        result.append(
            ManagerRecheckStats(uid, login, name, marked.get(uid, 0), confirmed + returned, confirmed, returned,
                                won, value)
        )
    return result
