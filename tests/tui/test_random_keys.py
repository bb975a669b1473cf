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


#: Keys that only look: moving, opening, filtering, switching screens, closing. None of them writes
#: (h/l are left out: on the lead card they move the stage).
LOOKING_KEYS = list("jkgG1234567?[]wzr!/") + [
    "escape", "escape", "escape", "enter", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown",
]


def _database_fingerprint(path) -> dict[str, tuple]:
    """Every table's row count and a digest of its rows: any write shows."""
    import hashlib
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        result = {}
        for name in names:
            rows = connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            result[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return result
    finally:
        connection.close()


async def test_six_hundred_looking_keys_change_no_data(make_app, demo_path):
    rng = random.Random(3)
    app = make_app("head")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        before = _database_fingerprint(demo_path)  # after opening: it makes the day's reminder tasks
        for step in range(600):  # 2000 took 9 min after the listening and money screens came: see the note
            await pilot.press(rng.choice(LOOKING_KEYS))
            if step % 100 == 0:
                await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        assert app.is_running
    assert _database_fingerprint(demo_path) == before
