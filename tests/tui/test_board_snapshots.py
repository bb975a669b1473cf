"""The board as the user sees it (fixed clock, demo seed), small and large terminals."""

from __future__ import annotations

from tests.tui.conftest import wait_ready


async def _board(pilot) -> None:
    await wait_ready(pilot)
    await pilot.press("2")
    await wait_ready(pilot, "board")


def test_board_snapshot_at_80x24(make_app, snap_compare):
    async def ready(pilot):
        await _board(pilot)
        await pilot.press("l", "j")
        await wait_ready(pilot, "board")

    assert snap_compare(make_app("head"), terminal_size=(80, 24), run_before=ready)


def test_board_snapshot_at_160x50(make_app, snap_compare):
    async def ready(pilot):
        await _board(pilot)
        await pilot.press("z", "j", "j")
        await wait_ready(pilot, "board")

    assert snap_compare(make_app("head"), terminal_size=(160, 50), run_before=ready)


def test_manager_board_with_problems_only_snapshot(make_app, snap_compare):
    async def ready(pilot):
        await _board(pilot)
        await pilot.press("exclamation_mark")
        await wait_ready(pilot, "board")

    assert snap_compare(make_app("petrova"), terminal_size=(120, 40), run_before=ready)
