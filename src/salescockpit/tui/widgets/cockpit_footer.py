"""The Footer of every cockpit screen: tighter on narrow terminals.

At 80 columns Textual's Footer runs out of room after six or seven keys (sooner with Russian
labels), and what falls off the end is cut mid-word. Below `NARROW_WIDTH` the keys lose their
padding, and the keys a user rarely needs in the Footer give their place to the screen's own:
the palette key (ctrl+p) and refresh (r; the screens reload by themselves after every write made
here). Both still work, and the help screen and the palette list them.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW_WIDTH = 100
#: Actions whose key leaves the Footer on a narrow terminal.
NARROW_HIDDEN_ACTIONS = frozenset({"refresh"})


class CockpitFooter(Footer):
    """Footer that tightens itself below `NARROW_WIDTH` columns."""

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow == self.compact:
            return
        self.compact = narrow
        self.show_command_palette = not narrow
        self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey) and widget.action in NARROW_HIDDEN_ACTIONS:
                continue
            yield widget
