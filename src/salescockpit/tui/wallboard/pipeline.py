"""The pipeline now: how many leads stand in each open stage, and how many of them are stale.

Two renderings of the same counts, chosen by the screen's width class (in wallboard.tcss):
`PipelineBars` (one bar per stage, the stale part shaded; beside the leaderboard on a wide
screen) and `PipelineStrip` (one row of counts under the leaderboard on a narrow one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...i18n import _

if TYPE_CHECKING:
    from ...reports.wallboard import StageCount, Wallboard

FRESH_BLOCK = "█"
STALE_BLOCK = "▓"
LABEL_WIDTH = 16


def bar(stage: StageCount, longest: int, width: int) -> Text:
    """``stage``'s bar, ``width`` cells for the ``longest`` count; stale leads drawn first, shaded."""
    if longest <= 0 or stage.count <= 0:
        return Text("")
    cells = max(1, round(stage.count * width / longest))
    stale = min(cells, round(stage.stale * width / longest)) if stage.stale else 0
    if stage.stale and not stale:
        stale = 1
    text = Text(STALE_BLOCK * stale, style="yellow")
    text.append(FRESH_BLOCK * (cells - stale), style="cyan")
    return text


class PipelineBars(Static):
    """One line per open stage: label, bar, count (and the stale count in brackets when there is one)."""

    DEFAULT_CSS = """
    PipelineBars {
        width: 1fr;
        height: 1fr;
        border: round $primary;
        border-title-style: bold;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.border_title = _("Pipeline now")

    _board: Wallboard | None = None

    def show(self, board: Wallboard) -> None:
        self._board = board
        stages = board.open_stages
        longest = max((stage.count for stage in stages), default=0)
        figures = [self._figure(stage) for stage in stages]
        figure_width = max((figure.cell_len for figure in figures), default=1)
        bar_width = max(4, self.content_size.width - LABEL_WIDTH - figure_width - 2)
        lines = []
        for stage, figure in zip(stages, figures):
            label = Text(_(stage.label), no_wrap=True, overflow="ellipsis")
            label.truncate(LABEL_WIDTH, overflow="ellipsis", pad=True)
            drawn = bar(stage, longest, bar_width)
            drawn.pad_right(bar_width - drawn.cell_len)
            figure.pad_left(figure_width - figure.cell_len)
            lines.append(Text.assemble(label, " ", drawn, " ", figure))
        legend = Text.assemble(
            (FRESH_BLOCK, "cyan"), " ", _("leads in the stage"), "   ", (STALE_BLOCK, "yellow"), " ", _("(n) stale"),
            style="dim",
        )
        if 2 * len(lines) + 1 <= self.content_size.height:  # room to space the bars out, as the leaderboard does
            lines = [piece for line in lines for piece in (line, Text(""))]
        else:
            lines.append(Text(""))
        self.update(Group(*lines, legend))

    @staticmethod
    def _figure(stage: StageCount) -> Text:
        figure = Text(str(stage.count), style="bold")
        if stage.stale:
            figure.append(f" ({stage.stale})", style="yellow")
        return figure

    def on_resize(self) -> None:
        """The bars are drawn to the width: draw them again for the new one."""
        if self._board is not None:
            self.show(self._board)


class PipelineStrip(Static):
    """The open stages side by side: label over count, stale counts in brackets."""

    DEFAULT_CSS = """
    PipelineStrip {
        height: auto;
        border: round $primary;
        border-title-style: bold;
        padding: 0 1;
        display: none;
    }
    """

    def on_mount(self) -> None:
        self.border_title = _("Pipeline now")

    def show(self, board: Wallboard) -> None:
        table = Table(box=None, expand=True, pad_edge=False, show_edge=False, header_style="bold")
        cells: list[Text] = []
        for stage in board.open_stages:
            table.add_column(_(stage.label), justify="center", no_wrap=True, overflow="ellipsis", ratio=1)
            figure = Text(str(stage.count), style="bold")
            if stage.stale:
                figure.append(f" ({stage.stale})", style="yellow")
            cells.append(figure)
        table.add_row(*cells)
        self.update(table)
