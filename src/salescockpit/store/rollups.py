"""Per-lead roll-ups that keep the review queue an index walk at any size.

Three columns on `leads` summarise its children, so that every queue reason is a test on the
lead row itself instead of a nest of EXISTS over calls, reviews and callbacks:

- `open_due_min` / `open_due_max`: the earliest and latest due time of its open callbacks;
- `unscored_since`: the start of its earliest call that has no script review and was made
  after the lead's last lead review (NULL when there is none).

They are never written by hand: every write transaction (`Database.write`) collects the leads
whose calls, callbacks, call reviews or lead reviews it touched and refreshes them just before
it commits; bulk loaders call `refresh_lead_rollups` for every lead once at the end. The queue
tests check the roll-ups against the raw tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, and_, event, exists, func, select, update
from sqlalchemy.orm import Session

from .tables import Call, CallReview, Callback, Lead, LeadReview

leads = Lead.__table__
calls = Call.__table__
callbacks = Callback.__table__
call_reviews = CallReview.__table__
lead_reviews = LeadReview.__table__

_CHUNK = 500
_PENDING = "rollup_lead_ids"


def _rollup_values() -> dict:
    open_due = select(func.min(callbacks.c.due_at)).where(
        callbacks.c.lead_id == leads.c.id, callbacks.c.status == "open"
    )
    open_due_max = select(func.max(callbacks.c.due_at)).where(
        callbacks.c.lead_id == leads.c.id, callbacks.c.status == "open"
    )
    unscored = select(func.min(calls.c.started_at)).where(
        calls.c.lead_id == leads.c.id,
        ~exists().where(call_reviews.c.call_id == calls.c.id),
        ~exists().where(
            and_(lead_reviews.c.lead_id == calls.c.lead_id, lead_reviews.c.created_at >= calls.c.started_at)
        ),
    )
    return {
        "open_due_min": open_due.scalar_subquery(),
        "open_due_max": open_due_max.scalar_subquery(),
        "unscored_since": unscored.scalar_subquery(),
    }


def refresh_lead_rollups(connection: Connection, lead_ids: Iterable[int] | None = None) -> None:
    """Recompute the roll-ups of ``lead_ids`` (of every lead when None)."""
    if lead_ids is None:
        connection.execute(update(leads).values(**_rollup_values()))
        return
    ids = sorted(set(lead_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        connection.execute(update(leads).where(leads.c.id.in_(chunk)).values(**_rollup_values()))


def _touched_lead_ids(session: Session) -> set[int]:
    touched: set[int] = set()
    review_call_ids: set[int] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, (Call, Callback, LeadReview)):
            if instance.lead_id is not None:
                touched.add(instance.lead_id)
        elif isinstance(instance, CallReview) and instance.call_id is not None:
            review_call_ids.add(instance.call_id)
    if review_call_ids:
        rows = session.connection().execute(select(calls.c.lead_id).where(calls.c.id.in_(review_call_ids)))
        touched.update(lead_id for (lead_id,) in rows)
    return touched


def track_rollups(session: Session) -> None:
    """Make ``session`` refresh the roll-ups of every lead it touches, just before it commits."""
    pending: set[int] = session.info.setdefault(_PENDING, set())

    @event.listens_for(session, "before_flush")
    def _collect(session: Session, _context, _instances) -> None:
        pending.update(_touched_lead_ids(session))

    @event.listens_for(session, "before_commit")
    def _refresh(session: Session) -> None:
        session.flush()
        if pending:
            refresh_lead_rollups(session.connection(), pending)
            pending.clear()
