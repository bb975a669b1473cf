"""Child process: the cockpit itself, headless, on the benchmark database, logged in as the head.

    python bench/child_cockpit.py start DB NOW          first frame, and review-queue rows painted
    python bench/child_cockpit.py keys DB NOW REPEATS   the key probes, REPEATS samples of each

`NOW` is the ISO instant of the fixed clock (the demo's "as of"). The app is built with
`build_app` exactly as the CLI builds it (only the clock is fixed). A part of the cockpit that
is not built yet (the board, the lead card) is reported as the string "n/a (not built)".
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime
from typing import Any

from frames import SIZE, FrameWatch, key_to_frame, settled, since_start, until, write_result

NOT_BUILT = "n/a (not built)"
SCROLL_KEYS = 20


def queue_rows(app: Any) -> int:
    """Rows of the review queue on the current screen (0 when it is not the queue)."""
    if app.current_mode != "queue" or type(app.screen).__name__ != "QueueScreen":
        return 0
    try:
        return app.screen.query_one("#queue-table").row_count
    except Exception:  # noqa: BLE001 - not composed yet
        return 0


def board_shown(app: Any) -> bool:
    """The board is current and every unfolded column has its cards."""
    screen = app.screen
    if app.current_mode != "board" or type(screen).__name__ != "BoardScreen":
        return False
    columns = [column for column in screen.query("BoardColumn") if not column.folded]
    return bool(columns) and all(column.loaded for column in columns)


def board_built(app: Any) -> bool:
    screen = app.MODES.get("board")
    return screen is not None and "Placeholder" not in getattr(screen, "__name__", str(screen))


def card_built(app: Any) -> bool:
    return hasattr(app, "open_lead") and importlib.util.find_spec("salescockpit.tui.screens.lead_card") is not None


def card_shown(app: Any) -> bool:
    return type(app.screen).__name__ == "LeadCardScreen" and getattr(app.screen, "card", None) is not None


def make_app(db: str, now: str) -> Any:
    from salescockpit.clock import FixedClock
    from salescockpit.config import Settings
    from salescockpit.tui.app import build_app

    settings = Settings(timezone="Europe/Moscow")
    clock = FixedClock(datetime.fromisoformat(now), tz=settings.tz)
    return build_app(db_target=db, login="head", settings=settings, clock=clock)


async def start_probe(watch: FrameWatch, first: Any, rows: Any, result: dict[str, Any]) -> None:
    result["first_frame"] = since_start(await watch.frame(first, "the first screen"))
    result["queue_rows"] = since_start(await watch.frame(rows, "review-queue rows"))
    await settled(watch.app)
    result.update(memory_split())


def memory_split() -> dict[str, float]:
    """Peak resident memory so far and resident memory now, in MiB (Linux; empty elsewhere).

    `VmHWM` is this process image's own peak. The parent's `ru_maxrss` of a child is not: Python
    starts children with vfork, and Linux carries the parent's peak into the child's at exec.
    Now: the process's own (anonymous) memory and the file pages mapped in (libraries, and
    SQLite's mmap of the database, which counts in RSS but belongs to the OS page cache).
    """
    found = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmHWM", "RssAnon", "RssFile"):
                    found[name] = int(value.split()[0]) / 1024
    except OSError:
        return {}
    return {"peak_rss": found.get("VmHWM"), "rss_anon": found.get("RssAnon"), "rss_file": found.get("RssFile")}


async def key_probes(watch: FrameWatch, repeats: int, result: dict[str, Any]) -> None:
    app = watch.app
    await until(lambda: queue_rows(app) > 0, "review-queue rows")
    await settled(app)
    table = app.screen.query_one("#queue-table")
    result["cursor"] = []
    for _ in range(repeats * 2):
        row = table.cursor_row
        moved = await key_to_frame(watch, "down", lambda row=row: table.cursor_row == row + 1, "the queue cursor")
        result["cursor"].append(moved)
        await settled(app)
    if card_built(app):
        opens = []
        for _ in range(repeats + 1):  # the first open of a process imports and styles the screen
            opens.append(await key_to_frame(watch, "enter", lambda: card_shown(app), "the lead card"))
            await settled(app)
            app.simulate_key("escape")
            await until(lambda: queue_rows(app) > 0, "back to the queue")
            await settled(app)
        result["card_first"], result["card"] = opens[:1], opens[1:]
    else:
        result["card_first"] = result["card"] = NOT_BUILT
    if board_built(app):
        await board_probes(watch, repeats, result)
    else:
        result["board_first"] = result["board_scroll"] = result["board_move"] = NOT_BUILT
        result["modes"] = []
        for _ in range(repeats):
            for key, mode in (("2", "board"), ("1", "queue")):
                result["modes"].append(await key_to_frame(
                    watch, key, lambda mode=mode: app.current_mode == mode and (mode != "queue" or queue_rows(app)),
                    f"mode {mode}"))
                await settled(app)


async def board_probes(watch: FrameWatch, repeats: int, result: dict[str, Any]) -> None:
    app = watch.app
    result["board_first"] = [await key_to_frame(watch, "2", lambda: board_shown(app), "the board's cards")]
    await settled(app)
    screen = app.screen
    column = screen.focused
    start = column.cursor
    scroll = 0.0
    for step in range(1, SCROLL_KEYS + 1):
        scroll += await key_to_frame(watch, "j", lambda step=step: column.cursor == start + step, "the board cursor")
        await settled(app)
    result["board_scroll"] = [scroll]
    result["board_move"] = []
    result["board_move_refused"] = 0
    for _ in range(repeats):
        moved = len(screen.undo_stack)
        seconds = await key_to_frame(watch, "L", lambda: len(screen.undo_stack) > moved or app.screen is not screen,
                                     "the card move")
        if app.screen is not screen:  # a stage gate asked for something: not a timing, try the next card
            result["board_move_refused"] += 1
            app.simulate_key("escape")
            await until(lambda: app.screen is screen, "the gate prompt to close")
            app.simulate_key("j")
        else:
            result["board_move"].append(seconds)
        await settled(app)
    result["modes"] = []
    for _ in range(repeats):
        result["modes"].append(await key_to_frame(watch, "1", lambda: queue_rows(app) > 0, "mode queue"))
        await settled(app)
        result["modes"].append(await key_to_frame(watch, "2", lambda: board_shown(app), "mode board"))
        await settled(app)


def main(argv: list[str]) -> int:
    mode, db, now = argv[1], argv[2], argv[3]
    repeats = int(argv[4]) if len(argv) > 4 else 3
    app = make_app(db, now)
    result: dict[str, Any] = {"imported": since_start()}
    watch = FrameWatch(app)
    first = watch.expect(lambda: app.current_mode in ("loading", "queue"))
    rows = watch.expect(lambda: queue_rows(app) > 0)

    async def script(_pilot) -> None:
        try:
            if mode == "start":
                await start_probe(watch, first, rows, result)
            else:
                await key_probes(watch, repeats, result)
        finally:
            app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=script)
    if app.failure:
        raise SystemExit(f"the cockpit did not open: {app.failure}")
    write_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
