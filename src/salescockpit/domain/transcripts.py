"""Call transcripts: SRT, WebVTT, Whisper JSON and Vosk JSON read into one timed-line model.

Pure: text in, `TranscriptLine`s out. Who speaks comes from what the file says, when it says it:
a WebVTT voice tag (``<v Менеджер>``), a ``Name:`` at the start of a cue, a ``speaker`` or
``channel`` field in JSON. `SpeakerNames` turns such a label into "manager" or "client":
manager/менеджер or the manager's name, client/клиент or the lead's name; a channel number is
the manager's when it is ``manager_channel`` (config ``audio.manager_channel``), else the
client's. Anything else (a diarizer's "SPEAKER_00") stays unknown (None).

Lines come out ordered by start time; overlapping cues are kept (people talk over each other),
cues with no text are dropped. A byte-order mark and CRLF line ends are accepted, hours run
past 99 (``100:00:01,000``) and so do minutes written without hours (``120:00.000``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from salescockpit.i18n import _

Speaker = Literal["manager", "client"]
MANAGER: Speaker = "manager"
CLIENT: Speaker = "client"
FORMATS = ("srt", "vtt", "whisper", "vosk")
#: Words of a Vosk result further apart than this (seconds) start a new line.
VOSK_LINE_GAP_S = 1.0

_MANAGER_WORDS = frozenset({"manager", "менеджер", "agent", "оператор", "operator", "продавец"})
_CLIENT_WORDS = frozenset({"client", "клиент", "customer", "клиентка", "покупатель", "caller"})
_SRT_TIME = re.compile(r"^\s*(\d+):(\d{1,2}):(\d{1,2})[,.](\d{1,3})\s*-->\s*(\d+):(\d{1,2}):(\d{1,2})[,.](\d{1,3})",
                       re.MULTILINE)
_VTT_TIME = re.compile(  # minutes may pass 99 when a writer leaves the hours out ("100:00.500")
    r"^\s*(?:(\d+):)?(\d+):(\d{1,2})\.(\d{1,3})\s*-->\s*(?:(\d+):)?(\d+):(\d{1,2})\.(\d{1,3})")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]*>")
_NAME_PREFIX = re.compile(r"^\s*([^\W\d_][\w .'-]{0,40}?)\s*:\s+(.+)$", re.DOTALL)


class TranscriptError(ValueError):
    """A file that is not a transcript this module reads (the message says why)."""


@dataclass(frozen=True)
class TranscriptLine:
    """One stretch of speech: start and end in seconds from the call's start, who, and the words."""

    start_s: float
    end_s: float
    speaker: Speaker | None
    text: str


@dataclass(frozen=True)
class SpeakerNames:
    """How to tell the manager from the client: their names, and the manager's audio channel."""

    manager_names: Sequence[str] = ()
    client_names: Sequence[str] = ()
    manager_channel: int = 0

    def of_label(self, label: str | None) -> Speaker | None:
        """The speaker a label names, or None when it names neither."""
        if not label:
            return None
        folded = label.strip().casefold()
        if folded in _MANAGER_WORDS:
            return MANAGER
        if folded in _CLIENT_WORDS:
            return CLIENT
        words = set(folded.split())
        if any(words and words <= set(name.casefold().split()) for name in self.manager_names if name):
            return MANAGER
        if any(words and words <= set(name.casefold().split()) for name in self.client_names if name):
            return CLIENT
        return None

    def of_channel(self, channel: object) -> Speaker | None:
        if isinstance(channel, bool) or not isinstance(channel, int):
            return None
        return MANAGER if channel == self.manager_channel else CLIENT


def detect_format(text: str, filename: str = "") -> str:
    """"srt", "vtt", "whisper" or "vosk", from the file name and its first characters."""
    head = text.lstrip("\ufeff").lstrip()
    lower = filename.lower()
    if head.startswith("WEBVTT") or lower.endswith(".vtt"):
        return "vtt"
    if head.startswith(("{", "[")):
        try:
            data = json.loads(head)
        except json.JSONDecodeError as error:
            raise TranscriptError(_("Not valid JSON: {error}").format(error=error)) from None
        if isinstance(data, dict) and ("segments" in data or "transcription" in data):
            return "whisper"
        return "vosk"
    if lower.endswith(".srt") or _SRT_TIME.search(head[:500]):
        return "srt"
    raise TranscriptError(_("Unknown transcript format: expected SRT, WebVTT, Whisper JSON or Vosk JSON."))


