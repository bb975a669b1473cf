"""Child process for `test_first_rows_imports.py`: the cockpit headless until the queue's first rows.

    python tests/tui/first_rows_child.py DB NOW LOGIN OUT

Runs the cockpit as the CLI builds it (fixed clock at ``NOW``, headless, 120x40) and, at the
first frame the compositor paints with rows in the review queue's table, writes a JSON object to
``OUT``: the names in ``sys.modules`` at that frame ("modules") and the lead rows shown
("rows"). It then waits for the background work to settle and adds "modules_after" (what the
process holds once the write side was imported in the background). A plain script: it imports
nothing of salescockpit before the app is built, as the CLI does not.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime
from pathlib import Path


def main(argv: list[str]) -> int:
    db, now, login, out = argv[1:5]
    from salescockpit.clock import FixedClock
    from salescockpit.config import Settings
    from salescockpit.tui.app import build_app

    settings = Settings(timezone="Europe/Moscow")
    app = build_app(db_target=db, login=login, settings=settings,
                    clock=FixedClock(datetime.fromisoformat(now), tz=settings.tz),
                    drafts_dir=Path(out).parent / "drafts")
    result: dict[str, object] = {}

    def queue_rows() -> int:
        if app.current_mode != "queue" or type(app.screen).__name__ != "QueueScreen":
            return 0
        try:
            return app.screen.query_one("#queue-table").row_count
        except Exception:  # noqa: BLE001 - not composed yet
            return 0

    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        if "modules" not in result and renderable is not None and screen is app.screen and queue_rows():
            result["modules"] = sorted(sys.modules)
            result["rows"] = queue_rows()

    app._display = display

    async def script(pilot) -> None:
        try:
            for _ in range(6000):
                if "modules" in result:
                    break
                await asyncio.sleep(0.01)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            result["modules_after"] = sorted(sys.modules)
        finally:
            app.exit()

    app.run(headless=True, size=(120, 40), auto_pilot=script)
    result["failure"] = app.failure
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
