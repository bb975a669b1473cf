"""The head's queue verdicts of one day that can still be undone, newest first (the undo stack).

The stack is read from the database, not kept in memory: it survives leaving the screen and
restarting the program. A verdict leaves the stack when it is undone (its row is deleted), when
the manager has done the action it gave, or when the day is over. The action a junk re-check
gives the lead's manager ("returned from junk") is made together with a `Recheck` row at the
same instant; it belongs to the re-check, not to the queue, and is never on the stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..tables import Lead, LeadReview, Recheck
from .visibility import Viewer, own_leads

leads = Lead.__table__
lead_reviews = LeadReview.__table__
rechecks = Recheck.__table__


@dataclass(frozen=True)
class UndoableVerdict:
    review_id: int
    lead_id: int
    lead_name: str
    verdict: str
    action_text: str


def _made_by_a_recheck():
    """True for a lead review written by a junk re-check (same lead, reviewer and instant)."""
    return exists().where(
        rechecks.c.lead_id == lead_reviews.c.lead_id,
        rechecks.c.reviewer_id == lead_reviews.c.reviewer_id,
        rechecks.c.created_at == lead_reviews.c.created_at,
    )


def undoable_verdicts(session: Session, reviewer: Viewer, day: date, limit: int | None = None) -> list[UndoableVerdict]:
    """``reviewer``'s own verdicts of team-day ``day`` that can be undone, the last given first.

    Only a head gives verdicts; a manager asking gets their own leads at most (that is, nothing).
    """
    query = (
        select(lead_reviews.c.id, lead_reviews.c.lead_id, leads.c.name, lead_reviews.c.verdict,
               lead_reviews.c.action_text)
        .join(leads, leads.c.id == lead_reviews.c.lead_id)
        .where(
            lead_reviews.c.reviewer_id == reviewer.id,
            lead_reviews.c.day == day,
            lead_reviews.c.action_done_at.is_(None),
            ~_made_by_a_recheck(),
            own_leads(reviewer),
        )
        .order_by(lead_reviews.c.created_at.desc(), lead_reviews.c.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [UndoableVerdict(*row) for row in session.execute(query)]
