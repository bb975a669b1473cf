"""The pipeline board: one column per stage, driven from the keyboard, fast at 100,000 leads.

Each column is one line-based `BoardColumn` holding a window of cards; pages come from keyset
queries (`store.queries.board`) in thread workers, totals from one GROUP BY. Moving a card goes
through `services.stages.move_stage`; when a stage gate refuses, `GatePrompt` asks for what is
missing and the move is retried. `u` undoes this session's moves one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll
from textual.widgets import Header, Input, Static
from ..widgets.cockpit_footer import CockpitFooter

from ...i18n import _
from ..messages import DataChanged
from ..widgets.board_card import MARKERS
from ..widgets.board_column import LOOKAHEAD, BoardColumn, ColumnTotals
from . import board_data
from .base import CockpitScreen, error_text
from .board_data import (
    BoardView, PageLoad, Requests, board_currency, load_page, load_pages, load_totals, title_text,
)
from .board_marks import BoardMarks, MarkedCard
from .board_moves import BoardMoves, UndoEntry
from .board_search import BoardSearch

if TYPE_CHECKING:
    from ..widgets.board_card import CardView


def _key(key: str, action: str, description: str, name: str, tooltip: str, **extra: Any) -> Binding:
    return Binding(key, action, description, id=f"board.{name}", tooltip=tooltip, **extra)


class BoardScreen(BoardSearch, BoardMarks, BoardMoves, CockpitScreen):
    """The kanban of the pipeline: h/j/k/l to move around, H/L to move a lead a stage."""

    CSS_PATH = "../styles/board.tcss"
    BINDINGS = [
        _key("h,left", "focus_column(-1)", _("Left"), "left", _("Previous column"), show=False),
        _key("l,right", "focus_column(1)", _("Right"), "right", _("Next column"), show=False),
        _key("j,down", "cursor(1)", _("Down"), "down", _("Next card"), show=False),
        _key("k,up", "cursor(-1)", _("Up"), "up", _("Previous card"), show=False),
        _key("g,home", "top", _("Top"), "top", _("First card of the column"), show=False),
        _key("G,end", "bottom", _("Bottom"), "bottom", _("Last card of the column"), show=False),
        _key("enter", "open_lead", _("Open"), "open", _("Open the lead card")),
        _key("space", "toggle_mark", _("Mark"), "mark", _("Mark the card: H, L, n and x then move every marked card")),
        _key("shift+down", "extend_marks(1)", _("Mark down"), "mark_down", _("Mark this card and the next"),
             show=False),
        _key("shift+up", "extend_marks(-1)", _("Mark up"), "mark_up", _("Mark this card and the one above"),
             show=False),
        _key("c", "log_call", _("Call"), "call", _("Log a call with the focused lead")),
        _key("H,shift+left", "move_previous", _("Back"), "move_back", _("Move the lead to the previous stage"),
             key_display="H"),
        _key("L,shift+right", "move_next", _("Forward"), "move_forward", _("Move the lead to the next stage"),
             key_display="L"),
        _key("n", "move_nurture", _("Nurture"), "nurture", _("Move the lead to nurture")),
        _key("x", "close_lead", _("Lost/junk"), "close", _("Close the lead as lost or disqualified, with a reason")),
        _key("u", "undo", _("Undo"), "undo", _("Move the last moved lead back")),
        _key("slash", "search", _("Search"), "search", _("Show only leads matching a text"), key_display="/"),
        _key("exclamation_mark", "toggle_problems", _("Problems"), "problems",
             _("Show only leads with a problem marker or stale"), key_display="!"),
        _key("m", "pick_manager", _("Manager"), "manager", _("Show one manager's leads")),
        _key("z", "toggle_fold", _("Fold"), "fold", _("Fold or unfold the won, lost and disqualified columns")),
        _key("r", "refresh", _("Refresh"), "refresh", _("Reload the board"), show=False),
        _key("escape", "clear_search", _("Clear search"), "clear_search",
             _("Clear the text filter, or unmark the marked cards"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = BoardView()
        self.fold_closed = True
        self.undo_stack: list[UndoEntry] = []
        self.marked: dict[int, MarkedCard] = {}
        self.totals: dict[str, ColumnTotals] = {}
        self._loaded_once = False
        self._moves_done = 0
        self._columns_to_reread: set[str] = set()
        self._own_moves: list[int] = []
        self._own_modal_open = False
        self._search_timer = None
        self._column_before_search: BoardColumn | None = None
        self._first_load = self._start_first_load()
        # A new screen has no styles to refresh: without this, Textual's first switch to a mode
        # re-parses every stylesheet of the app twice more (refresh_css in _init_mode, then again
        # in switch_mode, as the count is compared on the previous screen), 100-300 ms at the key.
        self._css_update_count = getattr(self.app, "_css_update_count", self._css_update_count)

    def _start_first_load(self) -> board_data.FirstLoad | None:
        """Start reading the first totals and pages now, while the screen is styled and mounted."""
        cockpit = getattr(self.app, "cockpit", None)
        if cockpit is None:
            return None
        if not cockpit.is_head:
            self.view = replace(self.view, owner_id=cockpit.actor.id, owner_name=cockpit.actor.name)
        pipeline = cockpit.settings.pipeline
        requests = {key: (None, None) for key in pipeline.keys if not (self.fold_closed and pipeline.is_terminal(key))}
        return board_data.FirstLoad(cockpit, self.view, requests)

    # Layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading the board…"), id="board-title", classes="status-line")
        yield Input(placeholder=_("Search: name, company, phone, e-mail (enter: keep, esc: clear)"), id="board-search")
        with HorizontalScroll(id="board-columns"):
            yield from self._make_columns()
        legend = "  ".join(f"{glyph} {_(meaning)}" for _name, glyph, meaning in MARKERS)
        yield Static(f"{legend}  ▌{_('stale')}", id="board-legend")
        yield CockpitFooter()

    def _make_columns(self) -> list[BoardColumn]:
        settings = self.app.settings  # type: ignore[attr-defined]
        pipeline, currency = settings.pipeline, board_currency(settings)
        return [
            BoardColumn(key, pipeline.label(key), folded=self.fold_closed and pipeline.is_terminal(key),
                        currency=currency, id=f"col-{key}")
            for key in pipeline.keys
        ]

    @property
    def columns(self) -> list[BoardColumn]:
        return list(self.query(BoardColumn))

    def column(self, stage: str) -> BoardColumn:
        return self.query_one(f"#col-{stage}", BoardColumn)

    @property
    def current_column(self) -> BoardColumn | None:
        focused = self.focused
        return focused if isinstance(focused, BoardColumn) else None

    def on_mount(self) -> None:
        self.query_one("#board-search", Input).display = False
        if not self.cockpit.is_head:
            self.view = replace(self.view, owner_id=self.cockpit.actor.id, owner_name=self.cockpit.actor.name)
        first = next((column for column in self.columns if not column.folded), None)
        if first is not None:
            first.focus()
        self.reload(keep_place=False)

    def refresh_bindings(self) -> None:
        """Tell the Footer only when the keys really changed (not on every move between columns).

        Textual refreshes bindings on each focus change and the Footer then rebuilds all its keys:
        that alone made h/l cost 60-80 ms. A board that is not the current screen (another mode
        is shown, or the app is closing) has no Footer on show to update.
        """
        if not self.is_current:
            return
        signature = tuple(
            (key, active.binding.action, active.binding.description, active.enabled)
            for key, active in self.active_bindings.items()
        )
        if signature != getattr(self, "_bindings_signature", None):
            self._bindings_signature = signature
            super().refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick_manager":
            return self.app.cockpit is not None and self.app.cockpit.is_head  # type: ignore[attr-defined]
        return True

    # Loading ------------------------------------------------------------------------------

    def reload(self, *, keep_place: bool = True) -> None:
        """Totals for every stage and the window of every open column (from the top on a new filter).

        Totals and cards load in two workers at once (SQLite releases the GIL while it works).
        A result read before one of this screen's moves landed is read again.
        """
        if not keep_place:
            for column in self.columns:
                column.cursor = 0
        self._reload_totals()
        self._reload_pages(keep_place=keep_place)

    def _take_first_load(self, part: str):
        """The `FirstLoad` future of ``part`` ("totals", "pages") for the first load, else None."""
        first = self._first_load
        if first is None or self._moves_done or self._loaded_once or first.view != self.view:
            return None
        future = getattr(first, part)
        setattr(first, part, None)
        return future

    def _reload_totals(self) -> None:
        moves_done = self._moves_done

        def show(totals: dict[str, ColumnTotals]) -> None:
            if moves_done != self._moves_done:
                self._reload_totals()
                return
            self.totals = totals
            for column in self.columns:
                column.set_totals(totals[column.stage])
            self._show_title()

        first = self._take_first_load("totals")
        if first is not None:
            self.in_worker(board_data.wait_for, first, then=show, group="board-totals", exclusive=True)
            return
        self.in_worker(load_totals, self.view, then=show, group="board-totals", exclusive=True)

    def _page_requests(self, stages: Iterable[str], *, keep_place: bool = True) -> Requests:
        requests = {}
        for stage in stages:
            column = self.column(stage)
            if not column.folded:
                anchor = column.cards[0].key if keep_place and column.cards and column.has_before else None
                requests[stage] = (anchor, self._window_size(column) if keep_place else None)
        return requests

    def _reload_pages(self, *, keep_place: bool = True) -> None:
        requests = self._page_requests(self.cockpit.settings.pipeline.keys, keep_place=keep_place)
        moves_done = self._moves_done

        def show(pages: dict[str, PageLoad]) -> None:
            if moves_done != self._moves_done:
                self._reload_pages()
                return
            self._loaded_once = True
            self._show_pages(pages)

        first = self._take_first_load("pages") if not keep_place else None
        if first is not None:
            self.in_worker(board_data.wait_for, first, then=show, group="board-pages", exclusive=True)
            return
        self.in_worker(load_pages, self.view, requests, then=show, group="board-pages", exclusive=True)

    def reload_columns(self, stages: Iterable[str] = ()) -> None:
        """Re-read the windows of ``stages`` (the columns of moves not yet re-read).

        Their totals are not counted again: each move brought its own change (`MoveDone`).
        """
        self._columns_to_reread.update(stages)
        wanted = tuple(self._columns_to_reread)
        moves_done = self._moves_done

        def show(pages: dict[str, PageLoad]) -> None:
            if moves_done != self._moves_done:  # another move meanwhile: read its columns too
                self.reload_columns()
                return
            self._columns_to_reread.clear()
            self._show_pages(pages)

        requests = self._page_requests(wanted)
        self.in_worker(load_pages, self.view, requests, then=show, group="board-columns", exclusive=True)

    def _show_pages(self, pages: dict[str, PageLoad]) -> None:
        for stage, page in pages.items():
            self._replace(self.column(stage), page)

    def _window_size(self, column: BoardColumn) -> int:
        return max(column.cursor + column.visible_cards + LOOKAHEAD, board_data.PAGE_SIZE)

    def _replace(self, column: BoardColumn, page: PageLoad, *, cursor: int | None = None) -> None:
        start = column.start if page.has_before else 0
        column.replace(page.cards, start=start, has_before=page.has_before, has_after=page.has_after, cursor=cursor)

    def _show_title(self) -> None:
        text = title_text(self.view, self.totals, is_head=self.cockpit.is_head,
                          currency=board_currency(self.cockpit.settings))
        if self.marked:
            text = f"{text} · {self.marks_text()}"
        self.query_one("#board-title", Static).update(text)

    @on(BoardColumn.PageWanted)
    def _load_more(self, event: BoardColumn.PageWanted) -> None:
        column, direction = event.column, event.direction

        def show(page: PageLoad) -> None:
            if direction == "after":
                column.extend_after(page.cards, page.has_after)
            elif direction == "before":
                column.extend_before(page.cards, page.has_before)
            else:
                total = self.totals[column.stage].count if column.stage in self.totals else len(page.cards)
                start = max(total - len(page.cards), 0) if direction == "end" else 0
                cursor = len(page.cards) - 1 if direction == "end" else 0
                column.replace(page.cards, start=start, has_before=page.has_before, has_after=page.has_after,
                               cursor=cursor)

        self.in_worker(load_page, self.view, column.stage, direction, event.key, then=show,
                       failed=lambda error: self._page_failed(column, direction, error),
                       group=f"page-{column.stage}-{direction}", exclusive=True)

    def _page_failed(self, column: BoardColumn, direction: str, error: BaseException) -> None:
        column.page_failed(direction)
        self.notify(error_text(error), title=_("Not loaded"), severity="error")

    def on_screen_resume(self) -> None:
        if self._own_modal_open:
            self._own_modal_open = False
        elif self._loaded_once:
            self.reload()

    def on_data_changed(self, message: DataChanged) -> None:
        if message.lead_id in self._own_moves:  # the app echoing this board's own move back
            self._own_moves.remove(message.lead_id)
        elif self._loaded_once and self.is_current:
            self.reload()

    # Moving around ------------------------------------------------------------------------

    def action_focus_column(self, step: int) -> None:
        columns = [column for column in self.columns if not column.folded]
        if not columns:
            return
        current = self.current_column
        index = columns.index(current) if current in columns else -step
        target = columns[max(0, min(index + step, len(columns) - 1))]
        target.focus()
        target.scroll_visible(animate=False)

    def action_cursor(self, delta: int) -> None:
        if self.current_column is not None:
            self.current_column.move_cursor(delta)

    def action_top(self) -> None:
        if self.current_column is not None:
            self.current_column.cursor_to_top()

    def action_bottom(self) -> None:
        if self.current_column is not None:
            self.current_column.cursor_to_bottom()

    def _focused_card(self) -> tuple[BoardColumn, CardView] | None:
        column = self.current_column
        card = column.current if column is not None else None
        if column is None or card is None:
            self.notify(_("No lead here: move to a card first."), severity="warning", timeout=3)
            return None
        return column, card

    def action_open_lead(self) -> None:
        found = self._focused_card()
        if found is not None:
            self.app.open_lead(found[1].lead_id)  # type: ignore[attr-defined]

    def action_log_call(self) -> None:
        found = self._focused_card()
        if found is not None:
            from ..flows import log_call_flow

            log_call_flow(self.app, found[1].lead_id)

    # Filters ------------------------------------------------------------------------------

    def action_toggle_problems(self) -> None:
        self.view = replace(self.view, problems_only=not self.view.problems_only)
        self.reload(keep_place=False)

    @on(Input.Changed, "#board-search")
    def _search_typed(self, event: Input.Changed) -> None:
        self.search_typed(event)

    @on(Input.Submitted, "#board-search")
    def _search_done(self, event: Input.Submitted) -> None:
        self.search_done(event)

    def action_toggle_fold(self) -> None:
        self.fold_closed = not self.fold_closed
        pipeline = self.cockpit.settings.pipeline
        for column in self.columns:
            if pipeline.is_terminal(column.stage):
                column.folded = self.fold_closed
        if self.current_column is None or self.current_column.folded:
            self.action_focus_column(0)
        self.reload()

    def action_refresh(self) -> None:
        self.reload()
