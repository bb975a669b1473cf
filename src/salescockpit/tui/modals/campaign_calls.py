"""The campaign calls a manager owes (the head: everybody's), the earliest due first; `enter` on
one opens the call form for the client, with the campaign's outcome in it. Above them, each
campaign counted: calls open and done, and what the done ones gave.

Shows rows handed in (`store.queries.campaigns.CampaignCall`- and `CampaignSummary`-like);
touches no store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ...i18n import _
from ...l10n import day_month
from ..widgets.columns import fit


class CampaignCallsList(ModalScreen[Any]):
    """A table of open campaign calls; dismisses with the chosen one, or None."""

    CSS_PATH = "../styles/forms.tcss"
    DEFAULT_CSS = """
    CampaignCallsList { align: center middle; background: $background 60%; }
    CampaignCallsList DataTable { height: auto; max-height: 20; }
    """
    BINDINGS = [
        Binding("enter", "choose", _("Log call"), id="campaign_calls.choose", priority=True,
                tooltip=_("Log the call with the highlighted client and what it gave")),
        Binding("escape", "cancel", _("Close"), id="campaign_calls.close", tooltip=_("Back to the accounts")),
    ]

    def __init__(self, calls: Sequence[Any], *, purpose_label: Callable[[str], str], today: date,
                 summaries: Sequence[Any] = (), outcome_label: Callable[[str], str] = str) -> None:
        super().__init__()
        self.calls = list(calls)
        self.summaries = list(summaries)
        self.outcome_label = outcome_label
        self.purpose_label = purpose_label
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(_("Campaign calls to make: {count}").format(count=len(self.calls)), classes="title",
                         id="campaign-calls-title")
            yield Static(Content("\n".join(self._summary_line(summary) for summary in self.summaries)),
                         id="campaign-summaries")
            yield DataTable(id="campaign-calls", cursor_type="row", zebra_stripes=True)
            yield Static(_("enter log the call · esc close"), classes="form-keys")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in ((_("Client"), 24), (_("Campaign"), 20), (_("Purpose"), 18), (_("Due"), 7),
                             (_("Manager"), 16)):
            table.add_column(label, width=fit(label, width))
        for call in self.calls:
            due = day_month(call.due_date) + (" !" if call.due_date < self.today else "")
            table.add_row(call.client_name, call.campaign_name, self.purpose_label(call.purpose), due,
                          call.manager_name)
        table.focus()

    def _summary_line(self, summary: Any) -> str:
        outcomes = ", ".join(f"{self.outcome_label(key)} {count}" for key, count in summary.outcomes.items())
        line = _("«{name}» ({purpose}, due {due}): open {open} · done {done}").format(
            name=summary.name, purpose=self.purpose_label(summary.purpose), due=day_month(summary.due_date),
            open=summary.open, done=summary.done)
        return line + (f" — {outcomes}" if outcomes else "")

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        table = self.query_one(DataTable)
        if 0 <= table.cursor_row < len(self.calls):
            self.dismiss(self.calls[table.cursor_row])

    def action_cancel(self) -> None:
        self.dismiss(None)
