"""The modes by name: a line of tabs under the Header where the width allows, not "12345678 screens"."""

from __future__ import annotations

import pytest

from tests.tui.conftest import wait_ready

ENGLISH = ("1 Queue", "2 Board", "3 Callbacks", "4 Objections", "5 Re-check", "6 Reports", "7 Compliance",
           "8 Reconcile")


def screen_lines(app) -> list[str]:
    """Every line of the screen as plain text (what a person reads)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("width", [120, 160])
async def test_wide_terminals_show_every_mode_by_name_under_the_header(make_app, width):
    app = make_app("head")
    async with app.run_test(size=(width, 40)) as pilot:
        await wait_ready(pilot)
        lines = screen_lines(app)
        tabs = lines[1]
        positions = [tabs.index(label) for label in ENGLISH]
        assert positions == sorted(positions)
        assert "12345678" not in lines[-1] and "screens" not in lines[-1]
        assert app.screen.query_one("#mode-tabs").region.y == 1


async def test_the_tabs_follow_the_mode_and_a_click_switches(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("2")
        await wait_ready(pilot, "board")
        tab_line = app.screen._compositor.render_strips()[1]
        highlighted = [segment.text.strip() for segment in tab_line if segment.style and segment.style.reverse]
        assert highlighted == ["2 Board"]
        start = screen_lines(app)[1].index("3 Callbacks")
        await pilot.click("#mode-tabs", offset=(start + 2, 0))
        await wait_ready(pilot, "callbacks")
        assert app.current_mode == "callbacks"


async def test_a_narrow_terminal_keeps_the_compact_mode_keys_in_the_footer(make_app):
    app = make_app("head")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        lines = screen_lines(app)
        assert "2 Board" not in "\n".join(lines[:3])
        assert not app.screen.query_one("#mode-tabs").display
    async with make_app("head").run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.resize_terminal(130, 30)
        await pilot.pause()
        assert "1 Queue" in screen_lines(pilot.app)[1]


def _board_after(pilot_keys=("2",)):
    from tests.tui.test_snapshots_card_callbacks import settle

    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        await pilot.press(*pilot_keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
def test_mode_tabs_snapshot_in_english(make_app, snap_compare, size):
    assert snap_compare(make_app("head"), terminal_size=size, run_before=_board_after())


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
def test_mode_tabs_snapshot_in_russian(demo_path, settings, clock, tmp_path, snap_compare, size):
    from tests.tui.russian import russian_tui

    with russian_tui() as app_module:
        app = app_module.build_app(db_target=str(demo_path), login="head", settings=settings, clock=clock,
                                   drafts_dir=tmp_path / "drafts")
        assert snap_compare(app, terminal_size=size, run_before=_board_after())
