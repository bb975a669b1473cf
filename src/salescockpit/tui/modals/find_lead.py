"""Find a lead by a piece of its name, company, phone or e-mail, and open its card.

The search itself is a callable handed in by the flow (bound to the logged-in user) and run in
a thread worker of this modal; the modal only shows what comes back and returns the lead id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ...i18n import _
from ..widgets.lead_picker import LeadLike, LeadPicker
from ..widgets.thread_calls import ThreadCalls


class FindLeadForm(ThreadCalls, ModalScreen[int | None]):
    """Type, pick with the arrows and enter; dismisses with the lead id, or None."""

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="find_lead.cancel", tooltip=_("Close the search")),
    ]

    def __init__(self, find_leads: Callable[[str], Sequence[LeadLike]]) -> None:
        super().__init__()
        self.find_leads = find_leads

    def compose(self) -> ComposeResult:
        with Vertical(id="find-lead-box", classes="form-box"):
            yield Static(_("Find a lead"), classes="title")
            yield LeadPicker(input_id="find-text")
            yield Static(_("type · ↓ and enter to open · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#find-text").focus()

    @on(LeadPicker.SearchRequested)
    def _search(self, event: LeadPicker.SearchRequested) -> None:
        picker = event.picker
        self.call_in_thread(self.find_leads, event.query, then=picker.show_matches, group="search", exclusive=True)

    @on(LeadPicker.Picked)
    def _picked(self, event: LeadPicker.Picked) -> None:
        self.dismiss(event.lead_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
