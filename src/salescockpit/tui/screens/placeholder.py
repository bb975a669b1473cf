"""A mode whose screen is not built yet says so plainly (no fake data)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ...i18n import _


def placeholder_screen(mode: str, message: str) -> type[Screen]:
    """A screen class for ``mode`` that shows ``message`` until the real screen lands."""

    class Placeholder(Screen):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(_(message), classes="placeholder")
            yield Footer()

    Placeholder.__name__ = f"{mode.title()}Placeholder"
    return Placeholder
