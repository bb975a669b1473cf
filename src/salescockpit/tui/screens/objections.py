"""The objection ledger: what leads push back with, who handles it, and what stays open.

Three views (`v` cycles): the ledger, objection types x managers, each cell "raised, handled
on the call %, won after %" over 7 or 30 days (`p`), cells ruled apart, `enter` lists the calls behind a cell;
the objections still open on live leads, longest open first; and the catalog of types, which
the head edits (`a` add, `e` rename, `x` deactivate or reactivate). A manager sees their own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, DataTable, Header, Static
from ..widgets.cockpit_footer import CockpitFooter
from ..widgets.columns import fit

from ...i18n import _
from ...l10n import day_month_time
from ..messages import DataChanged
from ..widgets.ledger_cells import CELL_WIDTH, LABEL_WIDTH, figures_cell, ledger_heading, ledger_label
from ..widgets.shares import percent
from .base import CockpitScreen

if TYPE_CHECKING:
    from ...store.queries.objections import (
        ObjectionCallRow,
        ObjectionLedger,
        ObjectionTypeRow,
        OpenCursor,
        OpenObjectionPage,
        OpenObjectionRow,
    )
    from ..cockpit import Cockpit

VIEWS = ("ledger", "open", "catalog")
PERIODS = (30, 7)
PAGE_SIZE = 50
CATALOG_ACTIONS = {"add_type", "rename_type", "toggle_type"}


def _viewer(cockpit: Cockpit) -> int | None:
    return None if cockpit.is_head else cockpit.actor.id


def load_ledger(cockpit: Cockpit, days: int) -> tuple[ObjectionLedger, int]:
    """The ledger over ``days`` and how many objections are open on live leads now."""
    from ...store.queries.objections import count_open_objections, objection_ledger

    until = cockpit.clock.now()
    pipeline = cockpit.settings.pipeline
    with cockpit.ctx.db.read() as session:
        ledger = objection_ledger(session, until - timedelta(days=days), until, pipeline.won_key, _viewer(cockpit),
                                  viewer=cockpit.actor)
        return ledger, count_open_objections(session, pipeline.terminal_keys, _viewer(cockpit), viewer=cockpit.actor)


def load_cell_calls(cockpit: Cockpit, type_id: int, manager_id: int | None, days: int) -> list[ObjectionCallRow]:
    from ...store.queries.objections import objection_calls

    until = cockpit.clock.now()
    with cockpit.ctx.db.read() as session:
        return objection_calls(session, type_id, manager_id, until - timedelta(days=days), until, viewer=cockpit.actor)


def load_open(cockpit: Cockpit, after: OpenCursor | None) -> OpenObjectionPage:
    from ...store.queries.objections import open_objections_page

    terminal = cockpit.settings.pipeline.terminal_keys
    with cockpit.ctx.db.read() as session:
        return open_objections_page(session, terminal, _viewer(cockpit), after, PAGE_SIZE, viewer=cockpit.actor)


def load_catalog(cockpit: Cockpit) -> list[ObjectionTypeRow]:
    from ...store.queries.objections import objection_type_rows

    with cockpit.ctx.db.read() as session:
        return objection_type_rows(session)


def save_type(cockpit: Cockpit, adding: bool, key: str, label: str, phrases: tuple[str, ...]) -> None:
    from ...services.objection_types import add_objection_type, rename_objection_type

    if adding:
        add_objection_type(cockpit.ctx, cockpit.actor, key, label, phrases)
    else:
        rename_objection_type(cockpit.ctx, cockpit.actor, key, label, phrases)


def set_type_active(cockpit: Cockpit, key: str, active: bool) -> None:
    from ...services.objection_types import set_objection_type_active

    set_objection_type_active(cockpit.ctx, cockpit.actor, key, active)

def short_name(name: str) -> str:
    """The last word of a display name (the surname, in both Russian and English order)."""
    parts = name.split()
    return parts[-1] if parts else name


class ObjectionsScreen(CockpitScreen):
    """The objection ledger, the open objections, and the catalog."""

    CSS_PATH = "../styles/objections.tcss"
    BINDINGS = [
        Binding("v", "next_view", _("View"), id="objections.view", tooltip=_("Ledger, open objections, or catalog")),
        Binding("p", "toggle_period", _("30/7 days"), id="objections.period", tooltip=_("The ledger over 30 or 7 days")),
        Binding("enter", "open", _("Open"), id="objections.open",
                tooltip=_("The calls behind a ledger cell, or the lead card")),
        Binding("a", "add_type", _("Add type"), id="objections.add", tooltip=_("Add an objection type")),
        Binding("e", "rename_type", _("Rename"), id="objections.rename", tooltip=_("Rename the objection type")),
        Binding("x", "toggle_type", _("(De)activate"), id="objections.toggle",
                tooltip=_("Deactivate or reactivate the objection type")),
        Binding("j", "cursor(1)", _("Down"), id="objections.down", tooltip=_("Next row"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="objections.up", tooltip=_("Previous row"), show=False),
        Binding("r", "refresh", _("Refresh"), id="objections.refresh", tooltip=_("Reload the figures")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "ledger"
        self.days = PERIODS[0]
        self.ledger: ObjectionLedger | None = None
        self.open_rows: list[OpenObjectionRow] = []
        self.open_cursor: OpenCursor | None = None
        self.loading_more = False
        self.catalog: list[ObjectionTypeRow] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="objections-status", classes="status-line")
        with ContentSwitcher(initial="ledger-view", id="objections-views"):
            with Vertical(id="ledger-view"):
                yield DataTable(id="ledger", cursor_type="cell", zebra_stripes=True, cell_padding=0)
                yield Static("", id="ledger-totals")
            yield DataTable(id="open", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="catalog", cursor_type="row", zebra_stripes=True)
        yield Static("", id="objections-hint", classes="hint")
        yield CockpitFooter()

    def on_mount(self) -> None:
        columns = {
            "open": ((_("Raised"), fit("", 12, day_month_time(datetime(2026, 9, 30, 23, 59)))), (_("Days"), 5), (_("Lead"), 22), (_("Company"), 18), (_("Owner"), 16),
                     (_("Stage"), 13), (_("Objection"), None)),
            "catalog": ((_("Objection"), 28), (_("Key"), 20), (_("Active"), 7), (_("Raised"), 7)),
        }
        for table_id, specs in columns.items():
            table = self.query_one(f"#{table_id}", DataTable)
            for label, width in specs:
                table.add_column(label, width=fit(label, width))
        self.query_one("#ledger", DataTable).focus()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CATALOG_ACTIONS:
            return self.view == "catalog"
        if action == "toggle_period":
            return self.view == "ledger"
        return True

    @property
    def table(self) -> DataTable:
        return self.query_one(f"#{self.view}", DataTable)

    def _switch_to(self, view: str) -> None:
        self.view = view
        self.query_one(ContentSwitcher).current = "ledger-view" if view == "ledger" else view
        self.table.focus()
        self.refresh_bindings()

    # Loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self._show_status()
        if self.view == "ledger":
            self.in_worker(load_ledger, self.days, then=self._show_ledger, group="ledger", exclusive=True)
        elif self.view == "open":
            self.open_cursor, self.loading_more = None, False
            self.in_worker(load_open, None, then=self._show_open_first, group="open", exclusive=True)
        else:
            self.in_worker(load_catalog, then=self._show_catalog, group="catalog", exclusive=True)

    def _show_status(self) -> None:
        whose = _("all managers") if self.cockpit.is_head else _("your calls and leads")
        status, hint = {
            "ledger": (_("Objection ledger · raised in the last {days} days · {whose}").format(days=self.days, whose=whose),
                       _("Each cell: raised · handled on the call · leads won after it. enter lists the calls.")),
            "open": (_("Open objections on live leads · {whose}").format(whose=whose),
                     _("Open until a later call handles the same objection. enter opens the lead.")),
            "catalog": (_("Objection types"),
                        _("a adds · e renames · x deactivates or reactivates (head of sales only)")),
        }[self.view]
        self.query_one("#objections-status", Static).update(status)
        self.query_one("#objections-hint", Static).update(hint)

    def _show_ledger(self, loaded: tuple[ObjectionLedger, int]) -> None:
        ledger, open_now = loaded
        self.ledger = ledger
        table = self.query_one("#ledger", DataTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column(ledger_label(_("Objection")), width=LABEL_WIDTH)
        table.add_column(ledger_heading(_("Team")), width=CELL_WIDTH)
        for person in ledger.managers:
            table.add_column(ledger_heading(short_name(person.name)), width=CELL_WIDTH)
        for type_id, label in ledger.types:
            cells = [ledger_label(_(label)), figures_cell(ledger.cell(type_id, None))]
            cells += [figures_cell(ledger.cell(type_id, person.id)) for person in ledger.managers]
            table.add_row(*cells, key=str(type_id))
        if ledger.types:
            table.cursor_coordinate = Coordinate(min(keep.row, table.row_count - 1),
                                                 min(keep.column, len(table.columns) - 1))
        raised = sum(ledger.cell(type_id, None).raised for type_id, _label in ledger.types)
        handled = sum(ledger.cell(type_id, None).handled for type_id, _label in ledger.types)
        totals = _("{raised} objections raised, {handled} handled on the call ({rate}). Open now on live leads: {open}.")
        self.query_one("#ledger-totals", Static).update(totals.format(
            raised=raised, handled=handled, rate=percent(handled / raised if raised else None), open=open_now))
        self.loaded = True

    def _show_open_first(self, page: OpenObjectionPage) -> None:
        self.query_one("#open", DataTable).clear()
        self.open_rows = []
        self._append_open(page)
        self.loaded = True

    def _append_open(self, page: OpenObjectionPage) -> None:
        table = self.query_one("#open", DataTable)
        tz, now = self.cockpit.settings.tz, self.cockpit.clock.now()
        pipeline = self.cockpit.settings.pipeline
        for row in page.rows:
            self.open_rows.append(row)
            days = max(0, (now - row.raised_at) // timedelta(days=1))
            table.add_row(day_month_time(row.raised_at, tz), str(days), row.lead_name, row.company,
                          row.owner_name, pipeline.label(row.lead_stage), _(row.type_label))
        self.open_cursor = page.next_cursor
        self.loading_more = False

    def _show_catalog(self, rows: list[ObjectionTypeRow]) -> None:
        self.catalog = rows
        table = self.query_one("#catalog", DataTable)
        keep = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(_(row.label), row.key, _("yes") if row.active else _("no"), str(row.raised))
        if rows:
            table.move_cursor(row=min(max(keep, 0), len(rows) - 1))
        self.loaded = True

    @on(DataTable.RowHighlighted, "#open")
    def _maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        if self.open_cursor is not None and not self.loading_more and event.cursor_row >= len(self.open_rows) - 10:
            self.loading_more = True
            self.in_worker(load_open, self.open_cursor, then=self._append_open, group="open-more")

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()

    # Keys ------------------------------------------------------------------------------------

    def action_next_view(self) -> None:
        self._switch_to(VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)])
        self.reload()

    def action_toggle_period(self) -> None:
        self.days = PERIODS[(PERIODS.index(self.days) + 1) % len(PERIODS)]
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def action_cursor(self, step: int) -> None:
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_open(self) -> None:
        if self.view == "ledger":
            self._drill()
        elif self.view == "open":
            row = self.table.cursor_row
            if 0 <= row < len(self.open_rows):
                self.app.open_lead(self.open_rows[row].lead_id)  # type: ignore[attr-defined]

    @on(DataTable.CellSelected, "#ledger")
    @on(DataTable.RowSelected, "#open")
    def _selected(self, _event) -> None:
        self.action_open()

    def _drill(self) -> None:
        ledger = self.ledger
        if ledger is None or not ledger.types:
            return
        row, column = self.table.cursor_coordinate
        type_id, label = ledger.types[row]
        person = ledger.managers[column - 2] if column >= 2 else None
        who = person.name if person else (_("the team") if self.cockpit.is_head else _("you"))
        title = _("“{type}” raised in the last {days} days, {who}").format(type=_(label), days=self.days, who=who)
        self.in_worker(load_cell_calls, type_id, person.id if person else None, self.days,
                       then=lambda calls: self._show_calls(title, calls), group="drill")

    def _show_calls(self, title: str, calls: list[ObjectionCallRow]) -> None:
        from ...services.calls import outcome_label
        from ..modals.objection_calls import ObjectionCallsModal

        tz = self.cockpit.settings.tz
        pipeline = self.cockpit.settings.pipeline
        columns = (_("When"), _("Lead"), _("Manager"), _("Outcome"), _("Handled"), _("Answer"), _("Lead now"))
        rows = []
        for call in calls:
            if call.handled:
                handled = _("yes")
            else:
                handled = _("later") if call.resolved_at else _("no")
            rows.append((call.lead_id, (
                day_month_time(call.raised_at, tz), call.lead_name, call.manager_name,
                outcome_label(call.outcome), handled, call.answer or "—", pipeline.label(call.lead_stage),
            )))

        def chosen(lead_id: int | None) -> None:
            if lead_id is not None:
                self.app.open_lead(lead_id)  # type: ignore[attr-defined]

        self.app.push_screen(ObjectionCallsModal(title, columns, rows), chosen)

    # The catalog -----------------------------------------------------------------------------

    def _refused(self) -> bool:
        if self.cockpit.is_head:
            return False
        self.notify(_("Only the head of sales can edit the objection catalog."), severity="warning")
        return True

    def _current_type(self) -> ObjectionTypeRow | None:
        row = self.query_one("#catalog", DataTable).cursor_row
        return self.catalog[row] if 0 <= row < len(self.catalog) else None

    def _edit(self, key: str | None, label: str = "", phrases: str = "") -> None:
        from ..modals.objection_type_form import ObjectionTypeDraft, ObjectionTypeForm

        def save(draft: ObjectionTypeDraft | None) -> None:
            if draft is None:
                return
            done = _("Added “{label}”.") if key is None else _("Renamed to “{label}”.")
            self.in_worker(save_type, key is None, draft.key, draft.label, draft.phrases,
                           then=lambda _result: self._changed(done.format(label=draft.label)), group="catalog-save")

        self.app.push_screen(ObjectionTypeForm(key, label, phrases), save)

    def action_add_type(self) -> None:
        if not self._refused():
            self._edit(None)

    def action_rename_type(self) -> None:
        current = self._current_type()
        if current is not None and not self._refused():
            self._edit(current.key, _(current.label), current.phrases)

    def action_toggle_type(self) -> None:
        current = self._current_type()
        if current is None or self._refused():
            return
        done = _("“{label}” can be logged again.") if not current.active else _("“{label}” is no longer offered.")
        self.in_worker(set_type_active, current.key, not current.active,
                       then=lambda _result: self._changed(done.format(label=_(current.label))), group="catalog-save")

    def _changed(self, message: str) -> None:
        self.notify(message, timeout=3)
        self.app.post_message(DataChanged(None))
        self.reload()
