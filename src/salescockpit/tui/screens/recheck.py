"""Qualification re-check: every lead a manager wrote off, for the head to confirm or return.

Left, the leads waiting, longest first; right, the highlighted lead in full (the manager's
reason, BANT answers, calls and notes). `c` confirms the junk, `u` returns the lead to a stage
and owner of the head's choice (their queue then shows the head's action), `s` skips. Below,
per manager over 7 or 30 days (`p`): marked, re-checked, confirmed, returned, the false-junk
rate, and the returned leads that went on to win, with their value. A manager sees their own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widgets import DataTable, Header, Static
from ..widgets.cockpit_footer import CockpitFooter
from ..widgets.columns import fit

from ...domain.qualification import junk_reason_label, lost_reason_label
from ...i18n import _, pgettext
from ...l10n import day_month, day_month_time, number
from ..messages import DataChanged
from ..widgets.shares import percent
from .base import CockpitScreen

if TYPE_CHECKING:
    from ...store.queries.rechecks import ManagerRecheckStats, RecheckCursor, RecheckDetail, RecheckPage, RecheckRow
    from ..cockpit import Cockpit
    from ..modals.recheck_return import ReturnDraft

PAGE_SIZE = 50
PERIODS = (30, 7)


def _owner(cockpit: Cockpit) -> int | None:
    return None if cockpit.is_head else cockpit.actor.id


def load_page(cockpit: Cockpit, after: RecheckCursor | None) -> RecheckPage:
    from ...store.queries.rechecks import recheck_page

    with cockpit.ctx.db.read() as session:
        return recheck_page(session, _owner(cockpit), after, PAGE_SIZE, cockpit.settings.pipeline.lost_key,
                            viewer=cockpit.actor)


def load_detail(cockpit: Cockpit, lead_id: int) -> RecheckDetail | None:
    from ...store.queries.rechecks import recheck_detail

    with cockpit.ctx.db.read() as session:
        return recheck_detail(session, lead_id, viewer=cockpit.actor)


def load_stats(cockpit: Cockpit, days: int) -> list[ManagerRecheckStats]:
    from ...store.queries.rechecks import recheck_stats

    until = cockpit.clock.now()
    pipeline = cockpit.settings.pipeline
    with cockpit.ctx.db.read() as session:
        return recheck_stats(session, until - timedelta(days=days), until, won_key=pipeline.won_key,
                             lost_key=pipeline.lost_key, manager_id=_owner(cockpit), viewer=cockpit.actor)


def load_owners(cockpit: Cockpit) -> list[tuple[str, str]]:
    from ...services.users import list_users

    return [(user.login, user.name) for user in list_users(cockpit.ctx, include_inactive=False)]


def save_recheck(cockpit: Cockpit, lead_id: int, verdict: str, draft: ReturnDraft | None = None) -> int:
    from ...services.rechecks import record_recheck

    if draft is None:
        return record_recheck(cockpit.ctx, cockpit.actor, lead_id, verdict)
    return record_recheck(cockpit.ctx, cockpit.actor, lead_id, verdict, return_stage=draft.stage,
                          return_owner_login=draft.owner_login, note=draft.note)


def reason_text(row_qualification: str, reason: str | None) -> str:
    if not reason:
        return "—"
    return lost_reason_label(reason) if row_qualification not in ("junk", "disqualified") else junk_reason_label(reason)


def status_text(qualification: str) -> str:
    return {"junk": _("junk"), "disqualified": _("disqualified")}.get(qualification, _("lost"))


def _yes_no(answer: bool | None) -> str:
    return "?" if answer is None else (_("yes") if answer else _("no"))



class RecheckScreen(CockpitScreen):
    """The head's re-check of junk, disqualified and not-a-real-lead marks."""

    CSS_PATH = "../styles/recheck.tcss"
    BINDINGS = [
        Binding("c", "confirm", _("Confirm junk"), id="recheck.confirm", tooltip=_("The manager was right: it is junk")),
        Binding("u", "return_lead", _("Not junk"), id="recheck.return",
                tooltip=_("Return the lead to the pipeline, with a stage and an owner")),
        Binding("s", "skip", _("Skip"), id="recheck.skip", tooltip=_("Decide later; go to the next lead")),
        Binding("j", "cursor(1)", _("Down"), id="recheck.down", tooltip=_("Next lead"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="recheck.up", tooltip=_("Previous lead"), show=False),
        Binding("enter", "open_lead", _("Open"), id="recheck.open", tooltip=_("Open the lead card")),
        Binding("p", "toggle_period", _("30/7 days"), id="recheck.period", tooltip=_("Rates over 30 or 7 days")),
        Binding("r", "refresh", _("Refresh"), id="recheck.refresh", tooltip=_("Reload the list and the rates")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RecheckRow] = []
        self.next_cursor: RecheckCursor | None = None
        self.loading_more = False
        self.days = PERIODS[0]
        self.loaded = False
        self.busy: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="recheck-status", classes="status-line")
        with Horizontal(id="recheck-main"):
            yield DataTable(id="recheck-leads", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="recheck-detail-box"):
                yield Static("", id="recheck-detail")
        yield Static("", id="recheck-stats-title", classes="title")
        yield DataTable(id="recheck-stats", cursor_type="row", zebra_stripes=True)
        yield CockpitFooter()

    def on_mount(self) -> None:
        leads = self.query_one("#recheck-leads", DataTable)
        for label, width in ((_("Marked"), fit("", 6, day_month(datetime(2026, 9, 30)))), (_("Lead"), 18), (_("Reason"), 16), (_("Owner"), 14)):
            leads.add_column(label, width=fit(label, width))
        stats = self.query_one("#recheck-stats", DataTable)
        for label, width in ((_("Manager"), 18), (_("Marked"), 6), (_("Re-checked"), 10), (_("Confirmed"), 9),
                             (_("Returned"), 8), (_("False junk"), 10), (_("Won after return"), 16),
                             (pgettext("money", "Saved"), 12)):
            stats.add_column(label, width=fit(label, width))
        leads.focus()
        self.reload()

    # Loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self.next_cursor, self.loading_more = None, False
        self.in_worker(load_page, None, then=self._show_first_page, group="rechecks", exclusive=True)
        self._load_stats()

    def _load_stats(self) -> None:
        title = _("Per manager who marked, last {days} days").format(days=self.days)
        self.query_one("#recheck-stats-title", Static).update(title)
        self.in_worker(load_stats, self.days, then=self._show_stats, group="stats", exclusive=True)

    def _show_first_page(self, page: RecheckPage) -> None:
        table = self.query_one("#recheck-leads", DataTable)
        keep = table.cursor_row
        table.clear()
        self.rows = []
        self._append(page)
        if self.rows:
            table.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))
            self._load_detail()
        else:
            self.query_one("#recheck-detail", Static).update(_("No lead waits for a re-check."))
        self.loaded = True

    def _append(self, page: RecheckPage) -> None:
        table = self.query_one("#recheck-leads", DataTable)
        tz = self.cockpit.settings.tz
        for row in page.rows:
            self.rows.append(row)
            table.add_row(day_month(row.marked_at, tz), row.name,
                          reason_text(row.qualification, row.reason), row.owner_name, key=str(row.lead_id))
        self.next_cursor = page.next_cursor
        self.loading_more = False
        self._show_status()

    def _show_status(self) -> None:
        count = len(self.rows)
        more = "+" if self.next_cursor is not None else ""
        whose = "" if self.cockpit.is_head else " · " + _("your leads")
        text = _("{count}{more} lead(s) wait for a re-check{whose}").format(count=count, more=more, whose=whose)
        self.query_one("#recheck-status", Static).update(text)

    def _show_stats(self, stats: list[ManagerRecheckStats]) -> None:
        table = self.query_one("#recheck-stats", DataTable)
        table.clear()
        for row in stats:
            saved = number(row.saved_value) if row.saved_value else "—"
            table.add_row(row.name, str(row.marked), str(row.rechecked), str(row.confirmed), str(row.returned),
                          percent(row.false_junk_rate), str(row.returned_won), saved, key=str(row.manager_id))

    def _current(self) -> RecheckRow | None:
        table = self.query_one("#recheck-leads", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _load_detail(self) -> None:
        row = self._current()
        if row is not None:
            self.in_worker(load_detail, row.lead_id, then=self._show_detail, group="detail", exclusive=True)

    @on(DataTable.RowHighlighted, "#recheck-leads")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._load_detail()
        if self.next_cursor is not None and not self.loading_more and event.cursor_row >= len(self.rows) - 10:
            self.loading_more = True
            self.in_worker(load_page, self.next_cursor, then=self._append, group="rechecks-more")

    def _show_detail(self, detail: RecheckDetail | None) -> None:
        box = self.query_one("#recheck-detail", Static)
        if detail is None:
            box.update(_("This lead no longer exists."))
            return
        from ...services.calls import outcome_label

        tz = self.cockpit.settings.tz
        pipeline = self.cockpit.settings.pipeline
        contact = " · ".join(escape(part) for part in (detail.company, detail.phone or "", detail.email or "") if part)
        marked = day_month_time(detail.marked_at, tz) if detail.marked_at else "?"
        lines = [
            f"[b]{escape(detail.name)}[/b]" + (f" · {contact}" if contact else ""),
            _("Owner {owner} · source {source} · created {created} · value {value}").format(
                owner=escape(detail.owner_name), source=escape(detail.source or "—"),
                created=day_month(detail.created_at, tz),
                value=detail.value if detail.value is not None else "—"),
            _("Marked {status} ({stage}) by {who} on {when}: [b]{reason}[/b]").format(
                status=status_text(detail.qualification), stage=pipeline.label(detail.stage),
                who=escape(detail.marked_by_name or detail.owner_name), when=marked,
                reason=escape(reason_text(detail.qualification, detail.reason))),
            _("BANT: budget {b} · authority {a} · need {n} · timing {t}").format(
                b=_yes_no(detail.bant.budget), a=_yes_no(detail.bant.authority), n=_yes_no(detail.bant.need),
                t=_yes_no(detail.bant.timing)),
            "",
            _("Calls: {shown} of {count}, newest first").format(shown=len(detail.calls), count=detail.call_count)
            if detail.calls else _("No calls were made to this lead."),
        ]
        for call in detail.calls:
            when = day_month_time(call.started_at, tz)
            length = f"{call.duration_seconds // 60}:{call.duration_seconds % 60:02d}"
            lines.append(f" {when} · {outcome_label(call.outcome)} · {length} · {escape(call.manager_name)}")
            if call.notes:
                lines.append(f"   [$text-muted]{escape(call.notes)}[/]")
        box.update("\n".join(lines))

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()

    # Keys ------------------------------------------------------------------------------------

    def _refused(self) -> bool:
        if self.cockpit.is_head:
            return False
        self.notify(_("Only the head of sales can re-check junk leads."), severity="warning")
        return True

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#recheck-leads", DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_skip(self) -> None:
        self.action_cursor(1)

    def action_open_lead(self) -> None:
        row = self._current()
        if row is not None:
            self.app.open_lead(row.lead_id)  # type: ignore[attr-defined]

    @on(DataTable.RowSelected, "#recheck-leads")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open_lead()

    def action_toggle_period(self) -> None:
        self.days = PERIODS[(PERIODS.index(self.days) + 1) % len(PERIODS)]
        self._load_stats()

    def action_refresh(self) -> None:
        self.reload()

    def action_confirm(self) -> None:
        row = self._current()
        if row is None or self._refused() or row.lead_id in self.busy:
            return
        self.busy.add(row.lead_id)
        self.in_worker(save_recheck, row.lead_id, "confirmed",
                       then=lambda _id: self._decided(row, _("{lead}: junk confirmed.").format(lead=row.name)),
                       failed=lambda error: self._failed(row, error), group="save")

    def action_return_lead(self) -> None:
        from ..modals.recheck_return import RecheckReturnForm

        row = self._current()
        if row is None or self._refused() or row.lead_id in self.busy:
            return
        pipeline = self.cockpit.settings.pipeline
        stages = [(key, pipeline.label(key)) for key in pipeline.open_keys]

        def save(draft: ReturnDraft | None) -> None:
            if draft is None:
                return
            self.busy.add(row.lead_id)
            message = _("{lead} returned to {stage}: an action waits in the owner's queue.").format(
                lead=row.name, stage=pipeline.label(draft.stage))
            self.in_worker(save_recheck, row.lead_id, "returned", draft,
                           then=lambda _id: self._decided(row, message),
                           failed=lambda error: self._failed(row, error), group="save")

        def ask(owners: list[tuple[str, str]]) -> None:
            form = RecheckReturnForm(row.name, stages, owners, stage="qualification", owner_login=row.owner_login)
            self.app.push_screen(form, save)

        self.in_worker(load_owners, then=ask, group="owners")

    def _failed(self, row: RecheckRow, error: BaseException) -> None:
        from .base import error_text

        self.busy.discard(row.lead_id)
        self.notify(error_text(error), title=_("Not done"), severity="error", timeout=8)

    def _decided(self, row: RecheckRow, message: str) -> None:
        self.busy.discard(row.lead_id)
        self.notify(message, timeout=4)
        self.app.post_message(DataChanged(row.lead_id))
        table = self.query_one("#recheck-leads", DataTable)
        if row in self.rows:
            index = self.rows.index(row)
            self.rows.pop(index)
            table.remove_row(str(row.lead_id))
            if self.rows:
                table.move_cursor(row=min(index, len(self.rows) - 1))
                self._load_detail()
            else:
                self.query_one("#recheck-detail", Static).update(_("No lead waits for a re-check."))
        self._show_status()
        self._load_stats()
