"""The sales-floor wallboard: a read-only Textual app of today's figures, served to a browser.

`salescockpit serve --wallboard` runs it once per browser connection through textual-serve
(`commands/serve.py`). It has no key that writes, imports no write service and opens the
database through `store.read_only`, which refuses writes at the database level. Its data comes
from `reports.wallboard.WallboardFeed`, read in a thread worker on start and every minute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...clock import Clock
    from ...config import Settings


def run_wallboard(*, db_target: str, login: str, settings: Settings, clock: Clock) -> None:
    """Run the wallboard in this terminal (or in textual-serve's pty) until ctrl+q."""
    from .app import WallboardApp

    WallboardApp(db_target=db_target, login=login, settings=settings, clock=clock).run()
