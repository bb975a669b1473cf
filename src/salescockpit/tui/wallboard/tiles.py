"""A headline tile: a label in the border, the figure in big 3x3 digits, one line of detail.

On a short terminal (the screen has the ``-short`` class; the rule is in wallboard.tcss, since a
widget's own CSS cannot see the screen) the big digits give way to a plain bold figure, so all
six tiles and the leaderboard still fit on 80x24.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from .views import NO_FIGURE, Headline


class FigureTile(Vertical):
    """One of the six figures across the top; `show` swaps in a new `Headline`."""

    DEFAULT_CSS = """
    FigureTile {
        width: 1fr;
        height: auto;
        border: round $primary;
        border-title-color: $text;
        border-title-style: bold;
        border-title-align: center;
    }
    FigureTile.-alarm {
        border: round $error;
    }
    FigureTile.-alarm Digits, FigureTile.-alarm .figure {
        color: $error;
    }
    FigureTile Digits {
        width: 1fr;
        text-align: center;
        text-style: bold;
    }
    FigureTile .figure {
        width: 1fr;
        text-align: center;
        text-style: bold;
        display: none;
    }
    FigureTile .detail {
        width: 1fr;
        text-align: center;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, key: str, label: str) -> None:
        super().__init__(id=f"tile-{key}")
        self.border_title = label

    def compose(self) -> ComposeResult:
        yield Digits(NO_FIGURE)
        yield Static(NO_FIGURE, classes="figure")
        yield Static("", classes="detail")

    def show(self, headline: Headline) -> None:
        self.border_title = headline.label
        self.query_one(Digits).update(headline.value)
        self.query_one(".figure", Static).update(headline.value)
        self.query_one(".detail", Static).update(headline.detail)
        self.set_class(headline.alarm, "-alarm")
