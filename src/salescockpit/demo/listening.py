"""The demo's transcripts and recordings (issue 20): so suggestions, metrics and the player work at once.

A share of the connected calls get a transcript: the latest reviewed ones (their lines follow
the head's answers, so the report's agreement figure means something) and the latest not yet
reviewed (the manager following or skipping items at random, clients raising the objections
logged on the call). The three newest unreviewed calls get the committed stereo recordings of
`audio/` (spoken once by tools/make_demo_audio.py) and the transcripts made with them, and
their speech figures are kept for the report's talk ratio (when the audio extra is installed).
Runs on its own random stream, so the rest of the demo stays what it was.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from random import Random

from sqlalchemy import insert, inspect, select, text

from salescockpit.domain.transcripts import SpeakerNames, TranscriptLine, parse_transcript
from salescockpit.store.listening_tables import TranscriptLineRow

from .dialogues import RECORDED, transcript_for
from .writer import BulkWriter

AUDIO = Path(__file__).parent / "audio"
#: How many reviewed and how many unreviewed calls get a transcript.
REVIEWED_TRANSCRIPTS = 120
UNREVIEWED_TRANSCRIPTS = 80
_CONNECTED = "('reached', 'callback_requested', 'meeting_set', 'won', 'lost')"


def _item_keys(writer: BulkWriter) -> dict[int, list[str]]:
    keys = {}
    for script_id, definition in writer.query("SELECT id, definition FROM scripts"):
        data = json.loads(definition)
        keys[script_id] = [item["key"] for section in data["sections"] for item in section["items"]]
    return keys


def _calls(writer: BulkWriter, reviewed: bool, limit: int) -> list[tuple[int, int, int | None, str]]:
    """(call id, duration, script id, manager name), newest first."""
    exists = "EXISTS" if reviewed else "NOT EXISTS"
    return writer.query(
        "SELECT c.id, c.duration_seconds, c.script_id, u.display_name FROM calls c JOIN users u ON u.id = c.manager_id"
        f" WHERE c.outcome IN {_CONNECTED} AND {exists} (SELECT 1 FROM call_reviews r WHERE r.call_id = c.id)"
        f" ORDER BY c.started_at DESC, c.id DESC LIMIT {int(limit)}")


def _by_call(rows) -> dict[int, list]:
    found: dict[int, list] = {}
    for call_id, *rest in rows:
        found.setdefault(call_id, []).append(rest[0] if len(rest) == 1 else tuple(rest))
    return found


def write_listening(writer: BulkWriter, seed: int) -> None:
    """Add the transcripts and recordings (nothing on a database older than migration 0020)."""
    if not inspect(writer.connection).has_table("transcript_lines"):
        return
    writer.flush()
    rng = Random(seed * 7919 + 20)
    reviewed = _calls(writer, True, REVIEWED_TRANSCRIPTS)
    unreviewed = _calls(writer, False, UNREVIEWED_TRANSCRIPTS + len(RECORDED))
    recorded, unreviewed = unreviewed[:len(RECORDED)], unreviewed[len(RECORDED):]
    ids = ",".join(str(row[0]) for row in reviewed + unreviewed) or "0"
    answers = _by_call(writer.query(
        "SELECT r.call_id, i.item_key, i.answer FROM call_review_items i JOIN call_reviews r ON r.id = i.review_id"
        f" WHERE r.call_id IN ({ids}) ORDER BY i.id"))
    objections = _by_call(writer.query(
        "SELECT o.call_id, t.key FROM call_objections o JOIN objection_types t ON t.id = o.type_id"
        f" WHERE o.call_id IN ({ids}) ORDER BY o.id"))
    item_keys = _item_keys(writer)
    default_keys = next(iter(item_keys.values()), [])
    rows: list[dict] = []

    def add(call_id: int, lines: list[TranscriptLine]) -> None:
        rows.extend({"call_id": call_id, "position": position, "start_ms": round(line.start_s * 1000),
                     "end_ms": round(line.end_s * 1000), "speaker": line.speaker or "", "text": line.text}
                    for position, line in enumerate(lines))

    for call_id, duration, script_id, manager in reviewed + unreviewed:
        said = answers.get(call_id) or [(key, "done" if rng.random() < 0.7 else "missed")
                                        for key in item_keys.get(script_id, default_keys)]
        add(call_id, transcript_for(rng, said, objections.get(call_id, []), manager.split()[0], max(duration, 60)))
    for (call_id, _duration, _script, manager), (name, _lines) in zip(recorded, RECORDED):
        path = AUDIO / f"{name}.wav"
        writer.connection.execute(text("UPDATE calls SET recording_ref = :path WHERE id = :id"),
                                  {"path": str(path), "id": call_id})
        names = SpeakerNames(manager_names=[manager])
        add(call_id, parse_transcript((AUDIO / f"{name}.json").read_text(encoding="utf-8"), f"{name}.json", names))
    if rows:  # a Core insert on the writer's own connection: the same transaction on either path
        writer.connection.execute(insert(TranscriptLineRow.__table__), rows)
    _keep_speech_figures(writer, [call_id for call_id, *_rest in recorded[:len(RECORDED)]])


def _keep_speech_figures(writer: BulkWriter, call_ids: list[int]) -> None:
    """The recorded calls' speech figures, as `call metrics` keeps them (when the audio extra is there).

    Stamped with the call's end, not the wall clock, so the same seed writes the same rows.
    """
    from salescockpit.audio.speech import AudioUnavailable, metrics_of_file
    from salescockpit.store.speech_tables import CallSpeechFigures
    from salescockpit.store.tables import Call

    if not call_ids or not inspect(writer.connection).has_table(CallSpeechFigures.__tablename__):
        return
    calls = Call.__table__
    figures = []
    for call_id, reference, started_at, duration in writer.connection.execute(
            select(calls.c.id, calls.c.recording_ref, calls.c.started_at, calls.c.duration_seconds)
            .where(calls.c.id.in_(call_ids)).order_by(calls.c.id)):
        path = Path(reference)
        try:
            metrics = metrics_of_file(path)
        except AudioUnavailable:
            return
        status = path.stat()
        figures.append({
            "call_id": call_id, "recording_ref": reference, "recording_size": status.st_size,
            "recording_mtime_ns": status.st_mtime_ns, "duration_ms": round(metrics.duration_s * 1000),
            "manager_speech_ms": round(metrics.manager_speech_s * 1000),
            "client_speech_ms": round(metrics.client_speech_s * 1000),
            "longest_monologue_ms": round(metrics.longest_monologue_s * 1000),
            "silence_ms": round(metrics.silence_s * 1000), "overlaps": metrics.overlaps,
            "measured_at": started_at + timedelta(seconds=duration or 0)})
    if figures:
        writer.connection.execute(insert(CallSpeechFigures.__table__), figures)
