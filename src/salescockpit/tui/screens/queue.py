"""The review queue: every lead that needs a look today, worst first, with its reasons.

The head works it every morning: `o` fine, `a` an action for the lead's manager, `s` skip,
`u` takes back the last verdict of today (`queue_verdicts`).
A manager sees their own leads, the head's actions first, and marks an action done with `o`.
Rows come a keyset page at a time; the next page loads as the cursor nears the end.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static
from ..widgets.cockpit_footer import CockpitFooter

from ...domain.review import problem_text, reasons_text
from ...i18n import _
from ..messages import DataChanged
from ..cockpit import list_managers
from .base import CockpitScreen
from .queue_clients import QueueClients, client_cells, is_client_entry, load_client_rows, with_client_rows
from .queue_morning import QueueMorning, TodayCursor, fit_columns, load_today_more, load_today_page
from .queue_verdicts import QueueVerdicts

if TYPE_CHECKING:
    from ...store.queries.queue import QueueCursor, QueuePage, QueueProgress, QueueRow
    from ..cockpit import Cockpit

PAGE_SIZE = 50
#: Rows put into the table at a time (a page of leads and the client rows with it: `_show_held_rows`).
SHOWN_AT_ONCE = 100


@dataclass(frozen=True)
class QueueFilter:
    text: str | None = None
    manager_id: int | None = None
    manager_name: str | None = None


def _scope(cockpit: Cockpit, queue_filter: QueueFilter):
    from ...store.queries.queue import build_scope

    return build_scope(
        cockpit.settings, now=cockpit.clock.now(), viewer_id=cockpit.actor.id,
        viewer_is_head=cockpit.is_head, manager_id=queue_filter.manager_id, text=queue_filter.text,
    )


def load_page(cockpit: Cockpit, queue_filter: QueueFilter, after: QueueCursor | None) -> QueuePage:
    """The head's today list (bounded; a text filter searches the whole queue), else a keyset page.

    The first page of an unfiltered queue has the client rows merged in (`queue_clients`), read
    in a thread of their own beside the leads' page (SQLite lets the GIL go while it reads)."""
    if after is None and queue_filter == QueueFilter():
        with ThreadPoolExecutor(1, thread_name_prefix="client-rows") as pool:
            clients = pool.submit(load_client_rows, cockpit)
            page = load_lead_page(cockpit, queue_filter, after)
            return with_client_rows(cockpit, page, clients.result())
    return load_lead_page(cockpit, queue_filter, after)


def _prefetched_page(_cockpit: Cockpit, page: Future) -> QueuePage:
    return page.result()


def read_first_page(cockpit: Cockpit, into: Future) -> None:
    """The queue's first page (no filter) into ``into``: the app reads it while the screen is built."""
    try:
        into.set_result(load_page(cockpit, QueueFilter(), None))
    except BaseException as error:  # noqa: BLE001 - handed to the screen's worker, which shows it
        into.set_exception(error)


def load_lead_page(cockpit: Cockpit, queue_filter: QueueFilter, after: QueueCursor | None) -> QueuePage:
    from ...store.queries.queue import review_queue_page

    if isinstance(after, TodayCursor):
        return load_today_more(cockpit, queue_filter, after, PAGE_SIZE)
    if cockpit.is_head and not queue_filter.text:
        return load_today_page(cockpit, queue_filter, PAGE_SIZE)

    with cockpit.ctx.db.read() as session:
        return review_queue_page(session, _scope(cockpit, queue_filter), after, PAGE_SIZE)


def load_progress(cockpit: Cockpit, queue_filter: QueueFilter) -> QueueProgress:
    from ...clock import local_day_bounds
    from ...store.queries.queue import queue_progress

    scope = _scope(cockpit, queue_filter)
    day_start, _end = local_day_bounds(scope.today, cockpit.settings.tz)
    with cockpit.ctx.db.read() as session:
        return queue_progress(session, scope, day_start)


