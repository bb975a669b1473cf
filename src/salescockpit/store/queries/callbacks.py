"""Callbacks, read side: what is due before the end of today, promises kept, and who can take one.

`due_callbacks` walks the (status, due_at) index for open callbacks due before a cut-off (the
end of the team's day), so the list stays at a few hundred rows. The promise history feeds
`domain.callbacks.promise_kept_ratio`. Rows are frozen dataclasses.

Visibility (`visibility`): a manager ``viewer`` lists the callbacks they owe on the leads they
own (and `due_counts` counts that same list); `promise_history` is a figure of their own
promises; `calls_since` refuses another manager's lead. `team_members` is the user directory,
not lead data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..tables import Call, Callback, Lead, User
from ..text_order import by_text
from .visibility import Viewer, own_leads, require_lead_visible, restricted, scoped_user

#: Every status a callback can have (``missed``: moved after its due time had passed).
CALLBACK_STATUSES = ("open", "done", "cancelled", "missed")

#: A safety cap on the callbacks screen (a team with more due today has a bigger problem).
DUE_LIMIT = 2000


@dataclass(frozen=True)
class DueCallback:
    callback_id: int
    lead_id: int
    lead_name: str
    company: str
    owner_id: int
    owner_login: str
    owner_name: str
    due_at: datetime
    created_at: datetime
    note: str


@dataclass(frozen=True)
class TeamMember:
    user_id: int
    login: str
    name: str
    role: str


@dataclass(frozen=True)
class CallChoice:
    """A call that may have kept a promise (shown when a callback is marked done)."""

    call_id: int
    started_at: datetime
    outcome: str
    duration_seconds: int
    manager_name: str
    notes: str


def due_callbacks(
    session: Session, *, before: datetime, owner_id: int | None = None, limit: int = DUE_LIMIT,
    viewer: Viewer | None = None,
) -> tuple[DueCallback, ...]:
    """Open callbacks due before ``before`` (overdue ones included), oldest due first."""
    owner_id = scoped_user(viewer, owner_id)
    statement = (
        select(
            Callback.id, Callback.lead_id, Lead.name, Lead.company, Callback.owner_id, User.login,
            User.display_name, Callback.due_at, Callback.created_at, Callback.note,
        )
        .join(Lead, Lead.id == Callback.lead_id)
        .join(User, User.id == Callback.owner_id)
        .where(Callback.status == "open", Callback.due_at < before, own_leads(viewer, Lead.owner_id))
        .order_by(Callback.due_at, Callback.id)
        .limit(limit)
    )
    if owner_id is not None:
        statement = statement.where(Callback.owner_id == owner_id)
    return tuple(DueCallback(*row) for row in session.execute(statement))


def promise_history(
    session: Session, *, start: datetime, end: datetime, owner_id: int | None = None,
    viewer: Viewer | None = None,
) -> dict[int, list[tuple[datetime, datetime | None]]]:
    """Per owner id: (due_at, done_at) of every promise due in ``[start, end)``.

    done_at is None for a promise not kept: still open, moved after it was due (``missed``), or
    cancelled after it was due. One cancelled before its due time was withdrawn, and is left out.
    """
    owner_id = scoped_user(viewer, owner_id)
    statement = select(Callback.owner_id, Callback.due_at, Callback.done_at, Callback.status).where(
        Callback.status.in_(CALLBACK_STATUSES),  # lets the (status, due_at) index serve the range
        Callback.due_at >= start, Callback.due_at < end,
    )
    if owner_id is not None:
        statement = statement.where(Callback.owner_id == owner_id)
    history: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for owner, due_at, done_at, status in session.execute(statement):
        if status == "cancelled" and (done_at is None or done_at <= due_at):
            continue
        history[owner].append((due_at, done_at if status == "done" else None))
    return dict(history)


@dataclass(frozen=True)
class CallbackToSettle:
    """The open callback a call with its lead settles by default."""

    callback_id: int
    due_at: datetime


def callback_to_settle(
    session: Session, lead_id: int, *, before: datetime, viewer: Viewer | None = None
) -> CallbackToSettle | None:
    """The lead's earliest open callback owed by the lead's owner and due before ``before``.

    ``before`` is usually the end of the team's day: a call answers a callback due or overdue
    today, not one promised for next week. None when there is none; PermissionDenied when the
    lead is not the viewer's.
    """
    if restricted(viewer):
        require_lead_visible(session, viewer, lead_id)
    statement = (
        select(Callback.id, Callback.due_at)
        .join(Lead, Lead.id == Callback.lead_id)
        .where(Callback.lead_id == lead_id, Callback.status == "open", Callback.due_at < before,
               Callback.owner_id == Lead.owner_id)
        .order_by(Callback.due_at, Callback.id)
        .limit(1)
    )
    row = session.execute(statement).first()
    return None if row is None else CallbackToSettle(*row)


def team_members(session: Session, *, user_id: int | None = None) -> tuple[TeamMember, ...]:
    """The active users by name (only ``user_id`` when given): callback owners and transfer targets."""
    statement = select(User.id, User.login, User.display_name, User.role).where(User.active.is_(True))
    if user_id is not None:
        statement = statement.where(User.id == user_id)
    rows = by_text(session.execute(statement), lambda row: row.display_name, lambda row: row.id)
    return tuple(TeamMember(*row) for row in rows)


def calls_since(
    session: Session, lead_id: int, since: datetime, *, limit: int = 50, viewer: Viewer | None = None
) -> tuple[CallChoice, ...]:
    """The lead's calls started at or after ``since``, newest first (PermissionDenied: not the viewer's)."""
    if restricted(viewer):
        require_lead_visible(session, viewer, lead_id)
    rows = session.execute(
        select(Call.id, Call.started_at, Call.outcome, Call.duration_seconds, User.display_name, Call.notes)
        .join(User, User.id == Call.manager_id)
        .where(Call.lead_id == lead_id, Call.started_at >= since)
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(limit)
    )
    return tuple(CallChoice(*row) for row in rows)


def due_counts(
    session: Session, *, now: datetime, before: datetime, owner_id: int | None = None,
    viewer: Viewer | None = None,
) -> dict[int, tuple[int, int]]:
    """Per owner id: (overdue, due later before ``before``) over ALL open callbacks (the list is capped)."""
    from sqlalchemy import case, func

    owner_id = scoped_user(viewer, owner_id)
    overdue = func.sum(case((Callback.due_at < now, 1), else_=0))
    statement = (
        select(Callback.owner_id, overdue, func.count())
        .where(Callback.status == "open", Callback.due_at < before)
        .group_by(Callback.owner_id)
    )
    if restricted(viewer):
        statement = statement.join(Lead, Lead.id == Callback.lead_id).where(own_leads(viewer, Lead.owner_id))
    if owner_id is not None:
        statement = statement.where(Callback.owner_id == owner_id)
    return {owner: (int(late or 0), int(total) - int(late or 0)) for owner, late, total in session.execute(statement)}
