"""A call's transcript, read side: its lines in order, for whoever may see the call.

Visibility (`visibility`): a call belongs to its lead, so a manager reads the transcripts of
calls on leads they own now; another manager's call is refused (`PermissionDenied`), an unknown
call is `NotFound`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.transcripts import TranscriptLine
from ...i18n import _
from ...services.errors import NotFound
from ..listening_tables import TranscriptLineRow
from ..tables import Call
from .visibility import Viewer, lead_is_visible, require_lead_visible

lines = TranscriptLineRow.__table__
calls = Call.__table__


def call_lead_id(session: Session, viewer: Viewer | None, call_id: int) -> int:
    """The lead of call ``call_id``, checked visible to ``viewer`` (NotFound / PermissionDenied)."""
    lead_id = session.execute(select(calls.c.lead_id).where(calls.c.id == call_id)).scalar()
    if lead_id is None:
        raise NotFound(_("Call #{id} does not exist.").format(id=call_id))
    require_lead_visible(session, viewer, lead_id)
    return lead_id


def call_transcript(session: Session, viewer: Viewer | None, call_id: int) -> list[TranscriptLine]:
    """The transcript lines of call ``call_id`` in order ([] when it has none)."""
    call_lead_id(session, viewer, call_id)
    query = (
        select(lines.c.start_ms, lines.c.end_ms, lines.c.speaker, lines.c.text)
        .join(calls, calls.c.id == lines.c.call_id)
        .where(lines.c.call_id == call_id, lead_is_visible(calls.c.lead_id, viewer))
        .order_by(lines.c.position, lines.c.id)
    )
    return [TranscriptLine(start / 1000, end / 1000, speaker or None, text)
            for start, end, speaker, text in session.execute(query)]
