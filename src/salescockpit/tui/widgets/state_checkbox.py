"""A checkbox whose glyph says its state, not only its colour.

Textual's Checkbox draws the same "X" ticked or not and tells them apart by colour alone, so on
a monochrome terminal (or with NO_COLOR) every box looks ticked. `StateCheckbox` draws a tick
when on and a blank when off.
"""

from __future__ import annotations

from textual.widgets import Checkbox

TICKED = "✓"
UNTICKED = " "


class StateCheckbox(Checkbox):
    """A Checkbox showing ✓ when ticked and a blank box when not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return TICKED if self.value else UNTICKED
