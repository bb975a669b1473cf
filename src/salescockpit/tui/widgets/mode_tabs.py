"""The cockpit's modes as a line of tabs under the Header: "1 Queue  2 Board  3 Callbacks ...".

The tabs are made from the app's grouped bindings (the mode keys 1-8, their descriptions
already translated), so the widget knows nothing about the screens. The current mode is
highlighted; a click switches mode like its key does. The Footer (`cockpit_footer`) shows the
tabs when the whole line fits the terminal and then leaves out its own "12345678 screens".
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static


class ModeTabs(Static):
    """One line: each mode's key and name; the current one highlighted."""

    DEFAULT_CSS = """
    ModeTabs {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text-muted;
        link-style: none;
        link-color: $text-muted;
        link-background-hover: $boost;
        link-style-hover: bold;
    }
    """

    def __init__(self, modes: list[Binding]) -> None:
        super().__init__(id="mode-tabs")
        self.modes = modes

    @property
    def needed_width(self) -> int:
        """Columns the whole line takes."""
        return sum(len(self._label(mode)) for mode in self.modes)

    @staticmethod
    def _label(mode: Binding) -> str:
        return f" {mode.key} {mode.description} "

    def on_mount(self) -> None:
        self.update(self._content())

    def _content(self) -> Content:
        current = f"mode.{self.app.current_mode}"
        parts = []
        for mode in self.modes:
            label = self._label(mode)
            if mode.id == current:
                parts.append(Content.styled(label, "bold reverse"))
            else:
                parts.append(Content.styled(label, f"@click={mode.action}"))
        return Content("").join(parts)
