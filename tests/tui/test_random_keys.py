"""Random keys across every screen: the cockpit never crashes and stays usable."""

from __future__ import annotations

import random

import pytest

from tests.tui.conftest import wait_ready

KEYS = list("jkhlHLgGoasrmnxuzcbe/!?1234567yn-[]tpwv ") + [
    "escape", "escape", "escape", "enter", "tab", "up", "down", "left", "right", "shift+left", "shift+right", "ctrl+s",
]


@pytest.mark.parametrize(("login", "seed"), [("head", 1), ("ivanov", 2)])
async def test_random_keys_crash_nothing(make_app, login, seed):
    rng = random.Random(seed)
    app = make_app(login)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        for step in range(400):
            await pilot.press(rng.choice(KEYS))
            if step % 50 == 0:
                await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Still alive and answering: back to the queue with escapes and the mode key.
        for _ in range(6):
            await pilot.press("escape")
        await pilot.press("1")
        await wait_ready(pilot)
        assert app.is_running
        assert app.current_mode == "queue"
