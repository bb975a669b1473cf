"""Stereo calls synthesized for the tests: espeak-ng speaks, sox trims and resamples, `wave` lays out.

`speech_clip` makes one utterance (8 kHz 16-bit mono, leading and trailing silence trimmed, so
its length is the speech's length; no dither, so the same text always gives the same samples);
`stereo_call` places clips on the manager's (left) and the client's (right) channel at given
seconds and returns the truth about who spoke when.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from array import array
from pathlib import Path

import pytest

RATE = 8000


def need_tools() -> None:
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (.ci/audio.sh installs them)")


def speech_clip(folder: Path, name: str, text: str, voice: str = "ru", rate: int = RATE, speed: int = 150) -> array:
    """The samples of ``text`` spoken by espeak-ng, trimmed, at ``rate`` (`RATE`: telephone band)."""
    raw, trimmed = folder / f"{name}.raw.wav", folder / f"{name}.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True, capture_output=True)
    subprocess.run(["sox", "-D", str(raw), "-r", str(rate), "-b", "16", "-c", "1", str(trimmed),
                    "silence", "1", "0.02", "1%", "reverse", "silence", "1", "0.02", "1%", "reverse"],
                   check=True, capture_output=True)
    with wave.open(str(trimmed), "rb") as source:
        samples = array("h")
        samples.frombytes(source.readframes(source.getnframes()))
    return samples


def stereo_call(path: Path, length_s: float, manager: list[tuple[float, array]], client: list[tuple[float, array]],
                manager_channel: int = 0, rate: int = RATE) -> dict[str, list[tuple[float, float]]]:
    """Write a stereo WAV of clips made at ``rate``; {"manager": [(start, end)], "client": [...]} in seconds."""
    tracks = {"manager": array("h", bytes(2 * int(length_s * rate))), "client": array("h", bytes(2 * int(length_s * rate)))}
    truth: dict[str, list[tuple[float, float]]] = {"manager": [], "client": []}
    for who, clips in (("manager", manager), ("client", client)):
        for start, samples in clips:
            offset = int(start * rate)
            tracks[who][offset:offset + len(samples)] = samples
            truth[who].append((start, start + len(samples) / rate))
    left, right = (tracks["manager"], tracks["client"]) if manager_channel == 0 else (tracks["client"], tracks["manager"])
    interleaved = array("h", bytes(4 * len(left)))
    interleaved[0::2], interleaved[1::2] = left, right
    with wave.open(str(path), "wb") as target:
        target.setnchannels(2)
        target.setsampwidth(2)
        target.setframerate(rate)
        target.writeframes(interleaved.tobytes())
    return truth
