"""The form to add an objection type (name, key, phrases) or edit one (name and phrases).

Phrases are the tracker's: words the client says when raising this objection, separated by
commas ("дорого, цена кусается"); they suggest the objection on calls with a transcript.

It validates what it can by itself and returns an `ObjectionTypeDraft`; the objections screen
saves it and shows the service's refusal (a key or a name already taken) if there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...i18n import _

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")


@dataclass(frozen=True)
class ObjectionTypeDraft:
    key: str
    label: str
    phrases: tuple[str, ...] = ()


def suggested_key(label: str) -> str:
    """A key from the label's ASCII letters and digits ("Contract terms" -> "contract_terms")."""
    key = "_".join(re.findall(r"[a-z0-9]+", label.casefold()))[:64].strip("_")
    return key if key[:1].isalpha() else ""


class ObjectionTypeForm(ModalScreen[ObjectionTypeDraft | None]):
    """Add (``key`` None) or rename the type ``key`` currently called ``label``."""

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="objection_type.cancel", tooltip=_("Close without saving")),
        Binding("ctrl+s", "save", _("Save"), id="objection_type.save", tooltip=_("Save the objection type")),
    ]
    DEFAULT_CSS = """
    ObjectionTypeForm { align: center middle; background: $background 60%; }
    ObjectionTypeForm > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $primary 80%; background: $surface; padding: 0 1;
    }
    ObjectionTypeForm .type-title { text-style: bold; padding: 0 0 1 0; }
    ObjectionTypeForm .type-label { color: $text-muted; }
    """

    def __init__(self, key: str | None = None, label: str = "", phrases: str = "") -> None:
        super().__init__()
        self.key = key
        self.label = label
        self.phrases = phrases
        self.key_edited = False

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.key is None:
                yield Label(_("New objection type"), classes="type-title")
            else:
                yield Label(_("Rename the objection type {key}").format(key=self.key), classes="type-title")
            yield Label(_("Name, as managers will see it"), classes="type-label")
            yield Input(self.label, placeholder=_("e.g. Contract terms"), max_length=200, id="type-label")
            if self.key is None:
                yield Label(_("Key (a-z, 0-9, _; it never changes)"), classes="type-label")
                yield Input(placeholder="contract_terms", max_length=64, id="type-key")
            yield Label(_("Phrases the client says, comma-separated"), classes="type-label")
            yield Input(", ".join(self.phrases.splitlines()), placeholder=_("e.g. дорого, цена кусается"),
                        id="type-phrases")
            yield Static("", id="type-error", classes="error-text")
            yield Static(_("enter or ctrl+s saves · escape cancels"), classes="hint")

    @on(Input.Changed, "#type-label")
    def _suggest_key(self, event: Input.Changed) -> None:
        if self.key is None and not self.key_edited:
            box = self.query_one("#type-key", Input)
            box.value = suggested_key(event.value)

    @on(Input.Changed, "#type-key")
    def _key_typed(self, event: Input.Changed) -> None:
        if event.input.has_focus:
            self.key_edited = True

    @on(Input.Submitted)
    def _submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        error = self.query_one("#type-error", Static)
        label = " ".join(self.query_one("#type-label", Input).value.split())
        if not label:
            error.update(_("Give the objection a name."))
            return
        key = self.key if self.key is not None else self.query_one("#type-key", Input).value.strip()
        if not KEY_PATTERN.fullmatch(key):
            error.update(_("The key must start with a letter and use only a-z, 0-9 and _."))
            return
        phrases = tuple(part.strip() for part in self.query_one("#type-phrases", Input).value.split(",") if part.strip())
        self.dismiss(ObjectionTypeDraft(key, label, phrases))

    def action_cancel(self) -> None:
        self.dismiss(None)
