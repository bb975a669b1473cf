"""The script checklist of one call: sections and items, each ticked done, missed or n.a.

The widget only shows the ticks and notes it is given and moves a highlight over the items
(section titles are skipped). The screen decides what a key does and calls `set_answer` /
`set_note`. `provisional_score` scores the ticks so far with the real `score_call`, so the
head sees the score and pass/fail change with every tick.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.markup import escape
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...domain.scoring import Answer, Criticality, ScoreResult, ScriptDefinition, ScriptItem, score_call
from ...i18n import _

_MARKS = {
    None: "[$text-muted]·[/]",
    Answer.DONE: "[$text-success]✔[/]",
    Answer.MISSED: "[$text-error]✘[/]",
    Answer.NA: "[$text-muted]–[/]",
}


def criticality_tag(item: ScriptItem) -> str:
    if item.criticality is Criticality.CALL:
        return _("critical: fails the call")
    if item.criticality is Criticality.SECTION:
        return _("critical: zeroes the section")
    return ""


@dataclass(frozen=True)
class Provisional:
    """The score of the ticks so far; `complete` once every item is ticked."""

    result: ScoreResult
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def provisional_score(script: ScriptDefinition, answers: dict[str, Answer]) -> Provisional:
    """Score the ticked items as if the others were n.a. (the final score once all are ticked)."""
    total = sum(1 for _item in script.items())
    sections = tuple(
        replace(section, items=tuple(
            item if item.key in answers else replace(item, na_allowed=True) for item in section.items
        ))
        for section in script.sections
    )
    relaxed = replace(script, sections=sections)
    full = {item.key: answers.get(item.key, Answer.NA) for item in script.items()}
    return Provisional(score_call(relaxed, full), sum(1 for item in script.items() if item.key in answers), total)


class Checklist(OptionList):
    """The checklist of ``script`` with the given ticks and notes."""

    def __init__(
        self,
        script: ScriptDefinition,
        answers: dict[str, str] | None = None,
        notes: dict[str, str] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        self.script = script
        self.items = {item.key: item for item in script.items()}
        self.answers: dict[str, Answer] = {key: Answer(value) for key, value in (answers or {}).items()
                                           if key in self.items}
        self.notes: dict[str, str] = {key: text for key, text in (notes or {}).items() if key in self.items and text}
        options: list[Option] = []
        for section in script.sections:
            title = _("{title} (weight {weight:g})").format(title=_(section.title), weight=section.weight)
            options.append(Option(f"[b]{escape(title)}[/b]", id=f"section:{section.key}", disabled=True))
            options.extend(Option(self._prompt(item), id=item.key) for item in section.items)
        super().__init__(*options, id=id)

    def _prompt(self, item: ScriptItem) -> str:
        mark = _MARKS[self.answers.get(item.key)]
        points = _("{points:g} pt").format(points=item.points)
        tag = criticality_tag(item)
        extras = [points] + ([f"[$text-error]{escape(tag)}[/]"] if tag else [])
        if not item.na_allowed:
            extras.append(_("n.a. not allowed"))
        line = f" {mark}  {escape(_(item.text))}  [$text-muted]({', '.join(extras)})[/]"
        note = self.notes.get(item.key)
        if note:
            line += "\n      [$text-muted]" + escape(_("note: {text}").format(text=note)) + "[/]"
        elif self._needs_note(item):
            line += "\n      [$text-warning]" + escape(_("note needed: e writes it (asked again at save)")) + "[/]"
        return line

    def _needs_note(self, item: ScriptItem) -> bool:
        return self.answers.get(item.key) is Answer.MISSED and item.criticality is not Criticality.NONE

    @property
    def current_item(self) -> ScriptItem | None:
        """The highlighted item (None when nothing is highlighted)."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.items.get(option.id or "")

    def set_answer(self, key: str, answer: Answer | None) -> None:
        if answer is None:
            self.answers.pop(key, None)
        else:
            self.answers[key] = answer
        self.replace_option_prompt(key, self._prompt(self.items[key]))

    def set_note(self, key: str, text: str) -> None:
        text = text.strip()
        if text:
            self.notes[key] = text
        else:
            self.notes.pop(key, None)
        self.replace_option_prompt(key, self._prompt(self.items[key]))

    def missing_notes(self) -> list[ScriptItem]:
        """Missed critical items without a note (the service refuses to save those)."""
        return [item for item in self.script.items() if self._needs_note(item) and item.key not in self.notes]

    def show_item(self, key: str) -> None:
        """Highlight the item ``key`` (the one a note is asked for)."""
        self.highlighted = self.get_option_index(key)

    def score(self) -> Provisional:
        return provisional_score(self.script, self.answers)

    def advance(self) -> None:
        """Move to the next item (after a tick); the last item stays highlighted."""
        if self.highlighted is None:
            return
        for index in range(self.highlighted + 1, self.option_count):
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
