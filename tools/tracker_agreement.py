"""Print how often the shipped tracker phrases agree with a head's answers on the hand-written snippets.

    .venv/bin/python tools/tracker_agreement.py [--verbose]

Runs the matcher (`domain.trackers.suggest` with the pymorphy3 lemmatizer) on every snippet of
tests/domain/tracker_snippets.py, judges each checklist item named there (done/missed) and
each objection type (raised or not), and prints the share of judgments that agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from salescockpit.domain.tracker_phrases import ITEM_PHRASES, OBJECTION_PHRASES  # noqa: E402
from salescockpit.domain.trackers import Tracker, suggest  # noqa: E402
from salescockpit.domain.transcripts import TranscriptLine  # noqa: E402
from salescockpit.services.lemmas import lemma  # noqa: E402
from tests.domain.tracker_snippets import SNIPPETS  # noqa: E402

SPEAKERS = {"m": "manager", "c": "client", "?": None}


def judgments() -> list[tuple[int, str, str, str]]:
    """(snippet number, what, expected, suggested) for every item and objection type judged."""
    items = [Tracker(key, phrases) for key, phrases in ITEM_PHRASES.items()]
    objections = [Tracker(key, phrases) for key, phrases in OBJECTION_PHRASES.items()]
    found = []
    for number, (lines, answers, raised) in enumerate(SNIPPETS, start=1):
        transcript = [TranscriptLine(float(index), index + 1.0, SPEAKERS[who], text)
                      for index, (who, text) in enumerate(lines)]
        suggestions = suggest(transcript, items, objections, lemma)
        for key, expected in answers.items():
            found.append((number, key, expected, suggestions.item(key).answer))
        suggested = {objection.key for objection in suggestions.objections}
        for key in OBJECTION_PHRASES:
            found.append((number, f"objection:{key}", str(key in raised), str(key in suggested)))
    return found


def main() -> None:
    found = judgments()
    agreed = [row for row in found if row[2] == row[3]]
    items = [row for row in found if not row[1].startswith("objection:")]
    raised = [row for row in found if row[1].startswith("objection:") and row[2] == "True"]
    false_alarms = [row for row in found if row[1].startswith("objection:") and row[2] == "False" and row[3] == "True"]
    item_share = sum(r[2] == r[3] for r in items) / len(items)
    print(f"snippets: {len(SNIPPETS)}; checklist items: {sum(r[2] == r[3] for r in items)}/{len(items)} agree "
          f"({item_share:.1%}); objections raised found: {sum(r[2] == r[3] for r in raised)}/{len(raised)}, "
          f"false alarms: {len(false_alarms)}; all {len(found)} judgments: {len(agreed) / len(found):.1%}")
    for number, key, expected, suggested in found:
        if expected != suggested and ("--verbose" in sys.argv or not key.startswith("objection:") or expected == "True"):
            print(f"  snippet {number}: {key} expected {expected}, suggested {suggested}")


if __name__ == "__main__":
    main()
