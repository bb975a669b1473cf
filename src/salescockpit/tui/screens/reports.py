"""Reports: the daily control report for a chosen day, its 7/30-day trends, and export.

`[` and `]` step a day back and forward, `t` comes back to today, `w` switches the trend
charts between 7 and 30 days, `x` exports the shown report (format and path asked in a small
form). Building, trends and writing the file all run in workers. A manager sees their own
figures only (the report's build enforces it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.console import Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Header, Input, Label, Select, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot
from ..widgets.cockpit_footer import CockpitFooter

from ...i18n import _, ngettext
from ...l10n import full_day
from ...reports.layout import (
    as_of_text,
    delta_headers,
    delta_rows,
    local_text,
    manager_text,
    section_views,
    title_text,
)
from ...reports.money_layout import has_money, money_table
from .base import CockpitScreen
from .reports_plan import PlanKeys

if TYPE_CHECKING:
    from ...reports.figures import Report, TrendPoint
    from ..cockpit import Cockpit

FORMATS = ("md", "csv", "xlsx", "html", "json")
TREND_WINDOWS = (7, 30)


@dataclass(frozen=True)
class ExportDraft:
    fmt: str
    path: str


def export_folder() -> Path:
    """Where an export goes unless the user says otherwise: their Documents folder, else
    Downloads, else the current folder (always as an absolute path, so the form shows it)."""
    import platformdirs

    for folder in (platformdirs.user_documents_path(), platformdirs.user_downloads_path()):
        if folder.is_dir():
            return folder.absolute()
    return Path.cwd()


def default_path(day: date, fmt: str) -> str:
    return str(export_folder() / f"salescockpit-report-{day.isoformat()}.{fmt}")


class ExportFailed(Exception):
    """The report could not be written; ``message`` says where and why (shown as the error)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def load_report(cockpit: Cockpit, day: date) -> Report:
    from ...reports import build_report

    return build_report(cockpit.ctx, day, actor=cockpit.actor)


def load_trend(cockpit: Cockpit, day: date, days: int) -> tuple[TrendPoint, ...]:
    from ...reports import build_trend

    return build_trend(cockpit.ctx, day, days, actor=cockpit.actor)


def export_report(cockpit: Cockpit, report: Report, fmt: str, path: str) -> str:
    from ...reports import render

    from ...service_account import ServiceAccountRefusal, refuse_service_files_through_sudo

    target = Path(path).expanduser().absolute()  # a bare name lands in the current folder: say which
    try:
        refuse_service_files_through_sudo([target])  # through sudo: never over the database or its key
    except ServiceAccountRefusal as refusal:
        raise ExportFailed(refusal.message) from None
    try:
        target.write_bytes(render(report, fmt))
    except OSError as error:
        raise ExportFailed(
            _("Cannot write {path}: {error}").format(path=target, error=error.strerror or error)
        ) from error
    return str(target)


