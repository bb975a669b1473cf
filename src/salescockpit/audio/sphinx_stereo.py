"""Transcribe a stereo call in English with PocketSphinx, each channel apart, into Vosk JSON.

    python -m salescockpit.audio.sphinx_stereo CALL.wav OUTPUT.json

For `[transcribe] command` (docs/listening.md, the recipe that runs with no download):

    command = "python -m salescockpit.audio.sphinx_stereo {audio} {output}"

Needs ``pip install 'salescockpit[transcribe-en]'`` (PyPI ``pocketsphinx`` 5.x, whose wheel
carries the US English acoustic model, language model and dictionary: nothing else to fetch,
nothing leaves the machine). English only: for Russian use the Vosk recipe
(`salescockpit.audio.vosk_stereo`) or whisper.cpp with a model you download.

Each channel is cut into utterances by PocketSphinx's own voice-activity segmenter, each
utterance is recognised, and every word is written with its channel and times as
``[{"channel": 0, "result": [{"word", "start", "end"}]}, {"channel": 1, ...}]``, which
`salescockpit transcript import` reads (the channel tells the manager from the client, by
`[audio] manager_channel`). Reads PCM WAV (8/16/24/32-bit, any rate: converted to 16 kHz
16-bit with the stdlib `audioop`); convert other files first (``sox in.mp3 -b 16 out.wav``).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import warnings
import wave
from array import array
from pathlib import Path

RATE = 16000
#: PocketSphinx counts time in frames of 10 ms.
FRAMES_PER_S = 100
_FILLER = re.compile(r"^(<.*>|\[.*\]|\+\+.*\+\+)$")  # <s>, </s>, <sil>, [NOISE], ++GARBAGE++
_ALTERNATE = re.compile(r"\(\d+\)$")  # "the(2)": the dictionary's second pronunciation


def _audioop():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop  # Python 3.13 dropped it: pip install audioop-lts
    return audioop


def read_channels(path: Path) -> list[bytes]:
    """16 kHz 16-bit mono PCM (native byte order) of each channel of the WAV file ``path``."""
    with wave.open(str(path), "rb") as source:
        channels, width, rate = source.getnchannels(), source.getsampwidth(), source.getframerate()
        data = source.readframes(source.getnframes())
    audioop = _audioop()
    if width == 1:
        data = audioop.bias(data, 1, -128)  # 8-bit WAV samples are unsigned
    if width != 2:
        data = audioop.lin2lin(data, width, 2)
    if rate != RATE:
        data, _state = audioop.ratecv(data, 2, channels, rate, RATE, None)
    samples = array("h")
    samples.frombytes(data[:len(data) - len(data) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return [samples[channel::channels].tobytes() for channel in range(channels)]


def clean_word(word: str) -> str | None:
    """The spoken word of a PocketSphinx segment ("the(2)" -> "the"), None for silence and noise."""
    if _FILLER.match(word):
        return None
    return _ALTERNATE.sub("", word) or None


def channel_words(pcm: bytes) -> list[dict]:
    """The words recognised in one channel, each with its start and end in seconds."""
    from pocketsphinx import Decoder, Segmenter

    decoder = Decoder(samprate=RATE, loglevel="FATAL")
    words: list[dict] = []
    for utterance in Segmenter(sample_rate=RATE).segment(io.BytesIO(pcm)):
        decoder.start_utt()
        decoder.process_raw(utterance.pcm, full_utt=True)
        decoder.end_utt()
        for segment in decoder.seg():
            word = clean_word(segment.word)
            if word:
                words.append({"word": word, "start": round(utterance.start_time + segment.start_frame / FRAMES_PER_S, 2),
                              "end": round(utterance.start_time + (segment.end_frame + 1) / FRAMES_PER_S, 2)})
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("audio", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    try:
        import pocketsphinx  # noqa: F401
    except ImportError:
        print("pocketsphinx is not installed: pip install 'salescockpit[transcribe-en]'", file=sys.stderr)
        return 2
    try:
        channels = read_channels(args.audio)
    except (wave.Error, EOFError, OSError) as error:
        print(f"{args.audio}: cannot read it as a PCM WAV file ({error}); convert it: sox IN -b 16 OUT.wav",
              file=sys.stderr)
        return 2
    results = [{"channel": channel, "result": channel_words(pcm)} for channel, pcm in enumerate(channels)]
    args.output.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
