"""The report's listening figures (issue 20): how often the head kept a suggestion, and who talked.

- **Agreement**, per checklist item: of the reviews saved in the window whose call had a
  transcript, how many items were suggested (`review_suggestions`) and how often the head's
  saved answer was the suggested one ("kept").
- **Talk ratio**, per manager who made calls in the window: their share of the speech in the
  stereo recordings of those calls, by voice activity per channel, read from the figures kept
  in `call_speech_figures` (measured when a recording is attached or imported, by `call
  metrics`, or the review screen: no audio is decoded here). Figures of another recording
  than the call's present one are not counted. A manager with no measured call gets no
  number (the report says so); transcripts are not used for it.

A report narrowed to one manager counts their calls only (`Window.narrow`).
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from salescockpit.store.listening_tables import ReviewSuggestion
from salescockpit.store.speech_tables import CallSpeechFigures
from salescockpit.store.tables import Call, CallReview, User

from .listening_figures import ItemAgreement, ListeningFigures, ManagerTalk
from .window import Window

_suggestions, _figures = ReviewSuggestion.__table__, CallSpeechFigures.__table__
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
    of_present_recording = and_(_figures.c.call_id == _calls.c.id, _figures.c.recording_ref == _calls.c.recording_ref)
    recorded = func.sum(case((and_(_calls.c.recording_ref.is_not(None), _calls.c.recording_ref != ""), 1), else_=0))
    # Grouped by the manager's id (the calls come from `ix_calls_started_figures` alone), named after.
    per_manager = window.narrow(
        select(_calls.c.manager_id, func.count(_calls.c.id).label("calls"), recorded.label("recorded"),
               func.count(_figures.c.call_id).label("measured"),
               func.sum(_figures.c.manager_speech_ms).label("manager_ms"),
               func.sum(_figures.c.client_speech_ms).label("client_ms"))
        .select_from(_calls.outerjoin(_figures, of_present_recording))
        .where(window.during(_calls.c.started_at))
        .group_by(_calls.c.manager_id),
        _calls.c.manager_id,
    ).subquery("talk_per_manager")
    query = select(_users.c.login, _users.c.display_name, per_manager.c.calls, per_manager.c.recorded,
                   per_manager.c.measured, per_manager.c.manager_ms, per_manager.c.client_ms).select_from(
        per_manager.join(_users, _users.c.id == per_manager.c.manager_id))
    talk = []
    for login, name, calls, recorded_calls, measured, manager_ms, client_ms in sorted(session.execute(query).all()):
        manager_ms, client_ms = int(manager_ms or 0), int(client_ms or 0)
        total = manager_ms + client_ms
        talk.append(ManagerTalk(login, name, int(calls), int(recorded_calls or 0), int(measured),
                                manager_ms / 1000, client_ms / 1000, round(manager_ms / total, 3) if total else None))
    return tuple(talk)


def listening_figures(session: Session, window: Window) -> ListeningFigures:
    return ListeningFigures(_agreement(session, window), _talk(session, window))
