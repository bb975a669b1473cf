"""Trackers: find a checklist item's or an objection type's phrases in a transcript, by lemmas.

Pure: the lemmatizer is passed in (`services.lemmas.lemma` in the program), so "бюджет" finds
"бюджета" and "бюджетом". A phrase of several words matches when its words appear in order in
one line, each at most `MAX_GAP` words after the one before ("какой бюджет" finds "какой у вас
бюджет"). Script items are looked for in the manager's lines, objections in the client's;
a line whose speaker is unknown counts for both.

An item with phrases is suggested **done** with the first line that matched as evidence, or
**missed** when none did; an item without phrases gets no suggestion. An objection type is
suggested raised with the first client line that matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .transcripts import CLIENT, MANAGER, TranscriptLine

Lemmatizer = Callable[[str], str]
#: Words allowed between two words of a phrase.
MAX_GAP = 3
DONE, MISSED = "done", "missed"
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@dataclass(frozen=True)
class Tracker:
    """What to look for: a checklist item's or objection type's key and its phrases."""

    key: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class ItemSuggestion:
    key: str
    answer: str  # done | missed
    evidence: str  # the matching line's text ("" when missed)
    start_s: float | None  # where that line starts (None when missed)


@dataclass(frozen=True)
class ObjectionSuggestion:
    key: str
    evidence: str
    start_s: float


@dataclass(frozen=True)
class Suggestions:
    items: tuple[ItemSuggestion, ...] = ()
    objections: tuple[ObjectionSuggestion, ...] = ()

    def item(self, key: str) -> ItemSuggestion | None:
        return next((suggestion for suggestion in self.items if suggestion.key == key), None)


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits, hyphenated words kept whole)."""
    return _WORD.findall(text)


def lemmas(text: str, lemmatize: Lemmatizer) -> tuple[str, ...]:
    return tuple(lemmatize(word) for word in words(text))


def contains(line: Sequence[str], phrase: Sequence[str], max_gap: int = MAX_GAP) -> bool:
    """True when ``phrase``'s lemmas occur in ``line`` in order, each within ``max_gap`` of the last."""
    if not phrase:
        return False
    for first, lemma in enumerate(line):
        if lemma != phrase[0]:
            continue
        position, found = first, True
        for wanted in phrase[1:]:
            window = line[position + 1:position + 2 + max_gap]
            if wanted not in window:
                found = False
                break
            position += 1 + window.index(wanted)  # the earliest leaves the most room for the rest
        if found:
            return True
    return False


class _Lines:
    """Lines with their lemmas, indexed by lemma, so a phrase is tried only on lines holding its words."""

    def __init__(self, lines: list[tuple[TranscriptLine, tuple[str, ...]]]) -> None:
        self.lines = lines
        self.where: dict[str, set[int]] = {}
        for index, (_line, line_lemmas) in enumerate(lines):
            for lemma in line_lemmas:
                self.where.setdefault(lemma, set()).add(index)

    def first_match(self, phrases: list[tuple[str, ...]]) -> TranscriptLine | None:
        best: int | None = None
        for phrase in phrases:
            if not phrase or phrase[0] not in self.where:
                continue
            candidates = set.intersection(*(self.where.get(lemma, set()) for lemma in set(phrase)))
            for index in sorted(candidates):
                if best is not None and index >= best:
                    break
                if contains(self.lines[index][1], phrase):
                    best = index
                    break
        return None if best is None else self.lines[best][0]


def _compiled(trackers: Iterable[Tracker], lemmatize: Lemmatizer) -> list[tuple[str, list[tuple[str, ...]]]]:
    return [(tracker.key, [lemmas(phrase, lemmatize) for phrase in tracker.phrases])
            for tracker in trackers if tracker.phrases]


def suggest(lines: Sequence[TranscriptLine], items: Iterable[Tracker], objections: Iterable[Tracker],
            lemmatize: Lemmatizer) -> Suggestions:
    """The suggested answer of each item with phrases, and the objections the client raised."""
    read = [(line, lemmas(line.text, lemmatize)) for line in lines]
    manager_lines = _Lines([pair for pair in read if pair[0].speaker in (MANAGER, None)])
    client_lines = _Lines([pair for pair in read if pair[0].speaker in (CLIENT, None)])
    found_items = []
    for key, phrases in _compiled(items, lemmatize):
        line = manager_lines.first_match(phrases)
        found_items.append(ItemSuggestion(key, DONE, line.text, line.start_s) if line
                           else ItemSuggestion(key, MISSED, "", None))
    found_objections = []
    for key, phrases in _compiled(objections, lemmatize):
        line = client_lines.first_match(phrases)
        if line is not None:
            found_objections.append(ObjectionSuggestion(key, line.text, line.start_s))
    found_objections.sort(key=lambda suggestion: suggestion.start_s)
    return Suggestions(tuple(found_items), tuple(found_objections))
