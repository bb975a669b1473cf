"""Speech figures of call recordings: measured by voice activity, kept, and read by the report.

`measure_call` gives a call's figures (`audio.speech.SpeechMetrics`): the kept ones when they
were measured from the same recording (same reference, file size and modification time),
else it decodes the recording, measures it and keeps the result (one write, audited). The
report reads the kept rows only (`reports.listening_counts`), so no audio is decoded while a
report is built. `measure_calls` runs it on every call with a local recording whose figures
are missing or stale (`salescockpit call metrics --all`, and after `import recordings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from salescockpit.i18n import _
from salescockpit.store.queries.transcripts import call_lead_id
from salescockpit.store.speech_tables import CallSpeechFigures
from salescockpit.store.tables import Call

from .actor import Actor
from .audit import record_event
from .context import ServiceContext
from .errors import InvalidInput

_figures, _calls = CallSpeechFigures.__table__, Call.__table__


@dataclass(frozen=True)
class Recording:
    """A call's local recording: the reference as stored on the call, the file, its identity."""

    call_id: int
    reference: str
    path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class MeasuredCall:
    call_id: int
    metrics: object | None  # audio.speech.SpeechMetrics, None when it could not be measured
    problem: str = ""


def _local_path(reference: str) -> Path | None:
    if reference.startswith(("http://", "https://")):
        return None
    return Path(reference.removeprefix("file://")).expanduser()


def local_recording(ctx: ServiceContext, actor: Actor | None, call_id: int) -> Recording:
    """The call's recording file; InvalidInput when it has none, it is a link, or the file is gone."""
    with ctx.db.read() as session:
        call_lead_id(session, actor, call_id)
        reference = session.execute(select(_calls.c.recording_ref).where(_calls.c.id == call_id)).scalar()
    if not reference:
        raise InvalidInput("recording", _("Call #{id} has no recording.").format(id=call_id))
    path = _local_path(reference)
    if path is None:
        raise InvalidInput("recording", _("The recording of call #{id} is a link: download it first.").format(id=call_id))
    try:
        status = path.stat()
    except OSError:
        status = None
    if status is None or not path.is_file():
        raise InvalidInput("recording", _("The recording file {path} is not there.").format(path=path))
    return Recording(call_id, reference, path, status.st_size, status.st_mtime_ns)


def _metrics_of_row(row):
    from salescockpit.audio.speech import SpeechMetrics

    manager_s, client_s = row.manager_speech_ms / 1000, row.client_speech_ms / 1000
    total = manager_s + client_s
    return SpeechMetrics(manager_s / total if total else None, row.longest_monologue_ms / 1000,
                         row.silence_ms / 1000, row.overlaps, row.duration_ms / 1000, manager_s, client_s)


def _is_of(row, recording: Recording) -> bool:
    return (row is not None and row.recording_ref == recording.reference and row.recording_size == recording.size
            and row.recording_mtime_ns == recording.mtime_ns)


def kept_figures(ctx: ServiceContext, recording: Recording):
    """The kept figures of exactly this recording, or None."""
    with ctx.db.read() as session:
        row = session.execute(select(_figures).where(_figures.c.call_id == recording.call_id)).first()
    return _metrics_of_row(row) if _is_of(row, recording) else None


def _keep(ctx: ServiceContext, actor: Actor | None, recording: Recording, metrics) -> None:
    """Store the figures, unless the call's recording changed meanwhile (or the database is read-only)."""
    if ctx.db.read_only:
        return
    now = ctx.clock.now()
    with ctx.db.write() as session:
        call = session.get(Call, recording.call_id)
        if call is None or call.recording_ref != recording.reference:
            return
        session.merge(CallSpeechFigures(
            call_id=recording.call_id, recording_ref=recording.reference, recording_size=recording.size,
            recording_mtime_ns=recording.mtime_ns, duration_ms=round(metrics.duration_s * 1000),
            manager_speech_ms=round(metrics.manager_speech_s * 1000), client_speech_ms=round(metrics.client_speech_s * 1000),
            longest_monologue_ms=round(metrics.longest_monologue_s * 1000), silence_ms=round(metrics.silence_s * 1000),
            overlaps=metrics.overlaps, measured_at=now))
        ratio = "-" if metrics.talk_ratio is None else f"{metrics.talk_ratio:.3f}"
        record_event(session, actor, "call.speech_figures", "call", recording.call_id,
                     f"talk_ratio {ratio} of {metrics.duration_s:.1f} s", now)


def measure_recording(ctx: ServiceContext, actor: Actor | None, recording: Recording, refresh: bool = False):
    """The figures of ``recording``: kept ones of the same file, else measured now and kept."""
    from salescockpit.audio.speech import AudioUnavailable, metrics_of_file

    if not refresh:
        kept = kept_figures(ctx, recording)
        if kept is not None:
            return kept
    try:
        metrics = metrics_of_file(recording.path, ctx.settings.audio_manager_channel)
    except AudioUnavailable as error:
        raise InvalidInput("recording", str(error)) from None
    _keep(ctx, actor, recording, metrics)
    return metrics


def measure_call(ctx: ServiceContext, actor: Actor | None, call_id: int, refresh: bool = False):
    """The speech figures of call ``call_id``'s stereo recording (kept, or measured and kept).

    InvalidInput when the call has no local recording or it cannot be measured (not stereo,
    not a WAV, the audio extra missing): the message says which.
    """
    return measure_recording(ctx, actor, local_recording(ctx, actor, call_id), refresh)


def calls_with_recordings(ctx: ServiceContext, actor: Actor | None, call_ids: list[int] | None = None) -> list[int]:
    """The calls (visible to ``actor``) that have a local recording reference (not a link), oldest first."""
    from salescockpit.store.queries.visibility import lead_is_visible

    query = (select(_calls.c.id, _calls.c.recording_ref).where(_calls.c.recording_ref.is_not(None), _calls.c.recording_ref != "",
                                       lead_is_visible(_calls.c.lead_id, actor)).order_by(_calls.c.id))
    if call_ids is not None:
        query = query.where(_calls.c.id.in_(call_ids))
    with ctx.db.read() as session:
        return [call_id for call_id, reference in session.execute(query) if _local_path(reference) is not None]


def measure_calls(ctx: ServiceContext, actor: Actor | None, call_ids: list[int] | None = None,
                  refresh: bool = False) -> list[MeasuredCall]:
    """Measure every call with a local recording (or those of ``call_ids``) whose figures are missing or stale.

    Calls whose kept figures match their file are left out; links are skipped (nothing to decode here).
    """
    results = []
    for call_id in calls_with_recordings(ctx, actor, call_ids):
        try:
            recording = local_recording(ctx, actor, call_id)
            if not refresh and kept_figures(ctx, recording) is not None:
                continue
            results.append(MeasuredCall(call_id, measure_recording(ctx, actor, recording, refresh=True)))
        except InvalidInput as error:
            results.append(MeasuredCall(call_id, None, error.message))
    return results
