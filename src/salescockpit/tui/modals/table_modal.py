"""A titled table in a box, a hint under it, j/k to move: what the drill-down modals share.

A subclass gives its BINDINGS (with its own ids and tooltips), `TABLE_ID`, its `columns()`,
`cells()` and `hint()`, and may widen the box in its DEFAULT_CSS. The box reads and writes
nothing: the screen that opens it loads the rows in a worker and hands them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

ResultType = TypeVar("ResultType")


class TableModal(ModalScreen[ResultType]):
    """Title, table, hint; `action_cursor(step)` moves the table's cursor."""

    TABLE_ID: ClassVar[str] = "table-modal"
    DEFAULT_CSS = """
    TableModal { align: center middle; background: $background 60%; }
    TableModal > Vertical {
        width: 110; max-width: 100%; height: 80%; border: thick $primary 80%; background: $surface; padding: 0 1;
    }
    TableModal .table-title { text-style: bold; }
    TableModal DataTable { height: 1fr; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def columns(self) -> Sequence[str]:
        raise NotImplementedError

    def cells(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def hint(self) -> str:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="table-title", markup=False)
            yield DataTable(cursor_type="row", zebra_stripes=True, id=self.TABLE_ID)
            yield Static(self.hint(), classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self.columns())
        for cells in self.cells():
            table.add_row(*cells)
        table.focus()

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()