def parse_transcript(text: str, filename: str = "", names: SpeakerNames | None = None) -> list[TranscriptLine]:
    """The lines of a transcript file's text, in start order; TranscriptError when unreadable."""
    names = names or SpeakerNames()
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    kind = detect_format(text, filename)
    if kind == "srt":
        lines = _cues(text, _SRT_TIME, names, voice_tags=False)
    elif kind == "vtt":
        lines = _cues(text, _VTT_TIME, names, voice_tags=True)
    elif kind == "whisper":
        lines = _whisper(json.loads(text), names)
    else:
        lines = _vosk(json.loads(text), names)
    return sorted((line for line in lines if line.text), key=lambda line: (line.start_s, line.end_s))


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction.ljust(3, "0")) / 1000


def _spoken(raw: str, names: SpeakerNames, voice_tags: bool) -> tuple[Speaker | None, str]:
    """(speaker, plain text) of a cue's text lines."""
    speaker = None
    voice = _VOICE.search(raw) if voice_tags else None
    if voice:
        speaker = names.of_label(voice.group(1))
    plain = " ".join(_TAG.sub("", raw).split())
    prefix = _NAME_PREFIX.match(plain)
    if prefix and names.of_label(prefix.group(1)):
        speaker = speaker or names.of_label(prefix.group(1))
        plain = prefix.group(2).strip()
    return speaker, plain


def _cues(text: str, timing: re.Pattern, names: SpeakerNames, *, voice_tags: bool) -> Iterable[TranscriptLine]:
    for block in re.split(r"\n[ \t]*\n", text):
        rows = block.split("\n")
        for index, row in enumerate(rows):
            found = timing.search(row)
            if found:
                start = _seconds(*found.group(1, 2, 3, 4))
                end = _seconds(*found.group(5, 6, 7, 8))
                speaker, plain = _spoken("\n".join(rows[index + 1:]), names, voice_tags)
                yield TranscriptLine(start, max(start, end), speaker, plain)
                break


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TranscriptError(_("{where}: start and end must be numbers of seconds.").format(where=where))
    return float(value)


def _speaker_of(entry: dict, names: SpeakerNames) -> Speaker | None:
    for field in ("speaker", "spk", "role"):
        if isinstance(entry.get(field), str):
            return names.of_label(entry[field])
        if isinstance(entry.get(field), int) and not isinstance(entry.get(field), bool):
            return names.of_channel(entry[field])
    return names.of_channel(entry.get("channel"))


def _whisper(data: dict, names: SpeakerNames) -> Iterable[TranscriptLine]:
    if "transcription" in data:  # whisper.cpp's --output-json: offsets in milliseconds
        for number, entry in enumerate(data["transcription"], start=1):
            offsets = entry.get("offsets") or {}
            where = _("segment {number}").format(number=number)
            start, end = _number(offsets.get("from"), where) / 1000, _number(offsets.get("to"), where) / 1000
            speaker, plain = _spoken(str(entry.get("text", "")), names, voice_tags=False)
            yield TranscriptLine(start, max(start, end), speaker or _speaker_of(entry, names), plain)
        return
    for number, entry in enumerate(data.get("segments") or [], start=1):
        where = _("segment {number}").format(number=number)
        start, end = _number(entry.get("start"), where), _number(entry.get("end"), where)
        speaker, plain = _spoken(str(entry.get("text", "")), names, voice_tags=False)
        yield TranscriptLine(start, max(start, end), speaker or _speaker_of(entry, names), plain)


def _vosk_words(data: object) -> Iterable[tuple[dict, dict]]:
    """(word, the result it came in) for a Vosk result, a list of them, or {"results": [...]}."""
    results = data if isinstance(data, list) else data.get("results", [data]) if isinstance(data, dict) else []
    for result in results:
        if isinstance(result, dict) and "word" in result:  # a bare list of words
            yield result, {}
        elif isinstance(result, dict):
            for word in result.get("result") or []:
                yield word, result


def _vosk(data: object, names: SpeakerNames) -> Iterable[TranscriptLine]:
    current: list[str] = []
    start = end = 0.0
    speaker: Speaker | None = None
    for number, (word, result) in enumerate(_vosk_words(data), start=1):
        where = _("word {number}").format(number=number)
        w_start, w_end = _number(word.get("start"), where), _number(word.get("end"), where)
        w_speaker = _speaker_of(word, names) or _speaker_of(result, names)
        if current and (w_speaker != speaker or w_start - end > VOSK_LINE_GAP_S):
            yield TranscriptLine(start, end, speaker, " ".join(current))
            current = []
        if not current:
            start, speaker = w_start, w_speaker
        current.append(str(word.get("word", "")).strip())
        end = max(end if len(current) > 1 else w_end, w_end)
    if current:
        yield TranscriptLine(start, end, speaker, " ".join(current))
