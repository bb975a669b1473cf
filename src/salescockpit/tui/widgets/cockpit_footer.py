"""The Footer of every cockpit screen: compact, without the palette key, on narrow terminals.

At 80 columns Textual's Footer runs out of room after six or seven keys (sooner with Russian
labels), and what falls off the end is cut mid-word. Below `NARROW_WIDTH` the keys lose their
padding and the palette key (ctrl+p still works, and the help screen names it) gives its place
to the screen's own keys.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

NARROW_WIDTH = 100


class CockpitFooter(Footer):
    """Footer that tightens itself below `NARROW_WIDTH` columns."""

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        self.compact = narrow
        self.show_command_palette = not narrow
