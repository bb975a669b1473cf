"""The manager's comment for the head when a fix-list action is marked done with nothing done."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...i18n import _
from .action_text import EnterEndsInput


class DoneCommentModal(ModalScreen[str | None]):
    """Returns the comment, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="done_comment.cancel", tooltip=_("Leave the action open"))]
    DEFAULT_CSS = """
    DoneCommentModal { align: center middle; }
    DoneCommentModal > Vertical { width: 80; max-width: 95%; height: auto; border: round $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, lead_name: str, action_text: str) -> None:
        super().__init__()
        self.lead_name = lead_name
        self.action_text = action_text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("{lead}: {action}").format(lead=self.lead_name, action=self.action_text), classes="title")
            yield Static(_("Nothing is logged on the lead since. Tell the head why it is done anyway."))
            yield EnterEndsInput(self._submit, placeholder=_("e.g. The client asked us to call in January"),
                                 id="done-comment")
            yield Static("", id="done-comment-error", classes="error-text")
            yield Static(_("enter saves · escape cancels"), classes="hint")

    def _submit(self, value: str) -> bool:
        text = value.strip()
        if not text:
            self.query_one("#done-comment-error", Static).update(_("Write a comment for the head."))
            return False
        self.dismiss(text)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
