"""The checklist with what the trackers suggest and the marks on each item.

Under an item with a suggestion: "suggested: done — “…the evidence…” at 1:23" (or "suggested:
missed — not said"); the head keeps it with one key (`a`, the screen's) or ticks otherwise. A
suggestion is never an answer: only the head's ticks are saved. An item with marks shows their
moments ("♪ 0:42").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.markup import escape

from ...domain.scoring import ScriptDefinition, ScriptItem
from ...domain.trackers import ItemSuggestion
from ...i18n import _
from .checklist import Checklist
from .player_bar import clock_text

EVIDENCE_CHARS = 70


def suggestion_text(suggestion: ItemSuggestion) -> str:
    if suggestion.answer == "done":
        evidence = suggestion.evidence if len(suggestion.evidence) <= EVIDENCE_CHARS else (
            suggestion.evidence[:EVIDENCE_CHARS - 1] + "…")
        return _("suggested: done — “{evidence}” at {time}").format(evidence=evidence,
                                                                     time=clock_text(suggestion.start_s))
    return _("suggested: missed — not said by the manager")


class SuggestedChecklist(Checklist):
    """`Checklist`, each item followed by its suggestion (if any) and its marks."""

    def __init__(self, script: ScriptDefinition, answers: dict[str, str] | None = None,
                 notes: dict[str, str] | None = None, *, suggestions: Mapping[str, ItemSuggestion] | None = None,
                 marks: Mapping[str, Sequence[float]] | None = None, id: str | None = None) -> None:
        self.suggestions = dict(suggestions or {})
        self.marks = {key: list(moments) for key, moments in (marks or {}).items()}
        super().__init__(script, answers, notes, id=id)

    def _prompt(self, item: ScriptItem) -> str:
        line = super()._prompt(item)
        suggestion = self.suggestions.get(item.key)
        if suggestion is not None:
            colour = "$text-success" if suggestion.answer == "done" else "$text-warning"
            line += f"\n      [{colour}]" + escape(suggestion_text(suggestion)) + "[/]"
        moments = self.marks.get(item.key)
        if moments:
            line += "\n      [$accent]" + escape("♪ " + " ".join(clock_text(at) for at in moments)) + "[/]"
        return line

    def add_mark(self, key: str, at_seconds: float) -> None:
        self.marks.setdefault(key, []).append(at_seconds)
        self.marks[key].sort()
        self.replace_option_prompt(key, self._prompt(self.items[key]))
