"""Overdue and due-today callbacks, per person, grouped by how late they are.

A summary per person (overdue, due later today, promises kept over the last 7 days), then
one table of every open callback due before the end of the team's day: by person, then by
bucket (< 1 h, 1-4 h, today, 1-3 days, > 3 days overdue, then due later today). Keys: d done,
p postpone, t transfer (head only), enter opens the lead card, r refresh. A manager sees only
their own callbacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static
from ..widgets.cockpit_footer import CockpitFooter

from ...clock import local_day_bounds
from ...domain.callbacks import bucket_for, overdue_age_text, promise_counts
from ...i18n import _
from ..messages import DataChanged
from ..widgets.lead_timeline import when_text
from .base import CockpitScreen

if TYPE_CHECKING:
    from ...store.queries.callbacks import DueCallback, TeamMember
    from ..cockpit import Cockpit

PROMISE_WINDOW = timedelta(days=7)
_LATER_TODAY = 99


@dataclass(frozen=True)
class CallbacksView:
    """What one load of the screen brings back from the store."""

    now: datetime
    due: tuple[DueCallback, ...]
    history: dict[int, list[tuple[datetime, datetime | None]]]
    members: tuple[TeamMember, ...]
    counts: dict[int, tuple[int, int]]  # owner id -> (overdue, due later today), over all callbacks


def load_view(cockpit: Cockpit) -> CallbacksView:
    from ...store.queries.callbacks import due_callbacks, due_counts, promise_history, team_members

    now = cockpit.clock.now()
    _start, end_of_today = local_day_bounds(cockpit.clock.today(), cockpit.clock.tz)
    owner_id = None if cockpit.is_head else cockpit.actor.id
    with cockpit.ctx.db.read() as session:
        return CallbacksView(
            now=now,
            due=due_callbacks(session, before=end_of_today, owner_id=owner_id, viewer=cockpit.actor),
            history=promise_history(session, start=now - PROMISE_WINDOW, end=now, owner_id=owner_id,
                                    viewer=cockpit.actor),
            members=team_members(session, user_id=owner_id),
            counts=due_counts(session, now=now, before=end_of_today, owner_id=owner_id, viewer=cockpit.actor),
        )


def _calls_since(cockpit: Cockpit, lead_id: int, since: datetime):
    from ...store.queries.callbacks import calls_since

    with cockpit.ctx.db.read() as session:
        return calls_since(session, lead_id, since, viewer=cockpit.actor)


def _members(cockpit: Cockpit):
    from ...store.queries.callbacks import team_members

    with cockpit.ctx.db.read() as session:
        return team_members(session)


def _complete(cockpit: Cockpit, callback_id: int, call_id: int) -> None:
    from ...services.callbacks import complete_callback

    complete_callback(cockpit.ctx, cockpit.actor, callback_id, call_id)


def _reschedule(cockpit: Cockpit, callback_id: int, due_at: datetime, reason: str) -> None:
    from ...services.callbacks import reschedule_callback

    reschedule_callback(cockpit.ctx, cockpit.actor, callback_id, due_at, reason)


def _reassign(cockpit: Cockpit, callback_id: int, login: str) -> None:
    from ...services.callbacks import reassign_callback

    reassign_callback(cockpit.ctx, cockpit.actor, callback_id, login)


class CallbacksScreen(CockpitScreen):
    """Every promise that is late or due today, and the keys to keep, move or hand it over."""

    CSS_PATH = "../styles/callbacks.tcss"
    BINDINGS = [
        Binding("enter", "open_lead", _("Open lead"), id="callbacks.open", tooltip=_("Open the lead card")),
        Binding("d", "done", _("Done"), id="callbacks.done", tooltip=_("Mark done by the call that kept it")),
        Binding("p", "postpone", _("Postpone"), id="callbacks.postpone", tooltip=_("Move it, with a reason")),
        Binding("t", "transfer", _("Transfer"), id="callbacks.transfer",
                tooltip=_("Give it to another manager (head of sales only)")),
        Binding("r", "refresh", _("Refresh"), id="callbacks.refresh", tooltip=_("Reload the callbacks")),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.view: CallbacksView | None = None
        self._by_id: dict[str, DueCallback] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading callbacks…"), id="callbacks-status")
        yield DataTable(id="callbacks-summary", cursor_type="none", zebra_stripes=True)
        yield DataTable(id="callbacks-table", cursor_type="row", zebra_stripes=True)
        yield Static(_("Nothing is overdue or due later today."), id="callbacks-empty")
        yield CockpitFooter()

    def on_mount(self) -> None:
        summary = self.query_one("#callbacks-summary", DataTable)
        summary.add_columns(_("Person"), _("Overdue"), _("Due later today"), _("Promises kept (7 days)"))
        summary.can_focus = False
        table = self.query_one("#callbacks-table", DataTable)
        if self.cockpit.is_head:
            table.add_column(_("Person"))
        table.add_columns(_("How late"), _("Due"), _("Late"), _("Lead"), _("Note"))
        self.query_one("#callbacks-empty").display = False
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()

    def reload(self) -> None:
        self.in_worker(load_view, then=self._show, group="callbacks", exclusive=True)

    # Showing --------------------------------------------------------------------------

    def _show(self, view: CallbacksView) -> None:
        self.view = view
        tz = self.cockpit.clock.tz
        keyed = []
        for callback in view.due:
            bucket = bucket_for(callback.due_at, view.now, tz)
            rank = bucket.rank if bucket is not None else _LATER_TODAY
            label = bucket.label if bucket is not None else _("later today")
            keyed.append(((callback.owner_name, callback.owner_id, rank, callback.due_at, callback.callback_id),
                          callback, label))
        keyed.sort(key=lambda item: item[0])
        self._fill_table(keyed, view.now)
        self._fill_summary(view, keyed)
        overdue = sum(late for late, _later in view.counts.values())
        later = sum(later for _late, later in view.counts.values())
        whose = _("everyone") if self.cockpit.is_head else _("yours")
        shown = ""
        if len(keyed) < overdue + later:
            shown = " · " + _("showing the oldest {n}").format(n=len(keyed))
        self.query_one("#callbacks-status", Static).update(Content.assemble(
            (_("Callbacks"), "bold"), f" · {whose} · ",
            (_("{count} overdue").format(count=overdue), "$error" if overdue else "$success"),
            " · ", _("{count} due later today").format(count=later),
            shown, (" · " + when_text(view.now, tz), "$text-muted"),
        ))
        self.query_one("#callbacks-empty").display = not keyed

    def _fill_table(self, keyed: list, now: datetime) -> None:
        table = self.query_one("#callbacks-table", DataTable)
        selected = self._selected()
        keep = str(selected.callback_id) if selected is not None else None
        table.clear()
        self._by_id = {}
        tz = self.cockpit.clock.tz
        today = now.astimezone(tz).date()
        previous_owner, previous_rank = None, None
        for (owner_name, owner_id, rank, _due, _id), callback, label in keyed:
            new_owner = owner_id != previous_owner
            person = owner_name if new_owner else ""
            bucket = label if new_owner or rank != previous_rank else ""
            previous_owner, previous_rank = owner_id, rank
            local = callback.due_at.astimezone(tz)
            due = f"{local:%H:%M}" if local.date() == today else when_text(callback.due_at, tz)
            lead = f"{callback.lead_name} · {callback.company}" if callback.company else callback.lead_name
            late = overdue_age_text(callback.due_at, now)
            style = self._colour("error") if rank != _LATER_TODAY else ""
            cells = [Text(person, style="bold")] if self.cockpit.is_head else []
            cells += [Text(bucket, style=style), Text(due), Text(late, style=style),
                      Text(_clip(lead, 34)), Text(_clip(" ".join(callback.note.split()), 18))]
            table.add_row(*cells, key=str(callback.callback_id))
            self._by_id[str(callback.callback_id)] = callback
        if keep in self._by_id:
            table.move_cursor(row=table.get_row_index(keep))

    def _fill_summary(self, view: CallbacksView, keyed: list) -> None:
        summary = self.query_one("#callbacks-summary", DataTable)
        summary.clear()
        overdue = {owner: late for owner, (late, _later) in view.counts.items()}
        later = {owner: due for owner, (_late, due) in view.counts.items()}
        start = view.now - PROMISE_WINDOW
        for member in view.members:
            has_history = member.user_id in view.history
            if member.role != "manager" and not (has_history or member.user_id in overdue or member.user_id in later):
                continue
            counts = promise_counts(view.history.get(member.user_id, ()), start, view.now)
            ratio = "—" if counts.kept_ratio is None else f"{counts.kept_ratio:.0%} ({counts.kept}/{counts.due})"
            late = overdue.get(member.user_id, 0)
            summary.add_row(
                Text(member.name), Text(str(late), style=self._colour("error" if late else "success")),
                Text(str(later.get(member.user_id, 0))), Text(ratio), key=str(member.user_id),
            )

    def _colour(self, variable: str) -> str:
        """A theme colour for table cells (DataTable cells are Rich text, without CSS variables)."""
        return self.app.theme_variables.get(variable, "")

    # Acting on the selected callback ------------------------------------------------------

    def _selected(self) -> DueCallback | None:
        table = self.query_one("#callbacks-table", DataTable)
        if not table.row_count or not self._by_id:
            return None
        row_key, _column = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._by_id.get(row_key.value or "")

    def _require_selected(self) -> DueCallback | None:
        callback = self._selected()
        if callback is None:
            self.notify(_("Choose a callback first."), severity="warning")
        return callback

    @on(DataTable.RowSelected, "#callbacks-table")
    def _row_chosen(self) -> None:
        self.action_open_lead()

    def action_open_lead(self) -> None:
        callback = self._require_selected()
        if callback is not None:
            self.app.open_lead(callback.lead_id)  # type: ignore[attr-defined]

    def action_refresh(self) -> None:
        self.reload()

    def _saved(self, message: str) -> Any:
        def done(_result: Any = None) -> None:
            self.notify(message, title=_("Saved"))
            self.app.post_message(DataChanged())
            self.reload()

        return done

    def action_done(self) -> None:
        from ..modals.callback_forms import LOG_NEW_CALL, CallbackDoneForm

        callback = self._require_selected()
        if callback is None:
            return
        def chosen(choice: int | str | None) -> None:
            if choice == LOG_NEW_CALL:
                from ..flows import log_call_flow
                from ..modals.call_form_parts import settles_text

                log_call_flow(
                    self.app, callback.lead_id, fulfils_callback_id=callback.callback_id,
                    fulfils_text=settles_text(callback.due_at, self.cockpit.clock),
                    on_saved=lambda _result: self.reload(),
                )
            elif isinstance(choice, int):
                self.in_worker(_complete, callback.callback_id, choice, then=self._saved(_("Callback done.")))

        def ask(calls) -> None:
            form = CallbackDoneForm(calls, lead_label=callback.lead_name, tz=self.cockpit.clock.tz,
                                    outcome_labels=_outcome_labels())
            self.app.push_screen(form, chosen)

        self.in_worker(_calls_since, callback.lead_id, callback.created_at, then=ask)

    def action_postpone(self) -> None:
        from ..modals.callback_forms import PostponeCallbackForm

        callback = self._require_selected()
        if callback is None:
            return

        def moved(answer) -> None:
            if answer is not None:
                self.in_worker(_reschedule, callback.callback_id, answer.due_at, answer.text,
                               then=self._saved(_("Callback moved.")))

        context = _("Due {due}, owner {owner}.").format(
            due=when_text(callback.due_at, self.cockpit.clock.tz), owner=callback.owner_name)
        form = PostponeCallbackForm(self.cockpit.clock, lead_label=callback.lead_name, context=context,
                                    hours=self.cockpit.settings.working_hours())
        self.app.push_screen(form, moved)

    def action_transfer(self) -> None:
        from ..modals.callback_forms import TransferCallbackForm

        callback = self._require_selected()
        if callback is None:
            return
        if not self.cockpit.is_head:
            self.notify(_("Only the head of sales can reassign callbacks. Ask them to hand this one over."),
                        title=_("Not allowed"), severity="error", timeout=8)
            return

        def transfer_to(login: str | None) -> None:
            if login:
                self.in_worker(_reassign, callback.callback_id, login,
                               then=self._saved(_("Callback handed over to {login}.").format(login=login)))

        def ask(members) -> None:
            choices = [(member.login, member.name) for member in members]
            form = TransferCallbackForm(choices, current_login=callback.owner_login, lead_label=callback.lead_name)
            self.app.push_screen(form, transfer_to)

        self.in_worker(_members, then=ask)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _outcome_labels() -> dict[str, str]:
    from ...services.calls import OUTCOMES, outcome_label

    return {key: outcome_label(key) for key in OUTCOMES}
