"""The calls behind one cell of the objection ledger; `enter` returns the lead to open."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from ...i18n import _
from .table_modal import TableModal


class ObjectionCallsModal(TableModal[int | None]):
    """Shows ``rows`` as (lead id, cells) under ``columns``; returns the chosen lead id or None."""

    TABLE_ID = "objection-calls"
    BINDINGS = [
        Binding("escape,q", "cancel", _("Back"), id="objection_calls.back", tooltip=_("Back to the ledger")),
        Binding("j", "cursor(1)", _("Down"), id="objection_calls.down", tooltip=_("Next call"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="objection_calls.up", tooltip=_("Previous call"), show=False),
    ]

    def __init__(self, title: str, columns: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        super().__init__(title)
        self.column_titles = list(columns)
        self.rows = list(rows)

    def columns(self) -> Sequence[str]:
        return self.column_titles

    def cells(self) -> Iterable[Sequence[str]]:
        return (cells for _lead_id, cells in self.rows)

    def hint(self) -> str:
        return _("enter opens the lead · escape goes back") if self.rows else _("No calls here.")

    def action_choose(self) -> None:
        table = self.query_one(DataTable)
        if self.rows and 0 <= table.cursor_row < len(self.rows):
            self.dismiss(self.rows[table.cursor_row][0])

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_choose()

    def action_cancel(self) -> None:
        self.dismiss(None)
