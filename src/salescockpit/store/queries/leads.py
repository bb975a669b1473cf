"""Finding leads by what the user remembers: a piece of the name, company, phone or e-mail.

Matching uses the stored casefolded `search_text` with ``LIKE :pattern ESCAPE '\\'`` (see
`store.search`), so "иванов" finds "Иванов" and "4951234567" finds "+7 (495) 123-45-67" on SQLite
and PostgreSQL alike. A manager only ever finds their own leads (`visibility`: ``viewer``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..search import LIKE_ESCAPE, like_pattern
from ..tables import Lead, User
from .visibility import Viewer, scoped_user

leads = Lead.__table__
users = User.__table__

#: How many matches a search shows at most.
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class LeadMatch:
    """One lead found by a search, with what a picker shows about it."""

    lead_id: int
    name: str
    company: str
    phone: str | None
    email: str | None
    stage: str
    owner_login: str
    owner_name: str

    @property
    def label(self) -> str:
        """Name, then company when there is one: how the lead is named in forms."""
        return f"{self.name} ({self.company})" if self.company else self.name


def find_leads(
    session: Session, query: str, *, owner_id: int | None = None, limit: int = SEARCH_LIMIT,
    viewer: Viewer | None = None,
) -> tuple[LeadMatch, ...]:
    """Leads whose name, company, phone or e-mail contains ``query`` (any case, any script).

    ``owner_id`` limits the search to that owner's leads; a manager ``viewer`` finds only their
    own. An empty query finds nothing. The most recently active leads come first.
    """
    owner_id = scoped_user(viewer, owner_id)
    if not query or not query.strip():
        return ()
    statement = (
        select(
            leads.c.id, leads.c.name, leads.c.company, leads.c.phone, leads.c.email, leads.c.stage,
            users.c.login, users.c.display_name,
        )
        .join(users, users.c.id == leads.c.owner_id)
        .where(leads.c.search_text.like(like_pattern(query), escape=LIKE_ESCAPE))
        .order_by(leads.c.last_activity_at.desc(), leads.c.id.desc())
        .limit(limit)
    )
    if owner_id is not None:
        statement = statement.where(leads.c.owner_id == owner_id)
    return tuple(LeadMatch(*row) for row in session.execute(statement))


def lead_match(
    session: Session, lead_id: int, *, owner_id: int | None = None, viewer: Viewer | None = None
) -> LeadMatch | None:
    """One lead as a `LeadMatch` (for a form preset with it); None when missing or not the owner's."""
    owner_id = scoped_user(viewer, owner_id)
    statement = (
        select(
            leads.c.id, leads.c.name, leads.c.company, leads.c.phone, leads.c.email, leads.c.stage,
            users.c.login, users.c.display_name,
        )
        .join(users, users.c.id == leads.c.owner_id)
        .where(leads.c.id == lead_id)
    )
    if owner_id is not None:
        statement = statement.where(leads.c.owner_id == owner_id)
    row = session.execute(statement).first()
    return None if row is None else LeadMatch(*row)
