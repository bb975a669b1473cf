"""The fix lists of the morning: one line per manager, skimmed, each sent with one key.

Returns the draft to send (the screen sends it in a worker), or None when closed. The line
under the list shows the highlighted draft's whole summary.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import _, ngettext


class FixListsModal(ModalScreen):
    """Returns the chosen `DraftFixList` to send, or None."""

    BINDINGS = [
        Binding("escape", "cancel", _("Close"), id="fix_lists.close", tooltip=_("Close without sending")),
        Binding("s", "send", _("Send"), id="fix_lists.send", tooltip=_("Send the highlighted fix list to its manager")),
    ]
    DEFAULT_CSS = """
    FixListsModal { align: center middle; }
    FixListsModal > Vertical { width: 90%; height: auto; max-height: 90%; border: round $primary; background: $surface; }
    FixListsModal OptionList { height: auto; max-height: 20; }
    FixListsModal #fix-list-summary { height: auto; margin: 1 0 0 0; }
    """

    def __init__(self, drafts, outcomes=()) -> None:
        super().__init__()
        self.drafts = list(drafts)
        self.outcomes = list(outcomes)

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.outcomes:
                yield Label(_("Fix lists since yesterday"), classes="title")
                yield Static("\n".join(outcome.text() for outcome in self.outcomes), id="fix-list-outcomes")
            yield Label(_("Fix lists to send (s or enter sends the highlighted one; due end of next working day)"),
                        classes="title")
            yield OptionList(*[Option(self._line(draft), id=str(draft.manager_id)) for draft in self.drafts],
                             id="fix-list-options")
            yield Static("", id="fix-list-summary")

    def _line(self, draft) -> str:
        count = ngettext("{n} lead", "{n} leads", len(draft.lead_ids)).format(n=len(draft.lead_ids))
        return f"{draft.manager_name or draft.manager_login} · {count}"

    def on_mount(self) -> None:
        if not self.drafts:
            self.query_one("#fix-list-summary", Static).update(_("No fix list to send: the managers are tidy."))

    @on(OptionList.OptionHighlighted)
    def _show_summary(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#fix-list-summary", Static).update(self.drafts[event.option_index].summary)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.drafts[event.option_index])

    def action_send(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.drafts:
            self.dismiss(self.drafts[index])

    def action_cancel(self) -> None:
        self.dismiss(None)
