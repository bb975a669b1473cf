"""The board's first `2` finds its stylesheet already parsed (`tui/board_preload.py`).

Without the preload, the first `2` of a process re-parsed every stylesheet of the app (Textual's
`Stylesheet.reparse`, 100-270 ms at the key at 100,000 leads). The board must look the same
either way: its snapshot tests (`test_board_snapshots.py`) hold that.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

from tests.tui.conftest import wait_ready
from tests.tui.test_board import open_board, shown_counts


async def test_the_first_board_key_reparses_no_stylesheet(make_app, monkeypatch):
    app = make_app("head")
    reparsed: list[int] = []
    original = Stylesheet.reparse

    def counting_reparse(sheet: Stylesheet) -> None:
        reparsed.append(1)
        original(sheet)

    async with app.run_test(size=(160, 50)) as pilot:
        await wait_ready(pilot)
        monkeypatch.setattr(Stylesheet, "reparse", counting_reparse)
        await open_board(pilot)
        assert reparsed == []
        assert shown_counts(app)["new"] > 0  # the board is there, with its cards
        await pilot.press("1")
        await wait_ready(pilot)
