"""The wallboard app: six big figures, the leaderboard and the pipeline, refreshed every minute.

Read-only by construction: its one binding quits, nothing on it takes the focus, it opens no
modal, and its only door to the data is `WallboardFeed` (a database that refuses writes),
called in a thread worker on start and every `REFRESH_SECONDS`. When a refresh fails the last
figures stay up and the status line says since when they are stale; when the viewer is refused
(not the head of sales, or no longer) every figure is taken off the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from ...i18n import _
from ..widgets.thread_calls import readable_error
from .leaderboard import Leaderboard
from .pipeline import PipelineBars, PipelineStrip
from .tiles import FigureTile
from .views import day_text, headlines, money_text, tile_labels, updated_text

if TYPE_CHECKING:
    from ...clock import Clock
    from ...config import Settings
    from ...reports.wallboard import Wallboard, WallboardFeed

REFRESH_SECONDS = 60
TILE_KEYS = ("calls", "reach", "compliance", "overdue", "objections", "won")


class WallboardApp(App[None]):
    """salescockpit's wallboard for the sales floor (shown in a browser by `salescockpit serve`)."""

    TITLE = "salescockpit wallboard"
    CSS_PATH = "wallboard.tcss"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", _("Quit"), id="wallboard.quit", tooltip=_("Close the wallboard"),
                show=False, priority=True),
    ]

    def __init__(self, *, db_target: str, login: str, settings: Settings, clock: Clock) -> None:
        super().__init__()
        self.db_target = db_target
        self.login = login
        self.settings = settings
        self.clock = clock
        #: The figures on screen (None until the first read succeeds).
        self.board: Wallboard | None = None
        self._feed: WallboardFeed | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="top-bar"):
            yield Static(_("salescockpit · wallboard"), id="board-title")
            yield Static("", id="board-day")
            yield Static(_("opening…"), id="board-updated")
        with Horizontal(id="tiles"):
            for key, label in zip(TILE_KEYS, tile_labels()):
                yield FigureTile(key, label)
        yield Static("", id="money-strip")
        with Horizontal(id="lower"):
            yield Leaderboard(id="leaderboard")
            yield PipelineBars(id="pipeline-bars")
        yield PipelineStrip(id="pipeline-strip")
        yield Static(_("Read only · refreshes every minute"), id="board-status")

    def on_mount(self) -> None:
        self.refresh_figures()
        self.set_interval(REFRESH_SECONDS, self.refresh_figures)

    @work(thread=True, exclusive=True, group="wallboard", exit_on_error=False)
    def refresh_figures(self) -> None:
        """Open the feed the first time, then read today's figures (never on the UI thread)."""
        from ...reports.wallboard import WallboardFeed, WallboardRefused

        try:
            if self._feed is None:
                self._feed = WallboardFeed.open(self.db_target, self.login, self.settings, self.clock)
            board = self._feed.read()
        except WallboardRefused as error:
            self.call_from_thread(self._show_refusal, error.message)
            return
        except Exception as error:  # noqa: BLE001 - shown on the board; the next minute tries again
            self.call_from_thread(self._show_failure, readable_error(error))
            return
        self.call_from_thread(self._show, board)

    def _show(self, board: Wallboard) -> None:
        self.board = board
        self.screen.remove_class("-refused")
        for tile, headline in zip(self.query(FigureTile), headlines(board)):
            tile.show(headline)
        self.query_one(Leaderboard).show(board)
        self.query_one(PipelineBars).show(board)
        self.query_one(PipelineStrip).show(board)
        self.query_one("#board-day", Static).update(day_text(board))
        self.query_one("#money-strip", Static).update(money_text(board))
        self.query_one("#board-updated", Static).update(updated_text(board.as_of, board.timezone))
        status = self.query_one("#board-status", Static)
        status.remove_class("-failed")
        status.update(_("Read only · refreshes every minute"))

    def _show_refusal(self, message: str) -> None:
        """Not (or no longer) allowed: take every figure off the page, say why."""
        self.board = None
        self.screen.add_class("-refused")
        self._show_failure(message)

    def _show_failure(self, message: str) -> None:
        status = self.query_one("#board-status", Static)
        status.add_class("-failed")
        if self.board is None:
            status.update(_("Cannot show the figures: {error}").format(error=message))
        else:
            since = updated_text(self.board.as_of, self.board.timezone)
            status.update(_("Not refreshed ({since}): {error}").format(since=since, error=message))

    def on_unmount(self) -> None:
        if self._feed is not None:
            self._feed.close()

