"""The objections raised on a call: picked by number or first letters, then handled / the answer.

The catalog (key, label) is handed in by the form; the widget only keeps what was ticked.
Objections are chosen in one line ("2" or "pri", then enter), not by walking eight checkboxes:
the chosen one is ticked as raised and the cursor goes to its answer. Typing an answer ticks
"handled" (space on "handled" unticks it). Only raised lines take the keyboard focus, so a
stray space cannot tick an objection nobody raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Static

from ...i18n import _
from .state_checkbox import StateCheckbox

#: (type key, handled, answer) for each objection ticked as raised.
ObjectionValue = tuple[str, bool, str]


def match_objection(text: str, labels: Sequence[str]) -> int | None:
    """The index chosen by ``text``: its number (1 = the first), or the first label starting so.

    Words count too: "bud" finds "No budget". None when nothing matches.
    """
    wanted = " ".join(text.casefold().split())
    if not wanted:
        return None
    if wanted.isdigit():
        index = int(wanted) - 1
        return index if 0 <= index < len(labels) else None
    folded = [label.casefold() for label in labels]
    for index, label in enumerate(folded):
        if label.startswith(wanted):
            return index
    for index, label in enumerate(folded):
        if any(word.startswith(wanted) for word in label.replace("\"", " ").replace("'", " ").split()):
            return index
    return None


class ObjectionChecklist(Vertical):
    """Pick the objections the lead raised, whether each was handled, and how it was answered."""

    DEFAULT_CSS = """
    ObjectionChecklist { height: auto; }
    ObjectionChecklist > Horizontal { height: 1; }
    ObjectionChecklist #objection-pick { width: 30; }
    ObjectionChecklist .objection-match { width: 1fr; padding: 0 1; color: $text-muted; }
    ObjectionChecklist .objection-raised { width: 30; }
    ObjectionChecklist .objection-handled { width: 16; }
    ObjectionChecklist .objection-answer { width: 1fr; }
    ObjectionChecklist > .objection-empty { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, catalog: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = tuple(catalog)
        self._answers: dict[int, str] = {}  # each answer as last seen, to notice the first letters typed

    @property
    def labels(self) -> list[str]:
        return [_(label) for _key, label in self.catalog]

    def compose(self) -> ComposeResult:
        if not self.catalog:
            yield Static(_("The objection catalog is empty."), classes="objection-empty")
            return
        with Horizontal(id="objection-picker"):
            yield Input(placeholder=_("number or first letters, enter"), compact=True, id="objection-pick")
            yield Static("", classes="objection-match", id="objection-match")
        for index, label in enumerate(self.labels):
            with Horizontal(id=f"objection-{index}"):
                raised = StateCheckbox(f"{index + 1} {label}", compact=True, classes="objection-raised",
                                       id=f"raised-{index}")
                raised.can_focus = False
                yield raised
                yield StateCheckbox(_("handled"), compact=True, classes="objection-handled", id=f"handled-{index}",
                                    disabled=True)
                yield Input(placeholder=_("how it was answered"), compact=True, classes="objection-answer",
                            id=f"answer-{index}", disabled=True)

    # Picking ------------------------------------------------------------------------------

    @on(Input.Changed, "#objection-pick")
    def _pick_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#objection-match", Static).update(self._match_text(event.value))

    def _match_text(self, text: str) -> str:
        if not text.strip():
            return ""
        index = match_objection(text, self.labels)
        if index is None:
            return _("no objection matches {text!r}").format(text=text.strip())
        return f"→ {index + 1} {self.labels[index]}"

    @on(Input.Submitted, "#objection-pick")
    def _pick_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.screen.focus_next()
            return
        index = match_objection(event.value, self.labels)
        if index is None:
            return
        event.input.value = ""
        self.raise_objection(index)
        self.query_one(f"#answer-{index}", Input).focus()

    @on(Input.Submitted, ".objection-answer")
    def _answer_submitted(self, event: Input.Submitted) -> None:
        """Enter after an answer: back to the picker for another objection (enter there moves on)."""
        event.stop()
        self.query_one("#objection-pick", Input).focus()

    def raise_objection(self, index: int) -> None:
        """Tick objection ``index`` as raised."""
        self.query_one(f"#raised-{index}", Checkbox).value = True
        self._enable_line(index, True)

    def _enable_line(self, index: int, raised: bool) -> None:
        self.query_one(f"#raised-{index}", Checkbox).can_focus = raised
        self.query_one(f"#handled-{index}", Checkbox).disabled = not raised
        self.query_one(f"#answer-{index}", Input).disabled = not raised

    @on(Checkbox.Changed, ".objection-raised")
    def _raised_changed(self, event: Checkbox.Changed) -> None:
        index = int((event.checkbox.id or "raised-0").removeprefix("raised-"))
        self._enable_line(index, event.value)

    @on(Input.Changed, ".objection-answer")
    def _answer_typed(self, event: Input.Changed) -> None:
        """The first letters of an answer tick "handled" (it can be unticked again)."""
        index = int((event.input.id or "answer-0").removeprefix("answer-"))
        handled = self.query_one(f"#handled-{index}", Checkbox)
        previous = self._answers.get(index, "")
        if event.value.strip() and not previous.strip() and not handled.value:
            handled.value = True
        self._answers[index] = event.value

    # Reading and focusing ------------------------------------------------------------------

    def focus_problem(self) -> None:
        """Put the cursor where the objections need something: a handled one without an answer, or the picker."""
        for index, (key, handled, answer) in self._lines():
            if handled and not answer.strip():
                self.query_one(f"#answer-{index}", Input).focus()
                return
        if self.catalog:
            self.query_one("#objection-pick", Input).focus()

    def _lines(self) -> list[tuple[int, ObjectionValue]]:
        found = []
        for index, (key, _label) in enumerate(self.catalog):
            if self.query_one(f"#raised-{index}", Checkbox).value:
                handled = self.query_one(f"#handled-{index}", Checkbox).value
                answer = self.query_one(f"#answer-{index}", Input).value
                found.append((index, (key, handled, answer)))
        return found

    def values(self) -> tuple[ObjectionValue, ...]:
        """The ticked objections in catalog order."""
        return tuple(value for _index, value in self._lines())

    def set_values(self, values: Iterable[ObjectionValue]) -> None:
        """Tick ``values`` (unknown type keys are ignored)."""
        positions = {key: index for index, (key, _label) in enumerate(self.catalog)}
        for key, handled, answer in values:
            index = positions.get(key)
            if index is None:
                continue
            self.raise_objection(index)
            self._answers[index] = answer  # restored, not typed: leaves "handled" as it was kept
            self.query_one(f"#answer-{index}", Input).value = answer
            self.query_one(f"#handled-{index}", Checkbox).value = handled
