"""Asks the head for a one-line action for the lead's manager."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...i18n import _


class ActionTextModal(ModalScreen[str | None]):
    """Returns the action text, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="action.cancel", tooltip=_("Close without saving"))]
    DEFAULT_CSS = """
    ActionTextModal { align: center middle; }
    ActionTextModal > Vertical { width: 70; max-width: 95%; height: auto; border: round $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, lead_name: str, owner_name: str) -> None:
        super().__init__()
        self.lead_name = lead_name
        self.owner_name = owner_name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Action for {owner} on {lead}").format(owner=self.owner_name, lead=self.lead_name), classes="title")
            yield Input(placeholder=_("e.g. Call back today and agree a meeting date"), id="action-text")
            yield Static("", id="action-error", classes="error-text")
            yield Static(_("enter saves · escape cancels"), classes="hint")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#action-error", Static).update(_("Write what the manager should do."))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
