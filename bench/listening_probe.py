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
