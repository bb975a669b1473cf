"""The report's listening figures (issue 20): how often the head kept a suggestion, and who talked.

- **Agreement**, per checklist item: of the reviews saved in the window whose call had a
  transcript, how many items were suggested (`review_suggestions`) and how often the head's
  saved answer was the suggested one ("kept").
- **Talk ratio**, per manager: their share of the spoken time in the transcripts of the calls
  they made in the window (lines with a known speaker; the timed lines of a transcript say who
  spoke how long). `salescockpit call metrics` measures the same from a stereo recording.

A report narrowed to one manager counts their calls only (`Window.narrow`).
"""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from salescockpit.store.listening_tables import ReviewSuggestion, TranscriptLineRow
from salescockpit.store.tables import Call, CallReview, User

from .listening_figures import ItemAgreement, ListeningFigures, ManagerTalk
from .window import Window

_suggestions, _lines = ReviewSuggestion.__table__, TranscriptLineRow.__table__
_reviews, _calls, _users = CallReview.__table__, Call.__table__, User.__table__


def _agreement(session: Session, window: Window) -> tuple[ItemAgreement, ...]:
    kept = func.sum(case((_suggestions.c.suggested == _suggestions.c.saved, 1), else_=0))
    query = (
        select(_suggestions.c.item_key, func.count(), kept)
        .select_from(_suggestions.join(_reviews, _reviews.c.id == _suggestions.c.review_id)
                     .join(_calls, _calls.c.id == _reviews.c.call_id))
        .where(window.during(_reviews.c.created_at))
        .group_by(_suggestions.c.item_key)
    )
    rows = session.execute(window.narrow(query, _calls.c.manager_id)).all()
    return tuple(ItemAgreement(key, count, int(kept or 0), round(100 * int(kept or 0) / count, 1) if count else None)
                 for key, count, kept in sorted(rows))


def _talk(session: Session, window: Window) -> tuple[ManagerTalk, ...]:
    spoken = _lines.c.end_ms - _lines.c.start_ms
    manager_ms = func.sum(case((_lines.c.speaker == "manager", spoken), else_=0))
    query = (
        select(_users.c.login, _users.c.display_name, func.count(func.distinct(_calls.c.id)), manager_ms,
               func.sum(spoken))
        .select_from(_lines.join(_calls, _calls.c.id == _lines.c.call_id).join(_users, _users.c.id == _calls.c.manager_id))
        .where(window.during(_calls.c.started_at), _lines.c.speaker.in_(("manager", "client")))
        .group_by(_users.c.login, _users.c.display_name)
    )
    rows = session.execute(window.narrow(query, _calls.c.manager_id)).all()
    return tuple(ManagerTalk(login, name, calls, round(int(mine or 0) / int(total), 3) if total else None)
                 for login, name, calls, mine, total in sorted(rows))


def listening_figures(session: Session, window: Window) -> ListeningFigures:
    return ListeningFigures(_agreement(session, window), _talk(session, window))
