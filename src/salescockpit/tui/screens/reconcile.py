"""Reconciliation: what managers logged against what the phone system saw, one day at a time.

Two lists for the day: calls logged that the phone system never saw, and phone calls to leads
that nobody logged (within 15 minutes either way); below them, the counts per manager. `[` and
`]` move a day back and forward, `enter` opens the lead card. A manager sees their own calls.
The phone log comes in with `salescockpit import calls FILE.csv`; until one is imported the
screen says there is nothing to compare (rather than listing every logged call as never seen).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static
from ..widgets.cockpit_footer import CockpitFooter
from ..widgets.columns import fit

from ...i18n import _
from ...l10n import full_day
from ..messages import DataChanged
from .base import CockpitScreen

if TYPE_CHECKING:
    from ...store.queries.reconcile import Reconciliation, ReconcileRow
    from ..cockpit import Cockpit

TABLES = ("not-seen", "not-logged")


def no_phone_log_texts() -> tuple[str, str]:
    """What the screen (and `salescockpit reconcile`) says before any phone log was imported."""
    return (_("No phone log imported yet: nothing to compare."),
            _("Import the phone system's call log with: salescockpit import calls FILE"))


def load_day(cockpit: Cockpit, day: date) -> Reconciliation | None:
    """The day's reconciliation; None when no phone log was ever imported (nothing to compare)."""
    from ...store.queries.reconcile import phone_log_exists, reconcile_day

    viewer = None if cockpit.is_head else cockpit.actor.id
    with cockpit.ctx.db.read() as session:
        if not phone_log_exists(session):
            return None
        return reconcile_day(session, day, cockpit.settings.tz, viewer)


def duration_text(seconds: int) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02d}"


