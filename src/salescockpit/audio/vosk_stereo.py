"""Transcribe a stereo call with Vosk, each channel apart, into the Vosk JSON salescockpit reads.

    python -m salescockpit.audio.vosk_stereo --model ~/models/vosk-model-small-ru-0.22 CALL.wav OUTPUT.json

For `[transcribe] command` (docs/listening.md):

    command = "python -m salescockpit.audio.vosk_stereo --model /home/me/models/vosk-model-small-ru-0.22 {audio} {output}"

Needs ``pip install vosk`` and a model the user downloaded (https://alphacephei.com/vosk/models);
nothing leaves the machine. Each channel is recognised on its own and written as
``[{"channel": 0, "result": [words]}, {"channel": 1, ...}]``, so `[audio] manager_channel`
tells the manager from the client. A mono file is one channel 0. Reads 16-bit PCM WAV (the
stdlib `wave`); convert other files first, e.g. ``sox in.mp3 -b 16 out.wav``.
"""

from __future__ import annotations

import argparse
import json
import sys
import wave
from array import array
from pathlib import Path

CHUNK_FRAMES = 4000


def channel_words(model, samples: array, rate: int) -> list[dict]:
    from vosk import KaldiRecognizer

    recognizer = KaldiRecognizer(model, rate)
    recognizer.SetWords(True)
    words: list[dict] = []
    data = samples.tobytes()
    step = CHUNK_FRAMES * 2
    for start in range(0, len(data), step):
        if recognizer.AcceptWaveform(data[start:start + step]):
            words += json.loads(recognizer.Result()).get("result", [])
    words += json.loads(recognizer.FinalResult()).get("result", [])
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="the unpacked Vosk model directory")
    parser.add_argument("audio", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    try:
        from vosk import Model, SetLogLevel
    except ImportError:
        print("vosk is not installed: pip install vosk", file=sys.stderr)
        return 2
    SetLogLevel(-1)
    with wave.open(str(args.audio), "rb") as source:
        if source.getsampwidth() != 2:
            print(f"{args.audio}: not 16-bit PCM; convert it with: sox IN -b 16 OUT.wav", file=sys.stderr)
            return 2
        channels, rate = source.getnchannels(), source.getframerate()
        samples = array("h")
        samples.frombytes(source.readframes(source.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    model = Model(str(Path(args.model).expanduser()))
    results = [{"channel": channel, "result": channel_words(model, samples[channel::channels], rate)}
               for channel in range(channels)]
    args.output.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
