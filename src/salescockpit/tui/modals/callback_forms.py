"""Small forms for promised callbacks: schedule, postpone, mark done, transfer.

Each validates what it can in words and returns a plain answer; the screen that opened it
calls the service in a worker. Times are typed as in the call form ("tomorrow 10:00", "+2h")
and read back in words before anything is saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import N_, _
from ...l10n import weekday_day_month_time
from ..widgets.when_field import WhenField

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ...clock import Clock
    from ...domain.workhours import WorkingHours


@dataclass(frozen=True)
class TimeAnswer:
    """A new due time (UTC) with the text that goes with it (a note, or the reason for moving)."""

    due_at: datetime
    text: str


class _TimeForm(ModalScreen[TimeAnswer | None]):
    """A due time plus one line of text; ``text_required`` makes that line mandatory."""

    CSS_PATH = "../styles/forms.tcss"
    TITLE_TEXT = ""
    TEXT_LABEL = ""
    TEXT_PLACEHOLDER = ""
    text_required = False

    def __init__(
        self, clock: Clock, *, lead_label: str, context: str = "", hours: WorkingHours | None = None
    ) -> None:
        super().__init__()
        self.clock = clock
        self.hours = hours
        self.lead_label = lead_label
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box medium"):
            yield Static(Content(_(self.TITLE_TEXT).format(lead=self.lead_label)), classes="title")
            if self.context:
                yield Static(Content(self.context), classes="hint")
            with Horizontal(classes="form-row"):
                yield Label(_("When"), classes="form-label")
                yield WhenField(self.clock, hours=self.hours, input_id="when", classes="form-field")
            with Horizontal(classes="form-row"):
                yield Label(_(self.TEXT_LABEL), classes="form-label")
                yield Input(placeholder=_(self.TEXT_PLACEHOLDER), compact=True, id="form-text")
            yield Static("", id="form-error", classes="field-error")
            yield Static(_("ctrl+s or enter save · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#form-error").display = False
        self.query_one("#when", Input).focus()

    def read(self) -> tuple[TimeAnswer | None, str]:
        field = self.query_one(WhenField)
        when, problem = field.read()
        text = self.query_one("#form-text", Input).value.strip()
        if when is None:
            return None, problem or _("Type when, e.g. tomorrow 10:00 or +2h.")
        if field.needs_decision:
            return None, _("That time is outside working hours: take the offered slot or keep it.")
        if self.text_required and not text:
            return None, _("Say why the callback is moved.")
        return TimeAnswer(when, text), ""

    @on(Input.Submitted)
    def action_submit(self) -> None:
        answer, missing = self.read()
        error = self.query_one("#form-error", Static)
        error.update(Content(missing))
        error.display = bool(missing)
        field = self.query_one(WhenField)
        if field.needs_decision:
            field.warn()
        elif answer is None and field.problem is not None:
            self.query_one("#when", Input).focus()
        if answer is not None:
            self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScheduleCallbackForm(_TimeForm):
    """Promise the lead a next contact."""

    BINDINGS = [
        Binding("ctrl+s", "submit", _("Save"), id="schedule.save", tooltip=_("Schedule the callback"), priority=True),
        Binding("escape", "cancel", _("Cancel"), id="schedule.cancel", tooltip=_("Close without scheduling")),
    ]
    TITLE_TEXT = N_("Schedule a callback: {lead}")
    TEXT_LABEL = N_("Note")
    TEXT_PLACEHOLDER = N_("what to talk about (optional)")


class PostponeCallbackForm(_TimeForm):
    """Move a promised callback to a new time; the reason is required (it is audited)."""

    BINDINGS = [
        Binding("ctrl+s", "submit", _("Save"), id="postpone.save", tooltip=_("Move the callback"), priority=True),
        Binding("escape", "cancel", _("Cancel"), id="postpone.cancel", tooltip=_("Close without moving it")),
    ]
    TITLE_TEXT = N_("Postpone the callback: {lead}")
    TEXT_LABEL = N_("Reason")
    TEXT_PLACEHOLDER = N_("why it is moved (required)")
    text_required = True


class CallLike(Protocol):
    """A `store.queries.callbacks.CallChoice`."""

    call_id: int
    started_at: datetime
    outcome: str
    duration_seconds: int
    manager_name: str
    notes: str


#: What `CallbackDoneForm` returns to log a new call instead of picking one.
LOG_NEW_CALL = "log"


class CallbackDoneForm(ModalScreen[int | str | None]):
    """Which call kept the promise: one logged since it was made, or log it now.

    Dismisses with the chosen call id, `LOG_NEW_CALL`, or None.
    """

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="callback_done.cancel", tooltip=_("Leave the callback open")),
    ]

    def __init__(
        self, calls: Sequence[CallLike], *, lead_label: str, tz: ZoneInfo, outcome_labels: Mapping[str, str]
    ) -> None:
        super().__init__()
        self.calls = tuple(calls)
        self.lead_label = lead_label
        self.tz = tz
        self.outcome_labels = outcome_labels

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box"):
            yield Static(Content(_("Callback done: {lead}").format(lead=self.lead_label)), classes="title")
            if self.calls:
                yield Static(_("Which call kept the promise?"), classes="hint")
            else:
                yield Static(_("No call was logged with this lead since the callback was promised."), classes="hint")
            options = [Option(self._call_text(call), id=str(call.call_id)) for call in self.calls]
            options.append(Option(Content(_("+ Log the call now")), id=LOG_NEW_CALL))
            yield OptionList(*options, id="done-choices", classes="form-choices")
            yield Static(_("enter choose · esc cancel"), classes="form-keys")

    def _call_text(self, call: CallLike) -> Content:
        local = call.started_at.astimezone(self.tz)
        minutes, seconds = divmod(call.duration_seconds, 60)
        outcome = self.outcome_labels.get(call.outcome, call.outcome)
        head = f"{weekday_day_month_time(local)} · {outcome} · {minutes}:{seconds:02d} · {call.manager_name}"
        notes = " ".join(call.notes.split())
        return Content.assemble(head, (f" · {notes[:60]}", "$text-muted") if notes else "")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option_id
        self.dismiss(LOG_NEW_CALL if choice == LOG_NEW_CALL else int(choice or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TransferCallbackForm(ModalScreen[str | None]):
    """Give a callback to another person (the head's decision); dismisses with their login."""

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="transfer.cancel", tooltip=_("Keep the current owner")),
    ]

    def __init__(self, members: Sequence[tuple[str, str]], *, current_login: str, lead_label: str) -> None:
        super().__init__()
        self.members = [(login, name) for login, name in members if login != current_login]
        self.lead_label = lead_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box small"):
            yield Static(Content(_("Transfer the callback: {lead}").format(lead=self.lead_label)), classes="title")
            yield OptionList(*(Option(Content(f"{name} ({login})"), id=login) for login, name in self.members),
                             id="transfer-choices", classes="form-choices")
            yield Static(_("enter transfer · esc cancel"), classes="form-keys")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
