"""Make the board's first `2` cheap: its modules and stylesheet are ready before the key.

Profiled at 100,000 leads (issue 22), the first `2` of a process spent 30-80 ms importing the
board's modules and 100-270 ms in Textual's `_load_screen_css`: a new stylesheet file makes it
re-parse every stylesheet the app holds (a fresh `Stylesheet`, so nothing is cached) and restyle
every node. After the queue's first rows and the write side are ready, `preload_board` does that
work in the background: a thread imports the board and parses the app's stylesheets together with
the board's (its `.tcss` and `BoardColumn`'s default CSS) into a `Stylesheet` of its own, and the
UI thread then takes the parsed rules in one step, the way `Stylesheet.reparse` does, when no
stylesheet changed meanwhile. The first `2` then finds every source already parsed: Textual reads
nothing and re-parses nothing. What the user sees is the same; only when the work is done changes.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.stylesheet import Stylesheet


def board_sources() -> list[tuple[tuple[str, str], str, bool, int, str]]:
    """(read_from, css, is_default_css, tie_breaker, scope) of what the board adds to the app's
    stylesheet: its screen's CSS file and its column widget's default CSS (imports the board)."""
    from .screens.board import BoardScreen
    from .widgets.board_column import BoardColumn

    sources = []
    css_file = (Path(inspect.getfile(BoardScreen)).parent / str(BoardScreen.CSS_PATH)).resolve()
    sources.append(((str(css_file), ""), css_file.read_text(encoding="utf-8"), False, 0, ""))
    for read_from, css, tie_breaker, scope in BoardColumn("preload", "")._get_default_css():
        sources.append((read_from, css, True, tie_breaker, scope))
    return sources


def parse_with_board(before: dict, variables: dict) -> Stylesheet | None:
    """In a thread: the app's sources (``before``, copied on the UI thread) and the board's,
    parsed in a stylesheet of their own; None when the app already holds every board source."""
    from textual.css.stylesheet import Stylesheet

    missing = [each for each in board_sources() if each[0] not in before]
    if not missing:
        return None
    parsed = Stylesheet(variables=dict(variables))
    for read_from, (css, is_default, tie_breaker, scope) in before.items():
        parsed.add_source(css, read_from=read_from, is_default_css=is_default, tie_breaker=tie_breaker, scope=scope)
    for read_from, css, is_default, tie_breaker, scope in missing:
        parsed.add_source(css, read_from=read_from, is_default_css=is_default, tie_breaker=tie_breaker, scope=scope)
    parsed.parse()
    return parsed


def take_parsed(app: App, before: dict, parsed: Stylesheet) -> bool:
    """On the UI thread: give the app's stylesheet the parsed sources and rules (as
    `Stylesheet.reparse` does) unless its sources or variables changed meanwhile; True if taken."""
    sheet = app.stylesheet
    if sheet.source != before or sheet._variables != parsed._variables:
        return False  # a theme or a screen changed the styles meanwhile: the first `2` parses as before
    sheet._rules = parsed.rules
    sheet._rules_map = None
    sheet.source = parsed.source
    sheet._require_parse = False
    return True
