"""Suggestions for a call's review from its transcript, and speech figures from its recording.

`suggest_for_call` reads the call's transcript (`store.queries.transcripts.call_transcript`,
so a manager sees only their own leads' calls), takes the trackers from the call's script (its
items' ``phrases``, the script's ``[[objections]]``) and the objection catalog's phrases, and
returns what `domain.trackers.suggest` finds. Nothing is written: the head's verdict is saved by
`reviews.review_call` alone, which keeps each suggestion beside the answer the head saved
(`record_suggestions`) so the report can show how often the head kept it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from salescockpit.domain.scoring import ScriptDefinition
from salescockpit.domain.tracker_phrases import OBJECTION_PHRASES
from salescockpit.domain.trackers import Suggestions, Tracker, suggest
from salescockpit.domain.transcripts import TranscriptLine
from salescockpit.i18n import _
from salescockpit.store.listening_tables import ReviewSuggestion
from salescockpit.store.queries.transcripts import call_transcript
from salescockpit.store.tables import Call, CallReview, ObjectionType, Script

from .actor import Actor
from .context import ServiceContext
from .errors import NotFound
from .lemmas import lemma
from .scripts import FIRST_CONTACT, current_row, definition_of


def phrase_lines(text: str) -> tuple[str, ...]:
    """The phrases of an objection type's `phrases` column (one a line, blanks skipped)."""
    return tuple(" ".join(line.split()) for line in (text or "").splitlines() if line.strip())


def script_for_call(session: Session, call_id: int) -> ScriptDefinition | None:
    """The script a call is scored against: its own, its review's, else the current first-contact one."""
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound(_("Call #{id} does not exist.").format(id=call_id))
    script_id = call.script_id or session.execute(
        select(CallReview.script_id).where(CallReview.call_id == call_id)).scalar()
    row = session.get(Script, script_id) if script_id else current_row(session, FIRST_CONTACT)
    return definition_of(row) if row is not None else None


def objection_trackers(session: Session, script: ScriptDefinition | None) -> list[Tracker]:
    """The catalog's active types with their phrases, and the script's `[[objections]]` phrases added to them.

    A shipped type whose row has no phrases of its own uses the shipped ones (`OBJECTION_PHRASES`).
    """
    found = {key: phrase_lines(phrases) or OBJECTION_PHRASES.get(key, ()) for key, phrases in session.execute(
        select(ObjectionType.key, ObjectionType.phrases).where(ObjectionType.active.is_(True)).order_by(ObjectionType.id))}
    for entry in (script.objections if script else ()):
        found[entry.key] = tuple(dict.fromkeys((*found.get(entry.key, ()), *entry.phrases)))
    return [Tracker(key, phrases) for key, phrases in found.items() if phrases]


def suggestions_from(session: Session, lines: list[TranscriptLine], script: ScriptDefinition | None) -> Suggestions:
    items = [Tracker(item.key, item.phrases) for item in script.items()] if script else []
    return suggest(lines, items, objection_trackers(session, script), lemma)


def suggest_for_call(ctx: ServiceContext, actor: Actor | None, call_id: int,
                     script: ScriptDefinition | None = None) -> Suggestions:
    """What the trackers suggest for call ``call_id`` (empty when it has no transcript).

    ``script`` replaces the call's own script (tuning phrases before publishing one).
    """
    with ctx.db.read() as session:
        lines = call_transcript(session, actor, call_id)
        if not lines:
            return Suggestions()
        return suggestions_from(session, lines, script or script_for_call(session, call_id))


def record_suggestions(session: Session, review_id: int, call_id: int, script: ScriptDefinition,
                       answers: Mapping[str, str]) -> int:
    """Keep, beside a saved review, what was suggested for each answered item; the number kept.

    Called by `reviews.review_call` inside its transaction; a call with no transcript keeps none.
    """
    session.execute(delete(ReviewSuggestion).where(ReviewSuggestion.review_id == review_id))
    lines = call_transcript(session, None, call_id)
    if not lines:
        return 0
    count = 0
    for suggestion in suggestions_from(session, lines, script).items:
        if suggestion.key not in answers:
            continue
        session.add(ReviewSuggestion(
            review_id=review_id, item_key=suggestion.key, suggested=suggestion.answer,
            saved=str(answers[suggestion.key]), evidence=suggestion.evidence[:2000],
            at_ms=None if suggestion.start_s is None else round(suggestion.start_s * 1000)))
        count += 1
    return count


def recording_path(ctx: ServiceContext, actor: Actor | None, call_id: int) -> Path:
    """The local file of a call's recording; InvalidInput when it has none or it is a link."""
    from .speech_figures import local_recording

    return local_recording(ctx, actor, call_id).path


def call_metrics(ctx: ServiceContext, actor: Actor | None, call_id: int):
    """The speech figures (`audio.speech.SpeechMetrics`) of a call's stereo recording.

    Kept ones of the same file, else measured now and kept for the report
    (`speech_figures.measure_call`). InvalidInput when the call has no local recording, or it
    cannot be measured (not stereo, not a WAV, the audio extra missing): the message says which.
    """
    from .speech_figures import measure_call

    return measure_call(ctx, actor, call_id)