class ReconcileScreen(CockpitScreen):
    """Calls logged but never dialled, and calls dialled but never logged, for one day."""

    CSS_PATH = "../styles/reconcile.tcss"
    BINDINGS = [
        Binding("left_square_bracket", "shift_day(-1)", _("Day before"), id="reconcile.previous",
                tooltip=_("Show the day before"), key_display="["),
        Binding("right_square_bracket", "shift_day(1)", _("Day after"), id="reconcile.next",
                tooltip=_("Show the day after (up to today)"), key_display="]"),
        Binding("enter", "open", _("Open"), id="reconcile.open", tooltip=_("Open the lead card")),
        Binding("tab", "switch_list", _("Other list"), id="reconcile.switch",
                tooltip=_("Move between the two lists")),
        Binding("j", "cursor(1)", _("Down"), id="reconcile.down", tooltip=_("Next row"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="reconcile.up", tooltip=_("Previous row"), show=False),
        Binding("r", "refresh", _("Refresh"), id="reconcile.refresh", tooltip=_("Reload the day")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.result: Reconciliation | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="reconcile-status", classes="status-line")
        yield Static("", id="not-seen-title", classes="list-title")
        yield DataTable(id="not-seen", cursor_type="row", zebra_stripes=True)
        yield Static("", id="not-logged-title", classes="list-title")
        yield DataTable(id="not-logged", cursor_type="row", zebra_stripes=True)
        yield Static("", id="reconcile-managers")
        yield CockpitFooter()

    def on_mount(self) -> None:
        columns = {
            "not-seen": ((_("Time"), 6), (_("Manager"), 20), (_("Lead"), 24), (_("Company"), 18),
                         (_("Duration"), 8), (_("Direction"), 9)),
            "not-logged": ((_("Time"), 6), (_("Manager"), 20), (_("Lead"), 24), (_("Company"), 18),
                           (_("Duration"), 8), (_("Answered"), 8), (_("Number"), 18)),
        }
        for table_id, specs in columns.items():
            table = self.query_one(f"#{table_id}", DataTable)
            for label, width in specs:
                table.add_column(label, width=fit(label, width))
        self.day = self.cockpit.clock.today()
        self.query_one("#not-seen", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        if self.day is not None:
            self.in_worker(load_day, self.day, then=self._show, group="reconcile", exclusive=True)

    def _show(self, result: Reconciliation | None) -> None:
        self.result = result
        if result is None:
            self._show_nothing_to_compare()
            return
        tz = self.cockpit.settings.tz
        whose = _("all managers") if self.cockpit.is_head else _("your calls")
        status = _("Reconciliation · {day} · {count} phone calls to leads · {whose}").format(
            day=full_day(self.day), count=result.phone_calls, whose=whose)
        if result.phone_calls == 0 and not result.seen_not_logged:
            status += " · " + _("no phone log imported for this day (salescockpit import calls FILE)")
        self.query_one("#reconcile-status", Static).update(status)
        self.query_one("#not-seen-title", Static).update(
            _("Logged, but the phone system never saw them: {n}").format(n=len(result.logged_not_seen)))
        self.query_one("#not-logged-title", Static).update(
            _("In the phone system, but nobody logged them: {n}").format(n=len(result.seen_not_logged)))
        direction = {"out": _("out"), "in": _("in")}
        self._fill("not-seen", [
            (row.started_at.astimezone(tz).strftime("%H:%M"), row.manager_name, row.lead_name, row.company,
             duration_text(row.duration_seconds), direction.get(row.direction, row.direction))
            for row in result.logged_not_seen])
        self._fill("not-logged", [
            (row.started_at.astimezone(tz).strftime("%H:%M"), row.manager_name or _("unknown extension"),
             row.lead_name, row.company, duration_text(row.duration_seconds),
             _("yes") if row.answered else _("no"), row.number)
            for row in result.seen_not_logged])
        counts = "   ".join(
            f"{counts.manager_name or _('unknown extension')}: {counts.logged_not_seen} / {counts.seen_not_logged}"
            for counts in result.per_manager)
        self.query_one("#reconcile-managers", Static).update(
            _("Per manager (logged not seen / seen not logged): {counts}").format(counts=counts or _("none")))
        self.loaded = True

    def _show_nothing_to_compare(self) -> None:
        """No phone log at all: every logged call would look "never seen", so nothing is listed."""
        nothing, how = no_phone_log_texts()
        self.query_one("#reconcile-status", Static).update(nothing)
        self.query_one("#not-seen-title", Static).update(_("Logged, but the phone system never saw them: —"))
        self.query_one("#not-logged-title", Static).update(_("In the phone system, but nobody logged them: —"))
        self._fill("not-seen", [])
        self._fill("not-logged", [])
        self.query_one("#reconcile-managers", Static).update(how)
        self.loaded = True

    def _fill(self, table_id: str, rows: list[tuple[str, ...]]) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        keep = table.cursor_row
        table.clear()
        for cells in rows:
            table.add_row(*cells)
        if rows:
            table.move_cursor(row=min(max(keep, 0), len(rows) - 1))

    def _rows_of(self, table_id: str) -> list[ReconcileRow]:
        if self.result is None:
            return []
        return self.result.logged_not_seen if table_id == "not-seen" else self.result.seen_not_logged

    # Keys ------------------------------------------------------------------------------------

    def action_shift_day(self, days: int) -> None:
        if self.day is None:
            return
        target = self.day + timedelta(days=days)
        if target > self.cockpit.clock.today():
            self.notify(_("That day has not happened yet."), timeout=2)
            return
        self.day = target
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    @property
    def focused_table(self) -> DataTable:
        focused = self.focused
        if isinstance(focused, DataTable) and focused.id in TABLES:
            return focused
        return self.query_one("#not-seen", DataTable)

    def action_switch_list(self) -> None:
        other = "not-logged" if self.focused_table.id == "not-seen" else "not-seen"
        self.query_one(f"#{other}", DataTable).focus()

    def action_cursor(self, step: int) -> None:
        table = self.focused_table
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_open(self) -> None:
        table = self.focused_table
        rows = self._rows_of(table.id or "")
        if 0 <= table.cursor_row < len(rows):
            self.app.open_lead(rows[table.cursor_row].lead_id)  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()
