"""Who owned a lead, a callback or a head's action at an instant, from the owner changes kept.

Every hand-over is kept with its time (`owner_changes`, written by `services.ownership`). The
owner of a row at an instant is the ``from_owner_id`` of its earliest change after that instant,
else its owner now: rows never handed over need no change row, and nothing was back-filled.

"After" depends on what is asked. An event (a lead created, a callback due, a stage move) at
instant ``t`` belongs to the owner once every change at or before ``t`` is made: the first
change strictly after ``t`` says who it was. A state at the end of a day (``end`` excluded from
the day, like every window here) belongs to the owner before any change at or after ``end``.

A report reads owners through `Ownership`, made once per count with the earliest instant it
asks about: when no owner changed since (the usual case), every question is answered by the
owner column itself and the SQL is exactly what it was before owner changes were kept; else a
LEFT JOIN finds each row's first change after its instant through the (entity, entity_id,
changed_at) index, so each row costs one index probe into a table that is small.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from salescockpit.store.tables import OwnerChange

from .window import callbacks, lead_reviews, leads

owner_changes = OwnerChange.__table__

#: entity -> (its table's id column, its owner column)
_OWNED = {
    "lead": (leads.c.id, leads.c.owner_id),
    "callback": (callbacks.c.id, callbacks.c.owner_id),
    "lead_review": (lead_reviews.c.id, lead_reviews.c.assignee_id),
}


@dataclass(frozen=True)
class OwnerThen:
    """A FROM clause that can tell the owner of its rows at an instant, and that owner."""

    source: object
    owner: ColumnElement
    #: True for a row whose owner at the instant is not its owner now.
    changed: ColumnElement


def _after(column, moment, at_end: bool):
    return column >= moment if at_end else column > moment


def changed_since(session: Session, moment: datetime) -> bool:
    """Whether any owner changed at or after ``moment`` (one probe of the changed_at index)."""
    query = select(owner_changes.c.id).where(owner_changes.c.changed_at >= moment).limit(1)
    return session.execute(query).first() is not None


@dataclass(frozen=True)
class Ownership:
    """Owner questions for instants at or after ``since``; ``changes`` False: nobody changed since."""

    since: datetime
    changes: bool

    @classmethod
    def of(cls, session: Session, since: datetime) -> Ownership:
        return cls(since, changed_since(session, since))

    def then(self, source, entity: str, moment, *, at_end: bool = False, name: str = "") -> OwnerThen:
        """``source`` (which holds ``entity``'s table) with the owner of each row at ``moment``.

        ``moment`` is a column (an event's own time) or an instant (the end of a day).
        """
        id_column, owner_column = _OWNED[entity]
        if not self.changes:
            return OwnerThen(source, owner_column, false())
        change = owner_changes.alias(f"owner_change_{name or entity}")
        other = owner_changes.alias(f"owner_change_{name or entity}_before")
        earlier_one = exists().where(
            other.c.entity == entity,
            other.c.entity_id == change.c.entity_id,
            _after(other.c.changed_at, moment, at_end),
            or_(other.c.changed_at < change.c.changed_at,
                and_(other.c.changed_at == change.c.changed_at, other.c.id < change.c.id)),
        )
        first_change_after = and_(
            change.c.entity == entity, change.c.entity_id == id_column,
            _after(change.c.changed_at, moment, at_end), ~earlier_one,
        )
        joined = source.outerjoin(change, first_change_after)
        return OwnerThen(joined, func.coalesce(change.c.from_owner_id, owner_column), change.c.id.is_not(None))

    def moved(self, entity: str) -> ColumnElement[bool]:
        """For rows of ``entity``'s table: changed owner at or after ``since`` (false when nobody did).

        An IN over the few changed ids, so the database reads them once, not once per row.
        """
        if not self.changes:
            return false()
        id_column, _owner = _OWNED[entity]
        return id_column.in_(
            select(owner_changes.c.entity_id)
            .where(owner_changes.c.entity == entity, owner_changes.c.changed_at >= self.since)
        )


@dataclass(frozen=True)
class History:
    """The owner changes of one kind of row since an instant, to ask in Python (few rows)."""

    changes: dict[int, tuple[list[datetime], list[int]]]

    @classmethod
    def load(cls, session: Session, entity: str, since: datetime) -> History:
        query = (
            select(owner_changes.c.entity_id, owner_changes.c.changed_at, owner_changes.c.from_owner_id)
            .where(owner_changes.c.entity == entity, owner_changes.c.changed_at >= since)
            .order_by(owner_changes.c.entity_id, owner_changes.c.changed_at, owner_changes.c.id)
        )
        found: dict[int, tuple[list[datetime], list[int]]] = defaultdict(lambda: ([], []))
        for entity_id, changed_at, from_owner_id in session.execute(query):
            times, owners = found[entity_id]
            times.append(changed_at)
            owners.append(from_owner_id)
        return cls(dict(found))

    def owner_at_end(self, entity_id: int, owner_now: int, end: datetime) -> int:
        """The owner of row ``entity_id`` just before ``end`` (changes at ``end`` came after)."""
        times, owners = self.changes.get(entity_id, ((), ()))
        index = bisect_left(times, end)
        return owners[index] if index < len(owners) else owner_now