def _table(title: str, headers: tuple[str, ...], rows) -> Table:
    """A borderless table that never wraps: the view scrolls sideways instead."""
    table = Table(title=title, title_justify="left", title_style="bold", box=None, show_edge=False,
                  pad_edge=False, header_style="bold")
    for index, header in enumerate(headers):
        table.add_column(header, justify="left" if index == 0 else "right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def report_renderable(report: Report) -> tuple[Group, list[Table]]:
    """The report as Rich tables (one per section, then "since yesterday"), problems and notes."""
    from ...reports.listening_layout import listening_tables
    from ...reports.problems import problem_kind_label

    parts: list[object] = [Text(as_of_text(report), style="dim")]
    tables = []
    for view in section_views(report):
        tables.append(_table(view.title, view.headers, view.rows))
        parts += [Text(""), tables[-1]]
        for name, pairs in view.breakdowns:
            parts.append(Text(f"{name}: " + "; ".join(f"{who}: {text}" for who, text in pairs), style="dim"))
    for title, headers, rows in listening_tables(report):
        tables.append(_table(title, headers, rows))
    if has_money(report):
        tables.append(_table(*money_table(report)))
        parts += [Text(""), tables[-1]]
    tables.append(_table(_("Since yesterday"), delta_headers(), delta_rows(report)))
    parts += [Text(""), tables[-1], Text(""), Text(_("Problems"), style="bold")]
    zone = ZoneInfo(report.timezone)
    if not report.problems:
        parts.append(Text(_("No problems.")))
    for problem in report.problems:
        when = local_text(problem.at, zone)
        parts.append(Text(f"{problem_kind_label(problem.kind)}: #{problem.lead_id} {problem.lead_name} "
                          f"· {manager_text(problem)} · {when} · {problem.detail}"))
    parts += [Text(""), Text(_("Notes"), style="bold"), *(Text(f"• {note}", style="dim") for note in report.notes)]
    return Group(*parts), tables


class ExportModal(ModalScreen[ExportDraft | None]):
    """Ask the format and the file; returns the choice (the screen writes the file)."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="reports.export.cancel", tooltip=_("Close without saving"))]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(_("Export the report of {day}").format(day=self.day.isoformat()), classes="title")
            yield Label(_("Format"), classes="hint")
            yield Select([(fmt, fmt) for fmt in FORMATS], value="md", allow_blank=False, id="export-format")
            yield Label(_("File"), classes="hint")
            yield Input(default_path(self.day, "md"), id="export-path")
            with Horizontal(id="export-buttons"):
                yield Button(_("Save"), variant="primary", id="export-save")
                yield Button(_("Cancel"), id="export-cancel")

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        stem, _dot, extension = path.value.rpartition(".")
        if extension in FORMATS and stem:
            path.value = f"{stem}.{event.value}"

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-save")
    def _save(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.notify(_("Give a file name."), severity="error")
            return
        self.dismiss(ExportDraft(str(self.query_one("#export-format", Select).value), path))

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportsScreen(PlanKeys, CockpitScreen):
    """The daily control report of one day, its trends, and export."""

    CSS_PATH = "../styles/reports.tcss"
    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", _("Day before"), id="reports.previous", key_display="[",
                tooltip=_("Show the report of the day before")),
        Binding("right_square_bracket", "step(1)", _("Day after"), id="reports.next", key_display="]",
                tooltip=_("Show the report of the day after")),
        Binding("t", "today", _("Today"), id="reports.today", tooltip=_("Show today's report")),
        Binding("w", "toggle_window", _("7/30 days"), id="reports.window",
                tooltip=_("Trend charts over 7 or 30 days")),
        Binding("x", "export", _("Export"), id="reports.export",
                tooltip=_("Save the report as md, csv, xlsx, html or json")),
        Binding("r", "refresh", _("Refresh"), id="reports.refresh", tooltip=_("Build the report again")),
        Binding("p", "set_plan", _("Plan"), id="reports.plan",
                tooltip=_("Set a manager's monthly plan in money (head of sales)")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.report: Report | None = None
        self.window = TREND_WINDOWS[0]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="reports-status", classes="status-line")
        with TabbedContent(id="reports-tabs"):
            with TabPane(_("Report"), id="reports-report"):
                with VerticalScroll(id="reports-scroll"):
                    yield Static(_("Building the report…"), id="reports-body")
            with TabPane(_("Trends"), id="reports-trends"):
                for key in ("score", "overdue", "reach"):
                    yield PlotextPlot(id=f"trend-{key}", classes="trend")
        yield CockpitFooter()

    def on_mount(self) -> None:
        self.day = self.cockpit.clock.today()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.report is not None:
            self.reload()

    def reload(self) -> None:
        assert self.day is not None
        self._status(_("building…"))
        self.in_worker(load_report, self.day, then=self._show_report, group="report", exclusive=True)
        self.in_worker(load_trend, self.day, self.window, then=self._show_trend, group="trend", exclusive=True)

    def _status(self, state: str = "") -> None:
        who = _("your figures") if not self.cockpit.is_head else _("team")
        text = f"{full_day(self.day)} · {who}" + (f" · {state}" if state else "")
        self.query_one("#reports-status", Static).update(text)

    def _show_report(self, report: Report) -> None:
        if report.day != self.day:
            return
        self.report = report
        self.sub_title = title_text(report)
        self._status()
        renderable, tables = report_renderable(report)
        console = self.app.console
        options = console.options.update_width(1000)
        widest = max(Measurement.get(console, options, table).maximum for table in tables)
        body = self.query_one("#reports-body", Static)
        body.styles.width = max(widest, self.query_one("#reports-scroll").size.width - 2)
        body.update(renderable)

    def _show_trend(self, points: tuple[TrendPoint, ...]) -> None:
        if not points or points[-1].day != self.day:
            return
        series = {
            "score": (_("Average score"), [point.average_score for point in points]),
            "overdue": (_("Overdue callbacks at end of day"), [float(point.overdue_at_end) for point in points]),
            "reach": (_("Reach %"), [point.reach_rate for point in points]),
        }
        step = max(1, len(points) // 6)
        ticks = list(range(0, len(points), step))
        for key, (title, values) in series.items():
            plot = self.query_one(f"#trend-{key}", PlotextPlot)
            plt = plot.plt
            plt.clear_data()
            plt.clear_figure()
            known = [(index, value) for index, value in enumerate(values) if value is not None]
            if known:
                plt.plot([index for index, _v in known], [value for _i, value in known], marker="braille")
            plt.xlim(0, len(points) - 1)
            span = ngettext("{days} day", "{days} days", len(points)).format(days=len(points))
            plt.title(f"{title} · {span}")
            plt.xticks(ticks, [points[index].day.strftime("%d.%m") for index in ticks])
            plot.refresh()

    def action_step(self, days: int) -> None:
        if self.day is None:
            return
        target = self.day + timedelta(days=days)
        if target > self.cockpit.clock.today():
            self.notify(_("There is no report for a day that has not come yet."), severity="warning")
            return
        self.day = target
        self.reload()

    def action_today(self) -> None:
        self.day = self.cockpit.clock.today()
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def action_toggle_window(self) -> None:
        self.window = TREND_WINDOWS[(TREND_WINDOWS.index(self.window) + 1) % len(TREND_WINDOWS)]
        if self.day is not None:
            self.in_worker(load_trend, self.day, self.window, then=self._show_trend, group="trend", exclusive=True)

    def action_export(self) -> None:
        report = self.report
        if report is None or report.day != self.day:
            self.notify(_("The report is still being built."), severity="warning")
            return

        def chosen(draft: ExportDraft | None) -> None:
            if draft is not None:
                self.in_worker(export_report, report, draft.fmt, draft.path, then=self._exported, group="export")

        self.app.push_screen(ExportModal(report.day), chosen)

    def _exported(self, path: str) -> None:
        self.notify(_("Report saved to {path}").format(path=path), title=_("Exported"), timeout=15)
