"""The calls behind one cell of the objection ledger; `enter` returns the lead to open."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from ...i18n import _


class ObjectionCallsModal(ModalScreen[int | None]):
    """Shows ``rows`` as (lead id, cells) under ``columns``; returns the chosen lead id or None."""

    BINDINGS = [
        Binding("escape,q", "cancel", _("Back"), id="objection_calls.back", tooltip=_("Back to the ledger")),
        Binding("j", "cursor(1)", _("Down"), id="objection_calls.down", tooltip=_("Next call"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="objection_calls.up", tooltip=_("Previous call"), show=False),
    ]
    DEFAULT_CSS = """
    ObjectionCallsModal { align: center middle; background: $background 60%; }
    ObjectionCallsModal > Vertical {
        width: 110; max-width: 100%; height: 80%; border: thick $primary 80%; background: $surface; padding: 0 1;
    }
    ObjectionCallsModal .calls-title { text-style: bold; }
    ObjectionCallsModal DataTable { height: 1fr; }
    """

    def __init__(self, title: str, columns: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        super().__init__()
        self.title_text = title
        self.columns = list(columns)
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="calls-title")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="objection-calls")
            hint = _("enter opens the lead · escape goes back") if self.rows else _("No calls here.")
            yield Static(hint, classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self.columns)
        for _lead_id, cells in self.rows:
            table.add_row(*cells)
        table.focus()

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_choose(self) -> None:
        table = self.query_one(DataTable)
        if self.rows and 0 <= table.cursor_row < len(self.rows):
            self.dismiss(self.rows[table.cursor_row][0])

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_choose()

    def action_cancel(self) -> None:
        self.dismiss(None)
