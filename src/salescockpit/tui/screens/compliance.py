"""Script compliance: the calls waiting for the head's review, and each manager's scores.

The list is newest first, a keyset page at a time: waiting for review, reviewed, or failed
(`v` cycles), for one manager (`m`) and one outcome (`o`). `enter` opens the call's checklist.
Below it, per manager, the reviews of the last 7 or 30 days (`p`): calls reviewed, average score, pass rate,
critical misses and the items missed most. A manager sees only their own calls and scores.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static
from ..widgets.cockpit_footer import CockpitFooter
from ..widgets.columns import fit

from ...i18n import _
from ...l10n import day_month_time
from ..messages import DataChanged
from ..widgets.shares import percent
from ..cockpit import list_managers
from .base import CockpitScreen

if TYPE_CHECKING:
    from ...store.queries.compliance import CallCursor, CallFilter, CallPage, CallRow, ManagerCompliance
    from ..cockpit import Cockpit

PAGE_SIZE = 50
PERIODS = (7, 30)
OUTCOME_CYCLE = (None, "reached", "callback_requested", "meeting_set", "won", "lost")


@dataclass(frozen=True)
class ListState:
    view: str = "waiting"
    manager_id: int | None = None
    manager_name: str | None = None
    outcome: str | None = None
    days: int = 7


def _filter(cockpit: Cockpit, state: ListState) -> CallFilter:
    from ...store.queries.compliance import CallFilter

    manager = state.manager_id if cockpit.is_head else cockpit.actor.id
    return CallFilter(state.view, manager, state.outcome)


def load_calls(cockpit: Cockpit, state: ListState, after: CallCursor | None) -> CallPage:
    from ...store.queries.compliance import review_calls_page

    with cockpit.ctx.db.read() as session:
        return review_calls_page(session, _filter(cockpit, state), after, PAGE_SIZE, viewer=cockpit.actor)


def load_figures(cockpit: Cockpit, days: int) -> list[ManagerCompliance]:
    from ...store.queries.compliance import compliance_by_manager

    until = cockpit.clock.now()
    manager = None if cockpit.is_head else cockpit.actor.id
    with cockpit.ctx.db.read() as session:
        return compliance_by_manager(session, until - timedelta(days=days), until, manager, viewer=cockpit.actor)


def view_title(view: str) -> str:
    return {"waiting": _("Waiting for review"), "reviewed": _("Reviewed"), "failed": _("Reviewed and failed")}[view]



class ComplianceScreen(CockpitScreen):
    """Calls to review and the managers' script compliance."""

    CSS_PATH = "../styles/compliance.tcss"
    BINDINGS = [
        Binding("enter", "open_call", _("Open"), id="compliance.open", tooltip=_("Open the call's checklist")),
        Binding("j", "cursor(1)", _("Down"), id="compliance.down", tooltip=_("Next call"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="compliance.up", tooltip=_("Previous call"), show=False),
        Binding("v", "next_view", _("View"), id="compliance.view",
                tooltip=_("Waiting for review, reviewed, or failed only")),
        Binding("m", "filter_manager", _("Manager"), id="compliance.manager", tooltip=_("Show one manager's calls")),
        Binding("o", "next_outcome", _("Outcome"), id="compliance.outcome", tooltip=_("Show calls with one outcome")),
        Binding("p", "toggle_period", _("7/30 days"), id="compliance.period",
                tooltip=_("Figures per manager over 7 or 30 days")),
        Binding("r", "refresh", _("Refresh"), id="compliance.refresh", tooltip=_("Reload the calls and figures")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state = ListState()
        self.rows: list[CallRow] = []
        self.next_cursor: CallCursor | None = None
        self.loading_more = False
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="compliance-status", classes="status-line")
        yield DataTable(id="compliance-calls", cursor_type="row", zebra_stripes=True)
        yield Static("", id="compliance-empty", classes="placeholder")
        yield Static("", id="compliance-figures-title", classes="title")
        yield DataTable(id="compliance-figures", cursor_type="row", zebra_stripes=True)
        yield CockpitFooter()

    def on_mount(self) -> None:
        calls = self.query_one("#compliance-calls", DataTable)
        when_width = fit(_("When"), 12, day_month_time(datetime(2026, 9, 30, 23, 59)))
        for label, key, width in ((_("When"), "when", when_width), (_("Lead"), "lead", 22), (_("Score"), "score", 10),
                                  (_("Outcome"), "outcome", 14), (_("Manager"), "manager", 16),
                                  (_("Length"), "length", 6), (_("Company"), "company", 18)):
            calls.add_column(label, key=key, width=fit(label, width))
        figures = self.query_one("#compliance-figures", DataTable)
        for label, key, width in ((_("Manager"), "manager", 18), (_("Reviewed"), "reviewed", 8),
                                  (_("Avg score"), "average", 9), (_("Passed"), "passed", 7),
                                  (_("Critical"), "critical", 8), (_("Missed most"), "missed", None)):
            figures.add_column(label, key=key, width=fit(label, width))
        self.query_one("#compliance-empty", Static).display = False
        calls.focus()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter_manager":
            cockpit = self.app.cockpit  # type: ignore[attr-defined]
            return cockpit is not None and cockpit.is_head
        return True

    # Loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self.next_cursor = None
        self.loading_more = False
        self.in_worker(load_calls, self.state, None, then=self._show_first_page, group="calls", exclusive=True)
        self.in_worker(load_figures, self.state.days, then=self._show_figures, group="figures", exclusive=True)
        self._show_status()

    def _show_status(self) -> None:
        from ...services.calls import outcome_label

        parts = [view_title(self.state.view)]
        if not self.cockpit.is_head:
            parts.append(_("your calls"))
        elif self.state.manager_name:
            parts.append(self.state.manager_name)
        else:
            parts.append(_("all managers"))
        parts.append(outcome_label(self.state.outcome) if self.state.outcome else _("every conversation"))
        self.query_one("#compliance-status", Static).update(" · ".join(parts))
        title = _("Per manager, reviews of the last {days} days").format(days=self.state.days)
        self.query_one("#compliance-figures-title", Static).update(title)

    def _show_first_page(self, page: CallPage) -> None:
        table = self.query_one("#compliance-calls", DataTable)
        keep = table.cursor_row
        table.clear()
        self.rows = []
        self._append(page)
        if self.rows:
            table.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))
        self.loaded = True

    def _append(self, page: CallPage) -> None:
        from ...services.calls import outcome_label

        table = self.query_one("#compliance-calls", DataTable)
        tz = self.cockpit.settings.tz
        known = {row.call_id for row in self.rows}
        for row in page.rows:
            if row.call_id in known:
                continue
            self.rows.append(row)
            if not row.reviewed:
                score = _("to review")
            elif row.score is None:
                score = _("n.a.")
            else:
                verdict = _("pass") if row.passed else (_("CRIT") if row.failed_critical else _("fail"))
                score = f"{row.score:5.1f} {verdict}"
            table.add_row(
                day_month_time(row.started_at, tz), row.lead_name, score, outcome_label(row.outcome),
                row.manager_name, f"{row.duration_seconds // 60}:{row.duration_seconds % 60:02d}", row.company,
                key=str(row.call_id),
            )
        self.next_cursor = page.next_cursor
        self.loading_more = False
        empty = self.query_one("#compliance-empty", Static)
        empty.update(_("No calls here. Nothing waits for a review.") if not self.rows else "")
        empty.display = not self.rows

    def _show_figures(self, figures: list[ManagerCompliance]) -> None:
        table = self.query_one("#compliance-figures", DataTable)
        table.clear()
        for row in figures:
            missed = ", ".join(f"{_(item.text)} ×{item.count}" for item in row.top_missed) or "—"
            average = "—" if row.average_score is None else f"{row.average_score:.1f}"
            table.add_row(row.name, str(row.reviewed), average, percent(row.pass_rate), str(row.critical_misses),
                          missed, key=str(row.manager_id))

    @on(DataTable.RowHighlighted, "#compliance-calls")
    def _maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        if self.next_cursor is None or self.loading_more:
            return
        if event.cursor_row >= len(self.rows) - 10:
            self.loading_more = True
            self.in_worker(load_calls, self.state, self.next_cursor, then=self._append, group="calls-more")

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()

    # Keys ------------------------------------------------------------------------------------

    def _current(self) -> CallRow | None:
        table = self.query_one("#compliance-calls", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#compliance-calls", DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_open_call(self) -> None:
        from .review_call import ReviewCallScreen

        row = self._current()
        if row is not None:
            self.app.push_screen(ReviewCallScreen(row.call_id))

    @on(DataTable.RowSelected, "#compliance-calls")
    def _row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open_call()

    def action_next_view(self) -> None:
        from ...store.queries.compliance import VIEWS

        following = VIEWS[(VIEWS.index(self.state.view) + 1) % len(VIEWS)]
        self.state = replace(self.state, view=following)
        self.reload()

    def action_next_outcome(self) -> None:
        following = OUTCOME_CYCLE[(OUTCOME_CYCLE.index(self.state.outcome) + 1) % len(OUTCOME_CYCLE)]
        self.state = replace(self.state, outcome=following)
        self.reload()

    def action_toggle_period(self) -> None:
        days = PERIODS[(PERIODS.index(self.state.days) + 1) % len(PERIODS)]
        self.state = replace(self.state, days=days)
        self._show_status()
        self.in_worker(load_figures, days, then=self._show_figures, group="figures", exclusive=True)

    def action_refresh(self) -> None:
        self.reload()

    def action_filter_manager(self) -> None:
        from ..modals.pick_manager import EVERYONE, PickManagerModal

        def chosen(choice: tuple[int, str] | None) -> None:
            if choice is None:
                return
            manager_id, name = choice
            if manager_id == EVERYONE:
                self.state = replace(self.state, manager_id=None, manager_name=None)
            else:
                self.state = replace(self.state, manager_id=manager_id, manager_name=name)
            self.reload()

        self.in_worker(list_managers, then=lambda managers: self.app.push_screen(PickManagerModal(managers), chosen))
