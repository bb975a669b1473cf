"""Tracker suggestions for a 10-minute transcript (issue 20): the goal is under 100 ms.

The transcript is the demo's kind of call (`demo.dialogues`), about 260 lines and 1,700 words
over 600 s (people say about 150 words a minute),
matched against both shipped scripts' items and every shipped objection type. Timed with the
Russian dictionary already loaded (the program loads it once) but the per-word lemma cache
emptied before each run, so every word is analysed as in a new process; the dictionary's load
is its own row.
"""

from __future__ import annotations

import time
from random import Random


def ten_minute_transcript():
    from salescockpit.demo.dialogues import transcript_for
    from salescockpit.domain.scoring import DEFAULT_SCRIPTS

    rng = Random(20)
    keys = [item.key for script in DEFAULT_SCRIPTS for item in script.items()]
    lines = []
    for part in range(20):  # twenty half-minute stretches, each the whole checklist talked through
        answers = [(key, "done" if rng.random() < 0.6 else "missed") for key in keys]
        for line in transcript_for(rng, answers, ["price", "no_budget"] if part % 3 == 0 else [], "Анна", 30):
            lines.append(type(line)(line.start_s + 30 * part, line.end_s + 30 * part, line.speaker, line.text))
    return lines


def word_count() -> int:
    from salescockpit.domain.trackers import words

    return sum(len(words(line.text)) for line in ten_minute_transcript())


def suggestion_times(runs: int) -> dict[str, list[float]]:
    """{"load": [seconds], "suggest": [seconds per run]} for the 10-minute transcript."""
    from salescockpit.domain.scoring import DEFAULT_SCRIPTS
    from salescockpit.domain.tracker_phrases import OBJECTION_PHRASES
    from salescockpit.domain.trackers import Tracker, suggest
    from salescockpit.services import lemmas

    lines = ten_minute_transcript()
    items = [Tracker(item.key, item.phrases) for script in DEFAULT_SCRIPTS for item in script.items()]
    objections = [Tracker(key, phrases) for key, phrases in OBJECTION_PHRASES.items()]
    started = time.perf_counter()
    lemmas.lemma("бюджет")  # loads the dictionary
    load = [time.perf_counter() - started]
    samples = []
    for _run in range(runs):
        lemmas.lemma.cache_clear()
        started = time.perf_counter()
        suggest(lines, items, objections, lemmas.lemma)
        samples.append(time.perf_counter() - started)
    return {"load": load, "suggest": samples}


def one_minute_recording(folder):
    """A 60 s stereo call (8 kHz, 8-bit, as the demo's): the demo's first recording over and over."""
    import wave
    from pathlib import Path

    source_path = Path(__file__).parents[1] / "src" / "salescockpit" / "demo" / "audio" / "call-1.wav"
    with wave.open(str(source_path), "rb") as source:
        params, frames = source.getparams(), source.readframes(source.getnframes())
    wanted = 60 * params.framerate * params.nchannels * params.sampwidth
    data = (frames * (wanted // len(frames) + 1))[:wanted]
    path = Path(folder) / "minute.wav"
    with wave.open(str(path), "wb") as target:
        target.setparams(params)
        target.writeframes(data)
    return path


def speech_figure_times(runs: int) -> list[float]:
    """Seconds to measure and keep the speech figures of a 1-minute stereo recording (per run).

    A fresh SQLite file with one call; each run re-measures (`refresh`): decode, voice activity
    on both channels, the figures and one audited write.
    """
    import tempfile
    from pathlib import Path

    from salescockpit.clock import FixedClock
    from salescockpit.config import Settings
    from salescockpit.services.actor import load_actor
    from salescockpit.services.calls import CallDraft, log_call
    from salescockpit.services.catalog import ensure_catalog
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.leads import LeadDraft, create_lead
    from salescockpit.services.speech_figures import measure_call
    from salescockpit.services.users import add_user
    from salescockpit.store.engine import Database

    with tempfile.TemporaryDirectory(prefix="bench-speech-") as folder:
        recording = one_minute_recording(folder)
        database = Database.open(Path(folder) / "bench.db")
        try:
            from datetime import datetime, timezone

            ctx = ServiceContext(db=database, clock=FixedClock(datetime(2026, 11, 23, 9, tzinfo=timezone.utc)),
                                 settings=Settings(timezone="UTC"))
            ensure_catalog(ctx)
            add_user(ctx, "head", "Head", "head")
            head = load_actor(ctx, "head")
            lead_id = create_lead(ctx, head, LeadDraft(name="Bench"))
            call_id = log_call(ctx, head, CallDraft(lead_id, "out", "reached", 60, recording_ref=str(recording),
                                                    no_next_step_reason="bench")).call_id
            samples = []
            for _run in range(runs):
                started = time.perf_counter()
                measure_call(ctx, head, call_id, refresh=True)
                samples.append(time.perf_counter() - started)
            return samples
        finally:
            database.close()
