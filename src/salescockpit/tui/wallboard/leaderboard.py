"""The leaderboard: every manager's day in one table, best first, and the team's total under it.

A `Static` holding a Rich table rather than a `DataTable`: nothing here can take the focus, so
no key on the wallboard moves a cursor or starts anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...i18n import _
from .views import leaderboard_headers, standing_cells

if TYPE_CHECKING:
    from ...reports.wallboard import Wallboard

#: The one column that may shrink (the manager's name, down to `LONGEST_NAME` cells); figures never
#: wrap. Columns are parted by the box's blank rule only, no padding: names keep their room on 80 columns.
NAME_COLUMN = 1
LONGEST_NAME = 20
OVERDUE_COLUMN = 6


class Leaderboard(Static):
    """Managers ranked by deals won, then calls; a bold "Team" line sums them up.

    Rows are spaced out with a blank line when the panel is tall enough (a wallboard is read
    from across the room), and packed tight on a small screen.
    """

    DEFAULT_CSS = """
    Leaderboard {
        height: 1fr;
        border: round $primary;
        border-title-style: bold;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.border_title = _("Leaderboard")
        self.update(Text(_("Waiting for the first figures…"), style="dim"))

    _board: Wallboard | None = None

    def show(self, board: Wallboard) -> None:
        self._board = board
        # The header and its rule, the managers, a gap, the team; spaced out: a blank line after each.
        spaced = 2 + 2 * len(board.leaders) + 1
        leading = 1 if spaced <= self.content_size.height else 0
        table = Table(
            box=box.SIMPLE_HEAD, expand=True, padding=0, pad_edge=False, header_style="bold",
            show_edge=False, leading=leading,
        )
        headers = leaderboard_headers()
        rows = [standing_cells(str(place), row) for place, row in enumerate(board.leaders, start=1)]
        rows.append(standing_cells("", board.team))
        widths = [max(cell_len(text) for text in column) for column in zip(headers, *rows)]
        name_width = min(widths[NAME_COLUMN], LONGEST_NAME)
        # Up to two more cells before each figure when the panel has room: columns read apart at a glance.
        snug = sum(widths) - widths[NAME_COLUMN] + name_width + len(headers) - 1
        figures = len(headers) - 2
        room = next((extra for extra in (2, 1) if snug + extra * figures <= self.content_size.width), 0)
        for index, header in enumerate(headers):
            if index == NAME_COLUMN:
                table.add_column(header, ratio=1, no_wrap=True, overflow="ellipsis", min_width=name_width)
            elif index == 0:
                table.add_column(header, no_wrap=True)
            else:
                table.add_column(header, justify="right", no_wrap=True, min_width=widths[index] + room)
        for place, (row, cells) in enumerate(zip(board.leaders, rows), start=1):
            style = "bold" if place == 1 and row.deals_won else ""
            table.add_row(*self._marked(list(cells), row.overdue_callbacks), style=style)
        if board.leaders:
            table.rows[-1].end_section = True
        else:
            table.add_row("", Text(_("No managers yet."), style="dim"), *[""] * 7, end_section=True)
        table.add_row(*self._marked(list(rows[-1]), board.team.overdue_callbacks), style="bold")
        self.update(table)

    def on_resize(self) -> None:
        """A blank line between managers when the screen is tall enough: redraw for the new size."""
        if self._board is not None:
            self.show(self._board)

    @staticmethod
    def _marked(cells: list[str], overdue: int) -> list[str | Text]:
        """The overdue count in red when there is any: the figure the floor must act on."""
        marked: list[str | Text] = list(cells)
        if overdue:
            marked[OVERDUE_COLUMN] = Text(cells[OVERDUE_COLUMN], style="bold red")
        return marked
