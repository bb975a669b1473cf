"""The board's card markers for a page of leads: overdue callback, open objection, failed review,
no next step.

Three set queries over the page's lead ids, never one query per card (`board.card_page` and
`board.board_card` call it). A manager ``viewer`` in the scope gets markers only for their own
leads (`visibility`), whatever ids they hand in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from sqlalchemy import case, false, func, select
from sqlalchemy.orm import Session

from ..tables import Call, Callback, CallObjection, CallReview, Lead
from .board_scope import BoardScope
from .visibility import own_leads, restricted

leads = Lead.__table__
callbacks = Callback.__table__
calls = Call.__table__
call_reviews = CallReview.__table__
objections = CallObjection.__table__


def page_markers(session: Session, scope: BoardScope, lead_ids: Sequence[int]) -> dict[int, tuple[bool, bool, bool, bool]]:
    """(overdue callback, open objection, failed last review, no next step) per lead, in set queries."""
    if not lead_ids:
        return {}
    if restricted(scope.viewer):  # a manager handed another's lead ids gets no markers for them
        lead_ids = list(session.scalars(select(leads.c.id).where(leads.c.id.in_(lead_ids), own_leads(scope.viewer))))
    now = scope.now
    overdue: set[int] = set()
    planned: set[int] = set()
    due_query = (
        select(
            callbacks.c.lead_id,
            func.max(case((callbacks.c.due_at < now, 1), else_=0)),
            func.max(case((callbacks.c.due_at >= now, 1), else_=0)),
        )
        .where(callbacks.c.lead_id.in_(lead_ids), callbacks.c.status == "open")
        .group_by(callbacks.c.lead_id)
    )
    for lead_id, has_overdue, has_planned in session.execute(due_query):
        if has_overdue:
            overdue.add(lead_id)
        if has_planned:
            planned.add(lead_id)
    open_objections = set(
        session.scalars(
            select(objections.c.lead_id)
            .where(
                objections.c.lead_id.in_(lead_ids), objections.c.handled == false(), objections.c.resolved_at.is_(None)
            )
            .distinct()
        )
    )
    latest: dict[int, tuple[datetime, int, bool]] = {}
    review_query = (
        select(calls.c.lead_id, calls.c.started_at, calls.c.id, call_reviews.c.failed_critical, call_reviews.c.passed)
        .join(call_reviews, call_reviews.c.call_id == calls.c.id)
        .where(calls.c.lead_id.in_(lead_ids))
    )
    for lead_id, started_at, call_id, failed_critical, passed in session.execute(review_query):
        current = latest.get(lead_id)
        if current is None or (started_at, call_id) > current[:2]:
            latest[lead_id] = (started_at, call_id, bool(failed_critical) or passed is False)
    return {
        lead_id: (
            lead_id in overdue,
            lead_id in open_objections,
            latest[lead_id][2] if lead_id in latest else False,
            lead_id not in planned,
        )
        for lead_id in lead_ids
    }
