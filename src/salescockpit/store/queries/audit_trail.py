"""Reading the audit trail: a lead's own history of changes, or the whole trail filtered.

Rows are `TrailRow` tuples, newest first, a page at a time (keyset on the row id). Seal rows are
bookkeeping and never listed; "seal.broken" rows are (they are findings). A row belongs to a lead
when it is about the lead itself or about one of its calls, callbacks, call reviews, lead
reviews or re-checks; `owner_id` keeps only rows about that manager's leads, in the query.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, case, exists, or_, select
from sqlalchemy.orm import Session

from ..seals import SEAL
from ..tables import AuditEntry, Call, Callback, CallReview, Lead, LeadReview, Recheck, User
from .visibility import Viewer, scoped_user

#: Rows per page when the caller does not say.
PAGE = 200

_audit = AuditEntry.__table__
_leads, _calls, _callbacks = Lead.__table__, Call.__table__, Callback.__table__
_reviews, _lead_reviews, _rechecks = CallReview.__table__, LeadReview.__table__, Recheck.__table__


class TrailRow(NamedTuple):
    audit_id: int
    at: datetime
    login: str | None
    action: str
    entity: str
    entity_id: int | None
    field: str
    old: str | None
    new: str | None


def _children(entity: str):
    """(table, its lead id column, its id column) for the audit entities that hang off a lead."""
    if entity == "call_review":
        joined = _reviews.join(_calls, _calls.c.id == _reviews.c.call_id)
        return joined, _calls.c.lead_id, _reviews.c.id
    table = {"call": _calls, "callback": _callbacks, "lead_review": _lead_reviews, "recheck": _rechecks}[entity]
    return table, table.c.lead_id, table.c.id


_CHILD_ENTITIES = ("call", "callback", "call_review", "lead_review", "recheck")


def about_lead(lead_id: int) -> ColumnElement[bool]:
    """Rows about ``lead_id`` or its children (each branch an index lookup on entity, entity_id)."""
    branches = [and_(_audit.c.entity == "lead", _audit.c.entity_id == lead_id)]
    for entity in _CHILD_ENTITIES:
        source, lead_column, id_column = _children(entity)
        ids = select(id_column).select_from(source).where(lead_column == lead_id)
        branches.append(and_(_audit.c.entity == entity, _audit.c.entity_id.in_(ids)))
    return or_(*branches)


def _lead_of_row() -> ColumnElement[int | None]:
    """The lead a row is about (NULL for rows about users, scripts, imports...)."""
    whens = [(_audit.c.entity == "lead", _audit.c.entity_id)]
    for entity in _CHILD_ENTITIES:
        source, lead_column, id_column = _children(entity)
        lookup = (  # correlated to the outer audit row, even from inside owned_by's EXISTS
            select(lead_column).select_from(source).where(id_column == _audit.c.entity_id)
            .correlate(_audit).scalar_subquery()
        )
        whens.append((_audit.c.entity == entity, lookup))
    return case(*whens, else_=None)


def owned_by(owner_id: int) -> ColumnElement[bool]:
    """Rows about a lead that ``owner_id`` owns now."""
    return exists().where(_leads.c.id == _lead_of_row(), _leads.c.owner_id == owner_id)


def trail_page(
    session: Session, *, lead_id: int | None = None, user_id: int | None = None, since: datetime | None = None,
    owner_id: int | None = None, before_id: int | None = None, limit: int = PAGE, viewer: Viewer | None = None,
) -> list[TrailRow]:
    """Up to ``limit`` rows, newest first, older than ``before_id`` when given.

    ``lead_id``: about that lead; ``user_id``: made by that user; ``since``: at or after that
    instant; ``owner_id``: about leads that manager owns (a manager's own view of the trail). A
    manager ``viewer`` always gets that view (`visibility`; another manager's id is refused).
    """
    owner_id = scoped_user(viewer, owner_id)
    query = (
        select(_audit.c.id, _audit.c.at, User.login, _audit.c.action, _audit.c.entity, _audit.c.entity_id,
               _audit.c.field, _audit.c.old, _audit.c.new)
        .outerjoin(User, User.id == _audit.c.user_id)
        .where(_audit.c.action != SEAL)
        .order_by(_audit.c.id.desc())
        .limit(limit)
    )
    if lead_id is not None:
        query = query.where(about_lead(lead_id))
    if user_id is not None:
        query = query.where(_audit.c.user_id == user_id)
    if since is not None:
        query = query.where(_audit.c.at >= since)
    if owner_id is not None:
        query = query.where(owned_by(owner_id))
    if before_id is not None:
        query = query.where(_audit.c.id < before_id)
    return [TrailRow(*row) for row in session.execute(query)]
