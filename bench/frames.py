"""Child-side timing for the app probes: time since process start, key to frame, results out.

Imported by the child scripts only (`child_floor.py`, `child_cockpit.py`); it imports nothing
but the standard library, so it adds nothing to a child's start-up time.

How a figure is taken, the same way for the bare-app floors and for the cockpit:

* "since process start": the parent reads `time.perf_counter()` just before it starts the child
  and passes it in `BENCH_T0`; on Linux that clock is CLOCK_MONOTONIC, shared by all processes.
* "painted": every frame the compositor hands to the app goes through `App._display` (the one
  place Textual renders a screen update, headless or not). `FrameWatch` wraps it and stamps the
  first frame rendered while a state check (`predicate`) holds: that frame shows the change.
  (`screen.wait_for_refresh()` fires only when the screen is next idle, which can be hundreds
  of milliseconds after the frame when other callbacks are queued: it would inflate figures.)
* a key is sent with `App.simulate_key` (the same path as a key from the terminal driver),
  not with `Pilot.press`, whose idle detection sleeps 20 ms per key and would hide the figure.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Every app probe runs headless at this terminal size.
SIZE = (120, 40)
POLL = 0.001


def since_start(moment: float | None = None) -> float:
    """Seconds from the parent starting this process to ``moment`` (default: now)."""
    started = os.environ.get("BENCH_T0")
    moment = time.perf_counter() if moment is None else moment
    return moment - float(started) if started else moment


@dataclass
class Waiter:
    """A state to be seen on screen; `stamp` is the perf_counter time of the first frame showing it."""

    predicate: Callable[[], bool]
    stamp: float | None = None


class FrameWatch:
    """Stamps frames as the app renders them; a `Waiter` gets the first frame its state holds in."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames = 0
        self._waiting: list[Waiter] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or screen is not app.screen:
                return
            self.frames += 1
            stamp = time.perf_counter()
            for waiter in list(self._waiting):
                if _holds(waiter.predicate):
                    waiter.stamp = stamp
                    self._waiting.remove(waiter)

        app._display = display

    def expect(self, predicate: Callable[[], bool]) -> Waiter:
        """Register before causing the change (before the app runs, for start-up frames)."""
        waiter = Waiter(predicate)
        self._waiting.append(waiter)
        return waiter

    async def frame(self, waiter: Waiter, what: str, timeout: float = 120.0) -> float:
        """The time of the first frame that showed ``waiter``'s state (waits for it)."""
        await until(lambda: waiter.stamp is not None, f"a frame showing {what}", timeout)
        return waiter.stamp  # type: ignore[return-value]


def _holds(predicate: Callable[[], bool]) -> bool:
    try:
        return bool(predicate())
    except Exception:  # noqa: BLE001 - a screen half-built is simply "not yet"
        return False


async def until(predicate: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    """Poll ``predicate`` on the event loop until it holds; TimeoutError naming ``what`` if not."""
    deadline = time.perf_counter() + timeout
    while not _holds(predicate):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(POLL)


async def settled(app: Any, timeout: float = 120.0) -> None:
    """Wait until no worker runs and the screen is idle and painted: the next probe starts clean."""
    await until(lambda: all(worker.is_finished for worker in app.workers), "workers to finish", timeout)
    await app.screen.wait_for_refresh()
    await asyncio.sleep(0.05)


async def key_to_frame(watch: FrameWatch, key: str, predicate: Callable[[], bool], what: str,
                       timeout: float = 120.0) -> float:
    """Seconds from sending ``key`` to the first frame rendered with ``predicate`` true."""
    waiter = watch.expect(predicate)
    started = time.perf_counter()
    watch.app.simulate_key(key)
    return await watch.frame(waiter, what, timeout) - started


def write_result(result: dict[str, Any]) -> None:
    """Hand the figures to the parent (a file: a headless app may capture stdout)."""
    target = os.environ.get("BENCH_RESULT")
    text = json.dumps(result)
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        print(text)
