"""Marks on a call's recording: a moment tied to a checklist item or an objection type.

The head sets a mark while listening (`add_mark`); it belongs to the call (and so to its one
review), plays back from its moment, and shows in the lead's history. Reading marks follows the
call's lead visibility: a manager sees the marks on calls of the leads they own.
"""

from __future__ import annotations

from dataclasses import dataclass
from sqlalchemy import select

from salescockpit.i18n import _
from salescockpit.store.listening_tables import ReviewMark
from salescockpit.store.queries.visibility import lead_is_visible, require_lead_visible
from salescockpit.store.tables import Call

from .actor import Actor, require_active, require_head
from .audit import record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .text_input import checked_text

TARGET_KINDS = ("item", "objection", "")
marks = ReviewMark.__table__
calls = Call.__table__


@dataclass(frozen=True)
class Mark:
    """One mark as the screens show it."""

    id: int
    call_id: int
    at_ms: int
    target_kind: str  # item | objection | "" (a bare moment)
    target_key: str
    note: str

    @property
    def at_seconds(self) -> float:
        return self.at_ms / 1000


def add_mark(
    ctx: ServiceContext,
    actor: Actor,
    call_id: int,
    at_seconds: float,
    target_kind: str = "",
    target_key: str = "",
    note: str = "",
) -> Mark:
    """Tie the moment ``at_seconds`` of call ``call_id``'s recording to an item or objection (head only)."""
    require_head(actor, _("Only the head of sales can mark calls."))
    if target_kind not in TARGET_KINDS:
        raise InvalidInput("target_kind", _("A mark is tied to an item or an objection."))
    if at_seconds is None or at_seconds < 0:
        raise InvalidInput("at_seconds", _("A mark needs a moment of the recording."))
    note = (note or "").strip()
    if len(note) > 2000:
        raise InvalidInput("note", _("The note is longer than 2000 characters."))
    checked_text("note", note)
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        if session.get(Call, call_id) is None:
            raise NotFound(_("Call #{id} does not exist.").format(id=call_id))
        row = ReviewMark(call_id=call_id, author_id=actor.id, at_ms=round(at_seconds * 1000),
                         target_kind=target_kind, target_key=target_key if target_kind else "",
                         note=note, created_at=now)
        session.add(row)
        session.flush()
        record_event(session, actor, "call.mark", "review_mark", row.id,
                     f"call {call_id} at {row.at_ms} ms: {target_kind} {row.target_key}".strip(), now)
        return Mark(row.id, call_id, row.at_ms, row.target_kind, row.target_key, row.note)


def _rows(query) -> list[Mark]:
    return [Mark(*row) for row in query]


def call_marks(ctx: ServiceContext, actor: Actor, call_id: int) -> list[Mark]:
    """The marks on call ``call_id`` in the order of the recording."""
    with ctx.db.read() as session:
        lead_id = session.execute(select(calls.c.lead_id).where(calls.c.id == call_id)).scalar()
        if lead_id is None:
            raise NotFound(_("Call #{id} does not exist.").format(id=call_id))
        require_lead_visible(session, actor, lead_id)
        query = (select(marks.c.id, marks.c.call_id, marks.c.at_ms, marks.c.target_kind, marks.c.target_key,
                        marks.c.note)
                 .where(marks.c.call_id == call_id).order_by(marks.c.at_ms, marks.c.id))
        return _rows(session.execute(query))


def lead_marks(ctx: ServiceContext, actor: Actor, lead_id: int) -> dict[int, list[Mark]]:
    """The marks on every call of lead ``lead_id``, by call id (for the lead's history)."""
    query = (select(marks.c.id, marks.c.call_id, marks.c.at_ms, marks.c.target_kind, marks.c.target_key,
                    marks.c.note)
             .join(calls, calls.c.id == marks.c.call_id)
             .where(calls.c.lead_id == lead_id, lead_is_visible(calls.c.lead_id, actor))
             .order_by(marks.c.call_id, marks.c.at_ms, marks.c.id))
    found: dict[int, list[Mark]] = {}
    with ctx.db.read() as session:
        for mark in _rows(session.execute(query)):
            found.setdefault(mark.call_id, []).append(mark)
    return found
