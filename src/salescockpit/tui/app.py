"""The cockpit application: modes, global keys, command palette and start-up.

The first frame shows a loading screen while a worker opens the store; once it is open the
app switches to the user's first mode (the review queue). `build_app` is the one factory used
by the CLI and by the tests (which pass a fixed clock).
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider

from ..i18n import _
from ..l10n import full_day, weekday_day_month
from .messages import DataChanged, StoreOpened
from .screens.loading import LoadingScreen
from .screens.modes import MODE_SCREENS, MODE_TITLES
from .system_commands import textual_commands
from .widgets.cockpit_footer import NARROW_WIDTH

if TYPE_CHECKING:
    from ..clock import Clock
    from ..config import Settings
    from .cockpit import Cockpit


MODE_GROUP = Binding.Group(_("screens"), compact=True)


def _mode_binding(key: str, mode: str) -> Binding:
    """Modes share one Footer entry ("12345678 screens"); help and the palette name each one."""
    return Binding(
        key, f"app.show_mode('{mode}')", MODE_TITLES[mode], id=f"mode.{mode}",
        tooltip=_("Switch to {title}").format(title=MODE_TITLES[mode]), group=MODE_GROUP,
    )


class CockpitApp(App[str | None]):
    """salescockpit: the head of sales' daily control, and the managers' call log."""

    TITLE = "salescockpit"
    CSS_PATH = "styles/app.tcss"
    MODES = {mode: screen for mode, screen in MODE_SCREENS.items()} | {"loading": LoadingScreen}
    BINDINGS = [
        _mode_binding("1", "queue"),
        _mode_binding("2", "board"),
        _mode_binding("3", "callbacks"),
        _mode_binding("4", "objections"),
        _mode_binding("5", "recheck"),
        _mode_binding("6", "reports"),
        _mode_binding("7", "compliance"),
        _mode_binding("8", "reconcile"),
        _mode_binding("9", "accounts"),
        Binding("question_mark,f1", "app.help", _("Help"), id="app.help", tooltip=_("Keys of this screen"), key_display="?"),
        Binding("ctrl+l", "app.log_call", _("Log call"), id="app.log_call", tooltip=_("Log a call"), show=False),
        Binding("ctrl+f", "app.find_lead", _("Find"), id="app.find_lead", tooltip=_("Find a lead"), show=False),
        Binding("ctrl+q", "app.quit", _("Quit"), id="app.quit", tooltip=_("Quit salescockpit"), priority=True),
        # Textual adds this one itself, in English, unless the app binds the palette: the Footer shows it.
        Binding(App.COMMAND_PALETTE_BINDING, "app.command_palette", _("palette"), id="app.command_palette",
                tooltip=_("Open the command palette"), show=False, priority=True),
    ]

    def __init__(
        self, *, db_target: str, login: str, settings: Settings, clock: Clock, drafts_dir: Path | None = None
    ) -> None:
        super().__init__()
        from .drafts import default_drafts_dir
        from .stylesheet_cache import ParsedOnceStylesheet

        self.stylesheet = ParsedOnceStylesheet(variables=self.get_css_variables())

        #: Where the call form keeps its unsaved draft (`tui.drafts`); set it to None to keep none.
        self.drafts_dir: Path | None = drafts_dir if drafts_dir is not None else default_drafts_dir()
        self.db_target = db_target
        self.login = login
        self.settings = settings
        self.clock = clock
        self.cockpit: Cockpit | None = None
        #: The queue's first page, read by the opening worker while the queue screen is built
        #: (`take_first_page`): its SQL runs beside the main thread (SQLite lets the GIL go).
        self._first_page: Future | None = None
        #: The models and the start-up writes wait for the queue's first rows (`first_rows_shown`).
        self._write_side_pending = False
        self.failure: str | None = None
        #: True when the failure was the database itself (the CLI exits with 2, see cli_errors).
        self.failure_is_database = False

    def on_mount(self) -> None:
        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))
        self.sub_title = _("opening {db}…").format(db=self.db_target)
        self.switch_mode("loading")
        self._open_store()

    @work(thread=True, exit_on_error=False, group="open")
    def _open_store(self) -> None:
        from ..store.problems import DatabaseProblem
        from .cockpit import open_cockpit
        from .screens.base import error_text
        from .screens.queue import read_first_page

        try:
            cockpit = open_cockpit(self.db_target, self.login, self.settings, self.clock, write_side=False)
        except Exception as error:  # noqa: BLE001 - shown to the user, the app exits cleanly
            self.failure_is_database = isinstance(error, DatabaseProblem)
            self.call_from_thread(self._store_failed, error_text(error))
            return
        self._first_page = Future()
        self.post_message(StoreOpened(cockpit))  # thread-safe, and does not wait: the page is read meanwhile
        read_first_page(cockpit, self._first_page)

    def take_first_page(self) -> Future | None:
        """The first page read at the opening, once (a reload after it reads again)."""
        page, self._first_page = self._first_page, None
        return page

    def on_store_opened(self, message: StoreOpened) -> None:
        self._store_ready(message.cockpit)

    def _store_ready(self, cockpit: Cockpit) -> None:
        self.cockpit = cockpit
        self._write_side_pending = True
        self._show_who_and_when()
        self.switch_mode("queue")
        if cockpit.read_only:
            self.notify(
                _("This database is read-only: you can look, but nothing can be saved ({db}).").format(
                    db=cockpit.ctx.db.display_name),
                title=_("Read-only"), severity="warning", timeout=24 * 3600,
            )

    def first_rows_shown(self) -> None:
        """The queue painted its first rows: now the write side loads, and the start-up writes run."""
        if self._write_side_pending and self.cockpit is not None:
            self._write_side_pending = False
            # After the frame that paints the rows: an import in a thread holds the GIL and would delay it.
            self.call_after_refresh(self._prepare_write_side, self.cockpit)

    @work(thread=True, exit_on_error=False, group="write-side")
    def _prepare_write_side(self, cockpit: Cockpit) -> None:
        from .cockpit import prepare_write_side

        if prepare_write_side(cockpit):  # today's reminder calls were made: the queue shows them
            self.call_from_thread(self.post_message, DataChanged(None))
        self.call_from_thread(self._preload_board)

    def _preload_board(self) -> None:
        """Import the board and parse its styles now, so the first `2` does neither (`board_preload`)."""
        if "board" not in self._screen_stacks:
            self._parse_board_styles(dict(self.stylesheet.source), dict(self.stylesheet._variables))

    @work(thread=True, exit_on_error=False, group="preload")
    def _parse_board_styles(self, before: dict, variables: dict) -> None:
        from .board_preload import parse_with_board, take_parsed

        parsed = parse_with_board(before, variables)
        if parsed is not None:
            self.call_from_thread(take_parsed, self, before, parsed)

    def _show_who_and_when(self) -> None:
        """The header's subtitle: who, in what role, which day, which database; on a narrow
        terminal just who and the day, so the header is never cut mid-word."""
        if self.cockpit is None:
            return
        actor, today = self.cockpit.actor, self.cockpit.clock.today()
        read_only = _("READ-ONLY") + " · " if self.cockpit.read_only else ""
        if self.size.width < NARROW_WIDTH:
            self.sub_title = f"{read_only}{actor.name} · {weekday_day_month(today)}"
            return
        role = _("head of sales") if actor.is_head else _("manager")
        self.sub_title = f"{read_only}{actor.name} ({role}) · {full_day(today)} · {self.cockpit.ctx.db.display_name}"

    def on_resize(self, _event: events.Resize) -> None:
        self._show_who_and_when()

    def _store_failed(self, message: str) -> None:
        self.failure = message
        self.exit(message)

    def on_data_changed(self, message: DataChanged) -> None:
        """Pass a write on to the screens underneath, so what they show stays true."""
        for screen in self.screen_stack:
            screen.post_message(DataChanged(message.lead_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"show_mode", "log_call", "find_lead"} and self.cockpit is None:
            return False
        return True

    def action_show_mode(self, mode: str) -> None:
        self.switch_mode(mode)

    def switch_mode(self, mode: str):  # type: ignore[override]
        """Switch mode, and let the header say which screen this is."""
        self.title = f"salescockpit · {MODE_TITLES[mode]}" if mode in MODE_TITLES else "salescockpit"
        return super().switch_mode(mode)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_log_call(self, lead_id: int | None = None) -> None:
        from .flows import log_call_flow

        log_call_flow(self, lead_id)

    def action_find_lead(self) -> None:
        from .flows import find_lead_flow

        find_lead_flow(self)

    def open_lead(self, lead_id: int) -> None:
        """Show the lead card of ``lead_id`` over the current mode (the kept card screen, see
        `screens.lead_card`)."""
        from .screens.lead_card import card_screen_for

        self.push_screen(card_screen_for(self, lead_id))

    def action_command_palette(self) -> None:
        """Textual's palette, with its search prompt in the user's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_help_quit(self) -> None:
        """ctrl+c: Textual's hint that another key quits, in the user's language."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(_("Press [b]{key}[/b] to quit the app").format(key=key), title=_("Do you want to quit?"))
                return

    def search_themes(self) -> None:
        """Textual's theme picker, with its search prompt in the user's language."""
        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from textual_commands(self, screen)
        if self.cockpit is None:
            return
        yield SystemCommand(_("Switch theme"), _("Choose the colour theme"), self.action_change_theme)
        yield SystemCommand(_("Log a call"), _("Log a call with a lead"), self.action_log_call)
        yield SystemCommand(_("Find lead"), _("Search by name, company, phone or e-mail"), self.action_find_lead)
        for mode, title in MODE_TITLES.items():
            yield SystemCommand(
                _("Go to {title}").format(title=title), _("Switch to the {title} screen").format(title=title),
                lambda mode=mode: self.switch_mode(mode),
            )
        yield from screen_commands(screen)


def screen_commands(screen: Screen) -> Iterable[SystemCommand]:
    """A palette command for every described binding of ``screen`` (its actions, by name)."""
    seen: set[str] = set()
    for binding in screen._bindings.key_to_bindings.values():
        for each in binding:
            if not each.description or each.action in seen:
                continue
            seen.add(each.action)
            if screen.check_action(each.action.split("(")[0], ()) is False:
                continue
            help_text = each.tooltip or each.description
            yield SystemCommand(
                f"{each.description} ({each.key_display or each.key})", help_text,
                lambda action=each.action: screen.run_action(action),
            )


def build_app(
    *, db_target: str, login: str, settings: Settings, clock: Clock | None = None, drafts_dir: Path | None = None
) -> CockpitApp:
    """The cockpit app for the CLI and for tests (tests pass a fixed clock and a drafts directory).

    ``drafts_dir`` defaults to the user data directory's "drafts".
    """
    from ..clock import SystemClock

    return CockpitApp(db_target=db_target, login=login, settings=settings, clock=clock or SystemClock(tz=settings.tz),
                      drafts_dir=drafts_dir)


def run_cockpit(*, db_target: str, login: str, settings: Settings) -> tuple[str, bool] | None:
    """Run the cockpit until the user quits; when it could not open: (message, whether the database
    itself was the problem)."""
    app = build_app(db_target=db_target, login=login, settings=settings)
    app.run()
    return (app.failure, app.failure_is_database) if app.failure else None
