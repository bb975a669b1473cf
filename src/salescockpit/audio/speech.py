"""Speech figures from a stereo recording, without a transcript: who talked how much.

Voice-activity detection (webrtcvad, the optional ``audio`` extra) runs on each channel of a
16-bit PCM WAV file (read with the stdlib `wave`; other widths and rates are converted), one
channel the manager's (config ``audio.manager_channel``), the other the client's. The raw
30 ms decisions are smoothed: pauses shorter than `BRIDGE_S` inside speech count as speech
(the gaps between words), bursts shorter than `MIN_SPEECH_S` do not (clicks).

The figures (`SpeechMetrics`), named as `salescockpit call metrics` prints them:

- ``talk_ratio``: the manager's share of all speech, 0-1 (Gong's 25,537 B2B calls: the average
  rep 0.65-0.75, the best 0.43);
- ``longest_monologue_s``: the manager's longest turn, speech with pauses under
  `TURN_PAUSE_S`, ended when the client speaks;
- ``silence_s``: time when neither speaks;
- ``overlaps``: how many times both spoke at once for at least `MIN_OVERLAP_S`.
"""

from __future__ import annotations

import sys
import wave
import warnings
from array import array
from dataclasses import dataclass
from pathlib import Path

from salescockpit.i18n import _

FRAME_MS = 30
BRIDGE_S = 0.3
MIN_SPEECH_S = 0.1
TURN_PAUSE_S = 1.0
MIN_OVERLAP_S = 0.2
VAD_RATES = (8000, 16000, 32000, 48000)
AGGRESSIVENESS = 2


class AudioUnavailable(RuntimeError):
    """The audio extra is not installed, or the file cannot be read as speech channels."""


@dataclass(frozen=True)
class SpeechMetrics:
    talk_ratio: float | None  # None when nobody spoke
    longest_monologue_s: float
    silence_s: float
    overlaps: int
    duration_s: float
    manager_speech_s: float
    client_speech_s: float

    def as_dict(self) -> dict:
        return {"talk_ratio": None if self.talk_ratio is None else round(self.talk_ratio, 3),
                "longest_monologue_s": round(self.longest_monologue_s, 2),
                "silence_s": round(self.silence_s, 2), "overlaps": self.overlaps,
                "duration_s": round(self.duration_s, 2), "manager_speech_s": round(self.manager_speech_s, 2),
                "client_speech_s": round(self.client_speech_s, 2)}


def _vad_module():
    try:
        import webrtcvad
    except ImportError:
        raise AudioUnavailable(_(
            "Speech metrics need the audio extra: pip install 'salescockpit[audio]' (webrtcvad-wheels)."
        )) from None
    return webrtcvad


def _audioop():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import audioop
        except ImportError:  # Python 3.13 dropped it; audioop-lts brings it back
            raise AudioUnavailable(_("Converting this WAV needs audioop: pip install audioop-lts.")) from None
    return audioop


def read_channels(path: Path) -> tuple[int, list[bytes]]:
    """(sample rate, 16-bit mono PCM of each channel) at a rate the detector takes."""
    try:
        with wave.open(str(path), "rb") as source:
            channels, width, rate = source.getnchannels(), source.getsampwidth(), source.getframerate()
            data = source.readframes(source.getnframes())
    except (wave.Error, EOFError, OSError) as error:
        raise AudioUnavailable(_("Cannot read {path} as a PCM WAV file: {error}").format(path=path, error=error)) from None
    if width != 2 or rate not in VAD_RATES:
        audioop = _audioop()
        if width == 1:
            data = audioop.bias(data, 1, -128)  # 8-bit WAV samples are unsigned
        if width != 2:
            data, width = audioop.lin2lin(data, width, 2), 2
        if rate not in VAD_RATES:
            target = min((r for r in VAD_RATES if r >= rate), default=48000)
            data, _state = audioop.ratecv(data, 2, channels, rate, target, None)
            rate = target
    samples = array("h")
    samples.frombytes(data[:len(data) - len(data) % 2])
    if sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian; the detector takes native order
    return rate, [samples[channel::channels].tobytes() for channel in range(channels)]


def voice_frames(pcm: bytes, rate: int, aggressiveness: int = AGGRESSIVENESS) -> list[bool]:
    """One speech/no-speech decision per `FRAME_MS` frame of 16-bit mono ``pcm``."""
    detector = _vad_module().Vad(aggressiveness)
    size = rate * FRAME_MS // 1000 * 2
    return [detector.is_speech(pcm[start:start + size], rate) for start in range(0, len(pcm) - size + 1, size)]


def _runs(flags: list[bool], value: bool) -> list[tuple[int, int]]:
    """[start, end) index ranges where ``flags`` equals ``value``."""
    found, start = [], None
    for index, flag in enumerate([*flags, not value]):
        if flag == value and start is None:
            start = index
        elif flag != value and start is not None:
            found.append((start, index))
            start = None
    return found


def smooth(flags: list[bool], frame_s: float = FRAME_MS / 1000) -> list[bool]:
    """Bridge short pauses inside speech, then drop bursts too short to be speech."""
    result = list(flags)
    for start, end in _runs(result, False):
        if 0 < start and end < len(result) and (end - start) * frame_s < BRIDGE_S:
            result[start:end] = [True] * (end - start)
    for start, end in _runs(result, True):
        if (end - start) * frame_s < MIN_SPEECH_S:
            result[start:end] = [False] * (end - start)
    return result


def metrics_from_frames(manager: list[bool], client: list[bool], frame_s: float = FRAME_MS / 1000) -> SpeechMetrics:
    """The figures from two smoothed frame tracks of the same length (pure)."""
    length = min(len(manager), len(client))
    manager, client = manager[:length], client[:length]
    manager_s, client_s = sum(manager) * frame_s, sum(client) * frame_s
    both = [m and c for m, c in zip(manager, client)]
    overlaps = sum(1 for start, end in _runs(both, True) if (end - start) * frame_s >= MIN_OVERLAP_S)
    silence = sum(1 for m, c in zip(manager, client) if not m and not c) * frame_s
    longest = current = 0
    pause = 0
    for m, c in zip(manager, client):
        if c and not m:
            current = pause = 0
        elif m:
            current += 1 + pause
            pause = 0
            longest = max(longest, current)
        elif current:
            pause += 1
            if pause * frame_s >= TURN_PAUSE_S:
                current = pause = 0
    total = manager_s + client_s
    return SpeechMetrics(manager_s / total if total else None, longest * frame_s, silence, overlaps,
                         length * frame_s, manager_s, client_s)


def metrics_of_file(path: Path, manager_channel: int = 0) -> SpeechMetrics:
    """The figures of a stereo recording; AudioUnavailable when it is not one (or the extra is missing)."""
    _vad_module()
    rate, channels = read_channels(path)
    if len(channels) != 2:
        raise AudioUnavailable(_(
            "{path} has {count} channel(s): speech metrics need a stereo call (manager and client apart)."
        ).format(path=path, count=len(channels)))
    manager_channel = 1 if manager_channel == 1 else 0
    tracks = [smooth(voice_frames(pcm, rate)) for pcm in channels]
    return metrics_from_frames(tracks[manager_channel], tracks[1 - manager_channel])
