"""The first frame: the cockpit opens the database in a worker meanwhile."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static
from ..widgets.cockpit_footer import CockpitFooter

from ...i18n import _


class LoadingScreen(Screen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Opening the database…"), id="loading", classes="placeholder")
        yield CockpitFooter()