class QueueScreen(QueueClients, QueueMorning, QueueVerdicts, CockpitScreen):
    """Today's review queue."""

    CSS_PATH = "../styles/queue.tcss"
    BINDINGS = [
        Binding("j", "cursor_down", _("Down"), id="queue.down", tooltip=_("Next lead"), show=False),
        Binding("k", "cursor_up", _("Up"), id="queue.up", tooltip=_("Previous lead"), show=False),
        Binding("enter", "open_lead", _("Open"), id="queue.open", tooltip=_("Open the lead card")),
        Binding("o", "verdict_ok", _("OK"), id="queue.ok", tooltip=_("Verdict OK: the lead leaves today's queue")),
        Binding("a", "verdict_action", _("Action"), id="queue.action", tooltip=_("Give the lead's manager an action")),
        Binding("s", "skip", _("Skip"), id="queue.skip", tooltip=_("Skip to the next lead")),
        # Not in the Footer (at 80 columns it would push Help off): each verdict's notice names it.
        Binding("u", "undo", _("Undo"), id="queue.undo",
                tooltip=_("Take back the last verdict given today (again: the one before)"), show=False),
        Binding("slash", "filter_text", _("Filter"), id="queue.filter", tooltip=_("Filter by name, company, phone, e-mail")),
        Binding("m", "filter_manager", _("Manager"), id="queue.manager", tooltip=_("Show one manager's leads")),
        Binding("space", "toggle_mark", _("Mark"), id="queue.mark", tooltip=_("Mark the row: o and a then act on every marked row")),
        Binding("shift+down", "extend_down", _("Mark down"), id="queue.mark_down", tooltip=_("Mark this row and the next"), show=False),
        Binding("shift+up", "extend_up", _("Mark up"), id="queue.mark_up", tooltip=_("Mark this row and the one above"), show=False),
        Binding("f", "fix_lists", _("Fix lists"), id="queue.fix_lists", tooltip=_("Send the managers their housekeeping as fix lists")),
        Binding("r", "refresh", _("Refresh"), id="queue.refresh", tooltip=_("Reload the queue")),
        Binding("d", "resolve_dispute", _("Resolve dispute"), id="queue.resolve_dispute",
                tooltip=_("Resolve the highlighted client's dispute with a note (the reminders go on)")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue_filter = QueueFilter()
        self.rows: list[QueueRow] = []
        self.next_cursor: QueueCursor | None = None
        #: Rows read but not in the table yet (`_show_held_rows`).
        self.held_rows: list = []
        self.loading_more = False
        self._page_generation = 0  # a page asked for before the last reload is thrown away
        self._own_modal_open = False
        self.setup_verdicts()
        self.setup_morning()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading the queue…"), id="queue-progress", classes="status-line")
        yield Input(placeholder=_("Filter: name, company, phone, e-mail (enter to apply, escape to clear)"), id="queue-filter")
        yield DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="queue-reasons", classes="status-line")
        yield Static("", id="queue-empty", classes="placeholder")
        yield CockpitFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        narrow = self.app.size.width < 100
        table.add_column(_("Lead"), key="lead", width=18 if narrow else 22)
        table.add_column(_("Company"), key="company", width=12 if narrow else 16)
        if self.cockpit.is_head:
            table.add_column(_("Owner"), key="owner", width=12 if narrow else 14)
        table.add_column(_("Stage"), key="stage", width=10 if narrow else 12)
        table.add_column(_("Worst problem"), key="problem", width=24 if narrow else 26)
        table.add_column(_("Reasons"), key="reasons")
        self.query_one("#queue-filter", Input).display = False
        table.focus()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.is_mounted and (allowed := self.client_row_allows(action)) is not None:
            return allowed
        if action in {"verdict_action", "filter_manager", "undo", "fix_lists", "toggle_mark", "extend_down",
                      "extend_up"}:
            cockpit = self.app.cockpit  # type: ignore[attr-defined]
            return cockpit is not None and cockpit.is_head
        return True

    # Loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self.forget_yesterdays_verdicts()
        self._page_generation += 1
        self.loading_more = False
        generation = self._page_generation
        take = getattr(self.app, "take_first_page", None)
        prefetched = take() if take is not None else None  # the opening's read: the first reload only
        if prefetched is not None and self.queue_filter == QueueFilter():
            self.in_worker(_prefetched_page, prefetched, group="queue", exclusive=True,
                           then=lambda page: self._show_first_page(page, generation))
            return
        self.in_worker(
            load_page, self.queue_filter, None, group="queue", exclusive=True,
            then=lambda page: self._show_first_page(page, generation),
        )

    def reload_progress(self) -> None:
        if self.uses_today_list():
            self.reload_morning()
            return
        self.in_worker(load_progress, self.queue_filter, then=self._show_progress, group="progress", exclusive=True)

    def _show_first_page(self, page: QueuePage, generation: int) -> None:
        if generation != self._page_generation:
            return
        table = self.query_one(DataTable)
        current = self._current()
        keep_lead = self.focus_lead if self.focus_lead is not None else (current.lead_id if current else None)
        keep_index = table.cursor_row
        self.focus_lead = None
        table.clear()
        self.rows = []
        self.marked.clear()
        self._append(page, generation)
        while keep_lead is not None and any(row.lead_id == keep_lead for row in self.held_rows):
            self._show_held_rows()  # back where the cursor was, however far down
        if self.rows:
            ids = [row.lead_id for row in self.rows]
            index = ids.index(keep_lead) if keep_lead in ids else min(keep_index, len(self.rows) - 1)
            table.move_cursor(row=max(index, 0))
        # The counts scan the whole team's leads: they come after the rows are on screen
        # (today's list brings them along: it had to scan anyway).
        self.after_first_page(page)
        self.app.first_rows_shown()  # type: ignore[attr-defined]  # the write side loads now

    def _append(self, page: QueuePage, generation: int) -> None:
        if generation != self._page_generation:
            return
        self.next_cursor = page.next_cursor
        self.loading_more = False
        self.held_rows = list(page.rows)
        self._show_held_rows()

    def _show_held_rows(self) -> None:
        """Put the next `SHOWN_AT_ONCE` rows read into the table; the rest wait for the cursor.

        A first page can bring far more than a screenful: the head's own reminder calls come
        with it (1,492 of them on the 100,000-lead demo), and Textual measures every cell of every
        row added before the next frame (0.4-0.7 s for those). They come as the cursor nears the
        end, like the next page."""
        table = self.query_one(DataTable)
        now = self.cockpit.clock.now()
        pipeline = self.cockpit.settings.pipeline
        shown = {existing.lead_id for existing in self.rows}
        added = 0
        while self.held_rows and added < SHOWN_AT_ONCE:
            row = self.held_rows.pop(0)
            if row.lead_id in shown:  # its worst reason changed between two pages: it is listed already
                continue
            if row.lead_id in self.given:  # a page read before its verdict was saved
                continue
            shown.add(row.lead_id)
            self.rows.append(row)
            added += 1
            if is_client_entry(row):
                table.add_row(*client_cells(row, self.cockpit.is_head), key=str(row.lead_id))
                continue
            worst = problem_text(row.hits[0], now) if row.hits else ""
            if row.action_text and not self.cockpit.is_head:
                worst = _("Action: {text}").format(text=row.action_text)
            owner = (row.owner_name,) if self.cockpit.is_head else ()
            table.add_row(
                row.name, row.company, *owner, pipeline.label(row.stage), worst, reasons_text(row.hits),
                key=str(row.lead_id),
            )
        self._fit_columns()
        empty = self.query_one("#queue-empty", Static)
        empty.update(self.empty_text() if not self.rows else "")
        empty.display = not self.rows

    def _fit_columns(self) -> None:
        table = self.query_one(DataTable)
        keys = [str(column.key.value) for column in table.columns.values()]
        headers = {str(column.key.value): column.label.plain for column in table.columns.values()}
        cells = {key: [str(table.get_cell(str(row.lead_id), key)) for row in self.rows] for key in keys}
        fit_columns(table, cells, headers)

    def _show_progress(self, progress: QueueProgress) -> None:
        parts = [
            _("Reviewed today: {done} · in queue: {left}").format(done=progress.reviewed_today, left=progress.in_queue),
            _("carried over: {n}").format(n=progress.carried_over),
        ]
        if self.queue_filter.text:
            parts.append(_("filter: “{text}”").format(text=self.queue_filter.text))
        if self.queue_filter.manager_name:
            parts.append(_("manager: {name}").format(name=self.queue_filter.manager_name))
        self.query_one("#queue-progress", Static).update(" · ".join(parts))

    @on(DataTable.RowHighlighted)
    def _maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        self.show_reasons_line()
        if event.cursor_row < len(self.rows) - 10:
            return
        if self.held_rows:
            self._show_held_rows()
            return
        if self.next_cursor is not None and not self.loading_more:
            self.loading_more = True
            generation = self._page_generation
            self.in_worker(
                load_page, self.queue_filter, self.next_cursor, group="queue-more",
                then=lambda page: self._append(page, generation),
            )

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()

    def push_own_modal(self, modal, callback) -> None:
        """Open one of the queue's own forms: closing it needs no reload (its callback does the work)."""
        self._own_modal_open = True
        self.app.push_screen(modal, callback)

    def on_screen_resume(self) -> None:
        if self._own_modal_open:
            self._own_modal_open = False
            return
        if self.rows or self.held_rows or self.next_cursor is not None:
            self.reload()

    # Keys ----------------------------------------------------------------------------------

    def _current(self) -> QueueRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_skip(self) -> None:
        self.action_cursor_down()

    def action_open_lead(self) -> None:
        row = self._current()
        if row is not None and not self.open_client_row(row):
            self.app.open_lead(row.lead_id)  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open_lead()

    def _remove_row(self, row: QueueRow) -> None:
        table = self.query_one(DataTable)
        index = next((i for i, each in enumerate(self.rows) if each.lead_id == row.lead_id), None)
        if index is None:  # a reload already dropped it
            return
        self.rows.pop(index)
        table.remove_row(str(row.lead_id))
        if self.rows:
            table.move_cursor(row=min(index, len(self.rows) - 1))
            self.show_reasons_line()  # the cursor kept its row number: no highlight event says it moved
        else:
            self._append_empty()

    def _append_empty(self) -> None:
        empty = self.query_one("#queue-empty", Static)
        empty.update(self.empty_text())
        empty.display = True

    def action_refresh(self) -> None:
        self.reload()

    def action_filter_text(self) -> None:
        box = self.query_one("#queue-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#queue-filter")
    def _apply_filter(self, event: Input.Submitted) -> None:
        text = event.value.strip() or None
        self.queue_filter = QueueFilter(text, self.queue_filter.manager_id, self.queue_filter.manager_name)
        if text is None:
            event.input.display = False
        self.query_one(DataTable).focus()
        self.reload()

    def key_escape(self) -> None:
        box = self.query_one("#queue-filter", Input)
        if box.has_focus or self.queue_filter.text:
            box.value = ""
            box.display = False
            self.queue_filter = QueueFilter(None, self.queue_filter.manager_id, self.queue_filter.manager_name)
            self.query_one(DataTable).focus()
            self.reload()

    def action_filter_manager(self) -> None:
        from ..modals.pick_manager import PickManagerModal

        def chosen(choice: tuple[int, str] | None) -> None:
            if choice is None:
                return
            manager_id, name = choice
            if manager_id == 0:
                self.queue_filter = QueueFilter(self.queue_filter.text)
            else:
                self.queue_filter = QueueFilter(self.queue_filter.text, manager_id, name)
            self.reload()

        self.in_worker(list_managers, then=lambda managers: self.push_own_modal(PickManagerModal(managers), chosen))
