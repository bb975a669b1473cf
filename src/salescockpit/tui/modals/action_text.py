"""Asks the head for a one-line action for the lead's manager."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...i18n import _


class EnterEndsInput(Input):
    """An Input whose Enter is handled in the order the keys came, not after them.

    Input's own Enter posts a message that is read only after the keys already queued behind it,
    so a key typed right after Enter (`a`, text, Enter, `o`) would land in the text. Here Enter
    hands the text over at once; once it is taken, later keys go back to the app, which gives them
    to the screen underneath.
    """

    def __init__(self, on_enter: Callable[[str], bool], **kwargs) -> None:
        super().__init__(**kwargs)
        self._on_enter = on_enter
        self._taken = False

    async def _on_key(self, event: events.Key) -> None:
        if self._taken:
            event.stop()
            event.prevent_default()
            if self.app.screen is not self.screen:  # the form is closed: never back to this Input
                self.app.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._taken = self._on_enter(self.value)
            return
        await super()._on_key(event)


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
            yield EnterEndsInput(
                self._submit, placeholder=_("e.g. Call back today and agree a meeting date"), id="action-text"
            )
            yield Static("", id="action-error", classes="error-text")
            yield Static(_("enter saves · escape cancels"), classes="hint")

    def _submit(self, value: str) -> bool:
        """Enter: close with the text (True), or say what is missing and stay open (False)."""
        text = value.strip()
        if not text:
            self.query_one("#action-error", Static).update(_("Write what the manager should do."))
            return False
        self.dismiss(text)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
