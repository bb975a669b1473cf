"""The objections raised on a call: one line per catalog type, raised / handled / the answer.

The catalog (key, label) is handed in by the form; the widget only keeps what was ticked.
"Handled" and the answer are enabled once the objection is ticked as raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Static

from ...i18n import _

#: (type key, handled, answer) for each objection ticked as raised.
ObjectionValue = tuple[str, bool, str]


class ObjectionChecklist(Vertical):
    """Tick the objections the lead raised, whether each was handled, and how it was answered."""

    DEFAULT_CSS = """
    ObjectionChecklist { height: auto; }
    ObjectionChecklist > Horizontal { height: 1; }
    ObjectionChecklist .objection-raised { width: 30; }
    ObjectionChecklist .objection-handled { width: 16; }
    ObjectionChecklist .objection-answer { width: 1fr; }
    ObjectionChecklist > .objection-empty { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, catalog: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalog = tuple(catalog)

    def compose(self) -> ComposeResult:
        if not self.catalog:
            yield Static(_("The objection catalog is empty."), classes="objection-empty")
        for index, (key, label) in enumerate(self.catalog):
            with Horizontal(id=f"objection-{index}"):
                yield Checkbox(_(label), compact=True, classes="objection-raised", id=f"raised-{index}")
                yield Checkbox(_("handled"), compact=True, classes="objection-handled", id=f"handled-{index}",
                               disabled=True)
                yield Input(placeholder=_("how it was answered"), compact=True, classes="objection-answer",
                            id=f"answer-{index}", disabled=True)

    @on(Checkbox.Changed, ".objection-raised")
    def _raised_changed(self, event: Checkbox.Changed) -> None:
        index = event.checkbox.id.removeprefix("raised-") if event.checkbox.id else ""
        raised = event.value
        self.query_one(f"#handled-{index}", Checkbox).disabled = not raised
        self.query_one(f"#answer-{index}", Input).disabled = not raised

    def values(self) -> tuple[ObjectionValue, ...]:
        """The ticked objections in catalog order."""
        found = []
        for index, (key, _label) in enumerate(self.catalog):
            if self.query_one(f"#raised-{index}", Checkbox).value:
                handled = self.query_one(f"#handled-{index}", Checkbox).value
                answer = self.query_one(f"#answer-{index}", Input).value
                found.append((key, handled, answer))
        return tuple(found)

    def set_values(self, values: Iterable[ObjectionValue]) -> None:
        """Tick ``values`` (unknown type keys are ignored)."""
        positions = {key: index for index, (key, _label) in enumerate(self.catalog)}
        for key, handled, answer in values:
            index = positions.get(key)
            if index is None:
                continue
            self.query_one(f"#raised-{index}", Checkbox).value = True
            for widget in (self.query_one(f"#handled-{index}", Checkbox), self.query_one(f"#answer-{index}", Input)):
                widget.disabled = False
            self.query_one(f"#handled-{index}", Checkbox).value = handled
            self.query_one(f"#answer-{index}", Input).value = answer
