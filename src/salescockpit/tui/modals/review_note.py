"""A one-line note in a small box: why a checklist item was missed, or the head's comment on a call."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...i18n import _


class NoteModal(ModalScreen[str | None]):
    """Returns the note (possibly empty when not required), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="note.cancel", tooltip=_("Close without changing anything"))]
    DEFAULT_CSS = """
    NoteModal { align: center middle; background: $background 60%; }
    NoteModal > Vertical {
        width: 90%; max-width: 76; height: auto; border: thick $primary 80%; background: $surface; padding: 0 1;
    }
    NoteModal .note-title { width: 1fr; text-style: bold; padding: 0 0 1 0; }
    """

    def __init__(self, title: str, *, initial: str = "", required: bool = False, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.required = required
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="note-title", markup=False)
            yield Input(self.initial, placeholder=self.placeholder, max_length=1900, id="note-text")
            yield Static("", id="note-error", classes="error-text")
            keys = _("enter saves · escape cancels")
            if self.required:
                keys = _("A note is required here.") + " " + keys
            yield Static(keys, classes="hint")

    @on(Input.Submitted, "#note-text")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.required and not text:
            self.query_one("#note-error", Static).update(_("Write a note: it cannot be left empty."))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
