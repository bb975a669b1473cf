"""Speak the demo's recorded calls once with espeak-ng: stereo WAVs plus their transcripts.

    .venv/bin/python tools/make_demo_audio.py      (needs espeak-ng and sox)

For each dialogue of `salescockpit.demo.dialogues.RECORDED`: every line is spoken (manager and
client in different voices), trimmed with sox, and laid on its channel (manager left, client
right) one after another with a short pause, the client's first answer overlapping the
manager's line by a moment. Written to src/salescockpit/demo/audio/NAME.wav (8 kHz, 8-bit, so
three calls stay a few hundred KB) and NAME.json (Whisper-style segments with the speaker and
the true times). The files are committed; the demo only copies their paths into calls.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import wave
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from salescockpit.demo.dialogues import RECORDED  # noqa: E402

RATE = 8000
PAUSE_S = 0.5
VOICES = {"m": "ru+m3", "c": "ru+f2"}


def spoken(folder: Path, index: int, who: str, text: str) -> array:
    raw, trimmed = folder / f"{index}.raw.wav", folder / f"{index}.wav"
    subprocess.run(["espeak-ng", "-v", VOICES[who], "-s", "160", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-b", "16", "-c", "1", str(trimmed), "silence", "1", "0.02", "1%",
                    "reverse", "silence", "1", "0.02", "1%", "reverse"], check=True)
    with wave.open(str(trimmed), "rb") as source:
        samples = array("h")
        samples.frombytes(source.readframes(source.getnframes()))
    return samples


def make(name: str, lines: tuple[tuple[str, str], ...], target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        clips = [spoken(Path(work), index, who, text) for index, (who, text) in enumerate(lines)]
    at, segments, placed = 0.5, [], []
    for index, ((who, text), clip) in enumerate(zip(lines, clips)):
        if index == 1:
            at -= 0.4  # the client answers before the manager has quite finished: one overlap
        placed.append((who, at, clip))
        segments.append({"start": round(at, 2), "end": round(at + len(clip) / RATE, 2), "text": text,
                         "speaker": "manager" if who == "m" else "client"})
        at += len(clip) / RATE + PAUSE_S
    total = int((at + 0.5) * RATE)
    left, right = array("h", bytes(2 * total)), array("h", bytes(2 * total))
    for who, start, clip in placed:
        track = left if who == "m" else right
        offset = int(start * RATE)
        for position, sample in enumerate(clip):
            track[offset + position] = max(-32768, min(32767, track[offset + position] + sample))
    frames = bytearray(2 * total)
    frames[0::2] = bytes((sample >> 8) + 128 for sample in left)  # 8-bit WAV is unsigned
    frames[1::2] = bytes((sample >> 8) + 128 for sample in right)
    with wave.open(str(target / f"{name}.wav"), "wb") as out:
        out.setnchannels(2), out.setsampwidth(1), out.setframerate(RATE)
        out.writeframes(bytes(frames))
    (target / f"{name}.json").write_text(json.dumps({"segments": segments}, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    print(f"{name}: {total / RATE:.1f} s, {len(segments)} lines")


def main() -> None:
    target = ROOT / "src" / "salescockpit" / "demo" / "audio"
    target.mkdir(exist_ok=True)
    for name, lines in RECORDED:
        make(name, lines, target)


if __name__ == "__main__":
    main()
