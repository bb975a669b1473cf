"""A WAV file of a plain tone, made in the test (no audio file is committed for these tests)."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 8000


def write_tone(path: Path, seconds: int, channels: int = 1) -> Path:
    """``seconds`` of a 440 Hz tone, 16-bit, 8 kHz."""
    period = [int(8000 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(RATE)]
    one_second = b"".join(struct.pack("<" + "h" * channels, *([value] * channels)) for value in period)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(one_second * seconds)
    return path
