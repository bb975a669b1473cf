"""The lemma matcher: inflections, phrases in order within a window, speakers, and the snippet set."""

from __future__ import annotations

import pytest

from salescockpit.domain.tracker_phrases import ITEM_PHRASES, OBJECTION_PHRASES
from salescockpit.domain.trackers import Tracker, contains, lemmas, suggest
from salescockpit.domain.transcripts import TranscriptLine
from salescockpit.services.lemmas import lemma
from tests.domain.tracker_snippets import SNIPPETS

SPEAKERS = {"m": "manager", "c": "client", "?": None}


def line(text, speaker="manager", start=0.0):
    return TranscriptLine(start, start + 1, speaker, text)


@pytest.mark.parametrize("said", ["Какой у вас бюджет?", "Бюджета пока нет", "Располагаете бюджетом?", "о бюджете"])
def test_a_russian_word_finds_its_inflections(said):
    found = suggest([line(said)], [Tracker("budget", ("бюджет",))], [], lemma)
    assert found.item("budget").answer == "done"


def test_english_words_match_by_stem():
    found = suggest([line("What budgets do you have? We scheduled meetings")],
                    [Tracker("budget", ("budget",)), Tracker("meet", ("schedule a meeting",))], [], lemma)
    assert [item.answer for item in found.items] == ["done", "missed"]  # "a" is not in the line


def test_a_phrase_matches_in_order_within_the_window_only():
    phrase = lemmas("какой бюджет", lemma)
    assert contains(lemmas("Какой у вас бюджет", lemma), phrase)
    assert not contains(lemmas("Бюджет какой", lemma), phrase)
    assert not contains(lemmas("Какой, скажите, у вашей компании сейчас бюджет", lemma), phrase)


def test_items_look_at_the_manager_and_objections_at_the_client():
    transcript = [line("Это дорого", "manager", 1.0), line("Какой бюджет?", "client", 2.0),
                  line("Дорого!", "client", 3.0), line("Какой у вас бюджет на год?", "manager", 4.0)]
    found = suggest(transcript, [Tracker("budget", ("какой бюджет",))], [Tracker("price", ("дорого",))], lemma)
    assert found.item("budget").start_s == 4.0 and found.item("budget").evidence == "Какой у вас бюджет на год?"
    assert [(o.key, o.start_s) for o in found.objections] == [("price", 3.0)]


def test_a_missed_item_has_no_evidence_and_an_item_without_phrases_no_suggestion():
    found = suggest([line("Алло")], [Tracker("budget", ("бюджет",)), Tracker("free", ())], [], lemma)
    assert [(i.key, i.answer, i.evidence, i.start_s) for i in found.items] == [("budget", "missed", "", None)]


def test_the_shipped_phrases_agree_with_the_hand_written_snippets():
    """At least 30 snippets; items agree at least 90%, objections raised are found at least 90%, few false alarms."""
    assert len(SNIPPETS) >= 30
    items = [Tracker(key, phrases) for key, phrases in ITEM_PHRASES.items()]
    objections = [Tracker(key, phrases) for key, phrases in OBJECTION_PHRASES.items()]
    item_agree = item_total = raised_found = raised_total = false_alarms = 0
    for lines, answers, raised in SNIPPETS:
        transcript = [TranscriptLine(float(i), i + 1.0, SPEAKERS[who], text) for i, (who, text) in enumerate(lines)]
        found = suggest(transcript, items, objections, lemma)
        for key, expected in answers.items():
            item_total += 1
            item_agree += found.item(key).answer == expected
        suggested = {objection.key for objection in found.objections}
        raised_total += len(raised)
        raised_found += len(raised & suggested)
        false_alarms += len(suggested - raised)
    assert item_agree / item_total >= 0.9
    assert raised_found / raised_total >= 0.9
    assert false_alarms <= 2
