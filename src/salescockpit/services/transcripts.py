"""Transcripts of calls: import one from a file, or make them with the configured command.

`import_transcript` replaces a call's transcript in one transaction (the head, or the manager
who made the call), audited. The speakers are told apart by the file's labels, the manager's
and the lead's names, and the manager's audio channel (`domain.transcripts.SpeakerNames`).

`make_transcripts` runs ``transcribe.command`` (a template with ``{audio}`` and ``{output}``:
a local whisper.cpp or vosk-transcriber with a model the user downloaded; nothing leaves the
machine) for each call with a local recording and no transcript, and imports what it writes.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from salescockpit.domain.transcripts import SpeakerNames, TranscriptError, TranscriptLine, parse_transcript
from salescockpit.i18n import _
from salescockpit.store.listening_tables import TranscriptLineRow
from salescockpit.store.tables import Call, Lead, User

from .actor import Actor, require_active
from .audit import record_event
from .context import ServiceContext
from .errors import InvalidInput, PermissionDenied
from .lookups import get_call
from .text_input import text_problem

#: How long one transcription may run (seconds).
COMMAND_TIMEOUT_S = 3600
_OUTPUT_SUFFIXES = ("", ".json", ".srt", ".vtt")


def _names(session, call: Call, manager_channel: int) -> SpeakerNames:
    manager = session.get(User, call.manager_id)
    lead = session.get(Lead, call.lead_id)
    return SpeakerNames(manager_names=[manager.display_name, manager.login] if manager else [],
                        client_names=[lead.name] if lead else [], manager_channel=manager_channel)


def store_lines(session, call_id: int, lines: list[TranscriptLine]) -> None:
    """Replace the call's transcript rows with ``lines`` (inside the caller's transaction)."""
    session.execute(delete(TranscriptLineRow).where(TranscriptLineRow.call_id == call_id))
    session.add_all(TranscriptLineRow(call_id=call_id, position=position, start_ms=round(line.start_s * 1000),
                                      end_ms=round(line.end_s * 1000), speaker=line.speaker or "", text=line.text)
                    for position, line in enumerate(lines))


def import_transcript_text(ctx: ServiceContext, actor: Actor, call_id: int, text: str, filename: str = "") -> int:
    """Save ``text`` (a transcript file's content) as call ``call_id``'s transcript; the number of lines."""
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        call = get_call(session, call_id)
        if not actor.is_head and call.manager_id != actor.id:
            raise PermissionDenied(_("Only the head of sales or the call's manager can add its transcript."))
        try:
            lines = parse_transcript(text, filename, _names(session, call, ctx.settings.audio_manager_channel))
        except TranscriptError as error:
            raise InvalidInput("file", f"{filename or _('transcript')}: {error}") from None
        if not lines:
            raise InvalidInput("file", _("{file}: no spoken lines in it.").format(file=filename or _("transcript")))
        if problem := next(filter(None, (text_problem(line.text) for line in lines)), None):
            raise InvalidInput("file", f"{filename or _('transcript')}: {problem}")
        store_lines(session, call.id, lines)
        record_event(session, actor, "call.transcript", "call", call.id,
                     f"{len(lines)} line(s) from {Path(filename).name or '-'}", now)
        return len(lines)


def import_transcript(ctx: ServiceContext, actor: Actor, call_id: int, path: Path) -> int:
    """Read a transcript file and save it as the call's transcript; the number of lines."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput("file", _("Cannot read {file}: {reason}").format(file=path, reason=error)) from None
    return import_transcript_text(ctx, actor, call_id, text, path.name)


@dataclass(frozen=True)
class MadeTranscript:
    call_id: int
    lines: int  # 0 when it failed
    problem: str = ""


def calls_to_transcribe(ctx: ServiceContext, call_id: int | None = None) -> list[tuple[int, Path]]:
    """(call id, local recording) of the calls with a recording file and no transcript."""
    has_lines = select(TranscriptLineRow.call_id).where(TranscriptLineRow.call_id == Call.id).exists()
    query = select(Call.id, Call.recording_ref).where(Call.recording_ref.is_not(None), ~has_lines).order_by(Call.id)
    if call_id is not None:
        query = query.where(Call.id == call_id)
    with ctx.db.read() as session:
        rows = session.execute(query).all()
    found = []
    for row_id, reference in rows:
        if reference.startswith(("http://", "https://")):
            continue
        path = Path(reference.removeprefix("file://")).expanduser()
        if path.is_file():
            found.append((row_id, path))
    return found


def run_command(template: str, audio: Path, workdir: Path) -> Path:
    """Run the transcription command on ``audio``; the file it wrote. InvalidInput on failure."""
    output = workdir / "transcript"
    arguments = [part.replace("{audio}", str(audio)).replace("{output}", str(output)) for part in shlex.split(template)]
    try:
        finished = subprocess.run(arguments, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InvalidInput("command", _("The transcription command failed: {error}").format(error=error)) from None
    if finished.returncode != 0:
        last = (finished.stderr or finished.stdout).strip().splitlines()[-1:] or [""]
        raise InvalidInput("command", _("The transcription command failed (exit {code}): {line}").format(
            code=finished.returncode, line=last[0]))
    for suffix in _OUTPUT_SUFFIXES:
        candidate = output.with_name(output.name + suffix)
        if candidate.is_file() and candidate.stat().st_size:
            return candidate
    raise InvalidInput("command", _("The transcription command wrote nothing at {output}.").format(output=output))


def make_transcripts(ctx: ServiceContext, actor: Actor, call_id: int | None = None) -> list[MadeTranscript]:
    """Transcribe the calls with a recording and no transcript (or just ``call_id``)."""
    template = ctx.settings.transcribe_command
    if not template:
        raise InvalidInput("command", _("Set [transcribe] command in the config file first (see docs/listening.md)."))
    results = []
    for found_id, audio in calls_to_transcribe(ctx, call_id):
        with tempfile.TemporaryDirectory(prefix="salescockpit-transcribe-") as workdir:
            try:
                written = run_command(template, audio, Path(workdir))
                results.append(MadeTranscript(found_id, import_transcript(ctx, actor, found_id, written)))
            except (InvalidInput, PermissionDenied) as error:
                results.append(MadeTranscript(found_id, 0, error.message))
    return results
