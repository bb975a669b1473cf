"""The objection ledger's cells as the user reads them: fixed widths, each column ruled off.

Every column ends in a thin rule, so neighbouring "raised handled% won%" cells read apart at
any terminal width; a name too long for its column is cut with an ellipsis.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from .shares import percent

#: Ledger widths in cells: the objection's name, and each "raised handled% won%" cell.
LABEL_WIDTH = 24
CELL_WIDTH = 15
RULE = "│"


def _ruled(text: str) -> Text:
    return Text.assemble(text, (RULE, "dim"))


def ledger_label(text: str) -> Text:
    """An objection's name in its column: cut with an ellipsis when too long, then the rule."""
    room = LABEL_WIDTH - 2
    if cell_len(text) > room:
        text = set_cell_size(text, room - 1) + "…"
    return _ruled(" " + set_cell_size(text, room))


def ledger_heading(text: str) -> Text:
    """A manager's (or the team's) column heading, right-aligned over the figures."""
    room = CELL_WIDTH - 2
    if cell_len(text) > room:
        text = set_cell_size(text, room - 1) + "…"
    return _ruled(" " * (CELL_WIDTH - 1 - cell_len(text)) + text)


def ledger_cell(figures: str) -> Text:
    """One ledger cell: the figures right-aligned, then the rule."""
    return _ruled(figures.rjust(CELL_WIDTH - 1))


def figures_cell(cell) -> Text:
    """A ledger cell's figures: raised, handled on the call %, won after %; a dot when none was raised."""
    if not cell.raised:
        return ledger_cell("·")
    return ledger_cell(f"{cell.raised} {percent(cell.handled_rate):>4} {percent(cell.won_rate):>4}")
