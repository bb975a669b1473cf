"""Time the pipeline board against a big database (not a test: speed goals live here).

    salescockpit seed --db /tmp/board100k.db --leads 100000     # once, about a minute
    .venv/bin/python bench/board_probe.py --db /tmp/board100k.db

Prints, in milliseconds: the store's board reads (totals, first pages, next page, each filter),
a move with its reload (the worker's whole job: write + two columns + their totals), and the
same through the running app, headless: key "2" to a drawn board, a cursor key to repaint,
"L" to the moved card on screen, "u" to undo it. Moves are undone, but they leave their
StageHistory and audit rows behind: point it at a scratch database.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, object]:
    """Median wall time of ``fn`` over ``rounds`` runs, in ms, and its last result."""
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def report(name: str, ms: float, goal: float | None = None) -> None:
    verdict = "" if goal is None else ("  ok" if ms <= goal else f"  OVER the {goal:.0f} ms goal")
    print(f"{name:<58} {ms:8.1f} ms{verdict}")


def probe_store(db: str, login: str, rounds: int) -> None:
    from salescockpit.clock import SystemClock
    from salescockpit.config import Settings
    from salescockpit.tui.cockpit import open_cockpit
    from salescockpit.tui.screens.board_data import (
        BoardView, list_owners, load_page, load_pages, load_totals, move_lead,
    )

    settings = Settings(timezone="Europe/Moscow")
    start = time.perf_counter()
    cockpit = open_cockpit(db, login, settings, SystemClock(tz=ZoneInfo(settings.timezone)))
    report("open the data layer (imports, migrations check, actor)", (time.perf_counter() - start) * 1000)
    pipeline = settings.pipeline
    first_pages = {stage: (None, None) for stage in pipeline.open_keys}
    ms_totals, totals = timed(lambda: load_totals(cockpit, BoardView()), rounds)
    ms_pages, pages = timed(lambda: load_pages(cockpit, BoardView(), first_pages), rounds)
    print(f"  {sum(t.count for t in totals.values())} leads, largest open column "
          f"{max(totals[stage].count for stage in pipeline.open_keys)}")
    report("board: totals of every stage (one GROUP BY)", ms_totals)
    report("board: first page of every open column", ms_pages)
    report("board: both, one after the other", ms_totals + ms_pages, 1000)
    for label, view in (
        ("filter: only problems", BoardView(problems_only=True)),
        ("filter: text 'иван'", BoardView(text="иван")),
        ("filter: one manager", BoardView(owner_id=list_owners(cockpit)[0][0])),
    ):
        report(label + " (totals + pages)", timed(lambda view=view: (load_totals(cockpit, view), load_pages(cockpit, view, first_pages)), rounds)[0])
    biggest = max(pipeline.open_keys, key=lambda stage: totals[stage].count)
    last_key = pages[biggest].cards[-1].key
    report(f"next page of the biggest column ({biggest})",
           timed(lambda: load_page(cockpit, BoardView(), biggest, "after", last_key), rounds)[0], 50)
    report(f"last page of {biggest} (G)", timed(lambda: load_page(cockpit, BoardView(), biggest, "end", None), rounds)[0])
    source = pipeline.open_keys[0]
    lead_id = next(card.lead_id for card in pages[source].cards if "failed_review" not in card.markers)
    target = pipeline.next_stage(source)
    forward, back, reread = [], [], []
    requests = {source: (None, 40), target: (None, 40)}
    for _ in range(rounds):
        forward.append(timed(lambda: move_lead(cockpit, BoardView(), lead_id, target, None), 1)[0])
        back.append(timed(lambda: move_lead(cockpit, BoardView(), lead_id, source, None), 1)[0])
        reread.append(timed(lambda: load_pages(cockpit, BoardView(), requests), 1)[0])
    report(f"move {source} -> {target} (write + card read back)", statistics.median(forward), 100)
    report(f"move back {target} -> {source}", statistics.median(back), 100)
    report("background re-read: both columns (totals: the move's change)", statistics.median(reread))


async def probe_app(db: str, login: str, rounds: int) -> None:
    """Through the app: from a key to the first frame painted with its result (headless terminal)."""
    from textual import events

    from salescockpit.config import Settings
    from salescockpit.tui.app import build_app
    from salescockpit.tui.widgets.board_column import BoardColumn

    app = build_app(db_target=db, login=login, settings=Settings(timezone="Europe/Moscow"))
    painted: list[float] = []
    async with app.run_test(size=(160, 50)) as pilot:
        display = app._display

        def spy(screen, update) -> None:  # a frame goes to the terminal
            painted.append(time.perf_counter())
            display(screen, update)

        app._display = spy

        async def wait_for(done: Callable[[], bool], limit: float = 30.0) -> float:
            """Wait (without the pilot's own polling) until ``done``, then for the next frame painted."""
            deadline = time.perf_counter() + limit
            while not done() and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            frames = len(painted)
            while len(painted) == frames and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            return painted[-1]

        async def press(key: str, done: Callable[[], bool] = lambda: True) -> float:
            """Milliseconds from ``key`` to the first frame painted once ``done`` holds."""
            start = time.perf_counter()
            app.post_message(events.Key(key, key if len(key) == 1 else None))
            return (await wait_for(done) - start) * 1000

        await wait_for(lambda: app.current_mode == "queue" and not app.screen.workers)
        await pilot.pause(0.5)
        board_ready = lambda: app.current_mode == "board" and app.screen._loaded_once and bool(app.screen.totals)
        report("app: key 2 -> board drawn, every column filled", await press("2", board_ready), 1000)
        board = app.screen
        await pilot.pause(0.3)
        for label, keys in (("j/k: card to card", ["j", "k"]), ("l/h: column to column", ["l", "h"])):
            times = []
            for key in keys * rounds:
                times.append(await press(key))
                await pilot.pause(0.05)
            report(f"app: {label} -> next frame (median)", statistics.median(times), 50)
        column = app.focused
        assert isinstance(column, BoardColumn)
        start = time.perf_counter()
        for _ in range(200):
            column.move_cursor(1)
            for y in range(column.size.height):
                column.render_line(y)
        report("cursor step + drawing every line of a column (CPU)", (time.perf_counter() - start) * 1000 / 200, 50)
        await pilot.press("g")
        while column.current is not None and "failed_review" in column.current.markers:
            await pilot.press("j")  # a lead the gates let through
        await pilot.pause(0.3)
        move_times, undo_times = [], []
        for _ in range(rounds):
            moves = board._moves_done
            move_times.append(await press("L", lambda: board._moves_done > moves))
            await pilot.pause(0.5)
            undo_times.append(await press("u", lambda: board._moves_done > moves + 1))
            await pilot.pause(0.5)
        report("app: L -> the card shown in its new column (median)", statistics.median(move_times), 100)
        report("app: u -> the card shown back (median)", statistics.median(undo_times), 100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/board100k.db")
    parser.add_argument("--login", default="head")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if "://" not in args.db and not Path(args.db).exists():
        sys.exit(f"{args.db} does not exist: salescockpit seed --db {args.db} --leads 100000")
    probe_store(args.db, args.login, args.rounds)
    asyncio.run(probe_app(args.db, args.login, args.rounds))


if __name__ == "__main__":
    main()
