"""The "Log a call" form: who, how it went, objections, and the next step, checked as you type.

The form never touches the store. The flow that opens it hands in a `CallFormSetup`: the
outcomes, the objection catalog, how to build the service's draft and check it (the service's
own `validate_call`), and, as plain callables run in this screen's thread workers, the lead
search and the save (both already bound to the logged-in user). A failed save keeps the form open with everything typed and says why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ...i18n import _
from ...l10n import weekday_day_month_time
from ..drafts import CallFormDraft, DraftFile, KeepsDraft
from ..widgets.lead_picker import LeadLike, LeadPicker
from ..widgets.objection_checklist import ObjectionChecklist, ObjectionValue
from ..widgets.thread_calls import ThreadCalls, readable_error
from ..widgets.when_field import WhenField

if TYPE_CHECKING:
    from ...clock import Clock

_DURATION = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2})$")


def parse_duration(text: str) -> int:
    """Seconds from "m:ss", "h:mm:ss" or whole minutes ("5"); ValueError with a readable message."""
    cleaned = text.strip()
    if cleaned.isdigit():
        return int(cleaned) * 60
    match = _DURATION.match(cleaned)
    if match is None or int(match[3]) > 59 or (match[1] is not None and int(match[2]) > 59):
        raise ValueError(_("Give the duration as minutes (5) or m:ss (4:30)."))
    hours = int(match[1] or 0)
    return hours * 3600 + int(match[2]) * 60 + int(match[3])


def format_duration(seconds: int) -> str:
    """The form's way of writing ``seconds`` back (m:ss, or h:mm:ss from an hour)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class CallFormValues:
    """What the form holds (lead 0, outcome "" and duration 0 stand for "not given yet")."""

    lead_id: int
    direction: str
    outcome: str
    duration_seconds: int
    notes: str
    objections: tuple[ObjectionValue, ...]
    next_callback_at: datetime | None
    no_next_step_reason: str
    fulfils_callback_id: int | None


@dataclass(frozen=True)
class CallFormSetup:
    """What the flow hands the form: the core's rules and lookups as plain values and callables."""

    clock: Clock
    outcomes: Sequence[tuple[str, str]]
    objection_catalog: Sequence[tuple[str, str]]
    build_draft: Callable[[CallFormValues], Any]
    check: Callable[[Any], Mapping[str, str]]
    find_leads: Callable[[str], Sequence[LeadLike]] | None = None
    save: Callable[[Any], Any] | None = None
    drafts: DraftFile | None = None


#: Service field name -> the id of the line that shows its message.
_ERROR_LINES = {
    "lead": "error-lead",
    "direction": "error-outcome",
    "outcome": "error-outcome",
    "duration_seconds": "error-duration",
    "objections": "error-objections",
    "next_callback_at": "error-next",
    "no_next_step_reason": "error-next",
}


class DiscardChanges(ModalScreen[bool]):
    """Asks before a filled form is thrown away."""

    BINDINGS = [
        Binding("y,d", "answer(True)", _("Discard"), id="discard.yes", tooltip=_("Throw away what was typed")),
        Binding("n,escape", "answer(False)", _("Keep editing"), id="discard.no", tooltip=_("Back to the form")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-box", classes="form-box small"):
            yield Static(_("Throw away what you typed?"), classes="title")
            yield Static(_("y: discard · n or esc: keep editing"), classes="hint")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class LogCallForm(KeepsDraft, ThreadCalls, ModalScreen[Any]):
    """Log a call; dismisses with the saved result (or the draft when no save was handed in), or None.

    With ``setup.drafts`` the unsaved content is kept on disk and offered back next time (`KeepsDraft`).
    """

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="log_call.save", tooltip=_("Check and save the call"), priority=True),
        Binding("escape", "cancel", _("Cancel"), id="log_call.cancel", tooltip=_("Close (asks if something was typed)")),
    ]

    def __init__(
        self,
        setup: CallFormSetup,
        *,
        lead_id: int | None = None,
        lead_label: str = "",
        fulfils_callback_id: int | None = None,
        fulfils_text: str = "",
    ) -> None:
        super().__init__()
        self.setup = setup
        self.lead_id = lead_id
        self.lead_label = lead_label
        self.fulfils_callback_id = fulfils_callback_id
        self.fulfils_text = fulfils_text
        self._touched: set[str] = set()
        self._show_all = False
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="log-call-box", classes="form-box"):
            yield Static(_("Log a call"), classes="title")
            if self.fulfils_text:
                yield Static(Content(self.fulfils_text), classes="hint", id="fulfils-hint")
            with VerticalScroll(classes="form-body"):
                with Horizontal(classes="form-row"):
                    yield Label(_("Lead"), classes="form-label")
                    with Vertical(classes="form-field"):
                        if self.lead_id is None:
                            yield LeadPicker(input_id="lead-search", id="lead-picker")
                        else:
                            yield Static(Content(self.lead_label), id="lead-label", classes="form-value")
                        yield _error_line("error-lead")
                with Horizontal(classes="form-row"):
                    yield Label(_("Call"), classes="form-label")
                    with Vertical(classes="form-field"):
                        with Horizontal(classes="form-inline"):
                            yield Select([(_("outgoing"), "out"), (_("incoming"), "in")], value="out",
                                         allow_blank=False, compact=True, id="direction")
                            yield Select([(label, key) for key, label in self.setup.outcomes],
                                         prompt=_("outcome…"), compact=True, id="outcome")
                            yield Label(_("Duration"), classes="inline-label")
                            yield Input(placeholder=_("m:ss or minutes"), compact=True, id="duration")
                        yield _error_line("error-outcome")
                        yield _error_line("error-duration")
                with Horizontal(classes="form-row"):
                    yield Label(_("Notes"), classes="form-label")
                    with Vertical(classes="form-field"):
                        yield TextArea(id="notes", tab_behavior="focus", compact=True)
                with Horizontal(classes="form-row"):
                    yield Label(_("Objections"), classes="form-label")
                    with Vertical(classes="form-field"):
                        yield ObjectionChecklist(self.setup.objection_catalog, id="objections")
                        yield _error_line("error-objections")
                with Horizontal(classes="form-row"):
                    yield Label(_("Next call"), classes="form-label")
                    with Vertical(classes="form-field"):
                        yield WhenField(self.setup.clock, input_id="next-callback", id="next-field")
                        yield Input(placeholder=_("…or why there is no next step"), compact=True, id="no-next-step")
                        yield _error_line("error-next")
            yield _error_line("error-form")
            yield Static(_("ctrl+s save · esc cancel · tab next field"), classes="form-keys")

    def on_mount(self) -> None:
        first = "#lead-search" if self.lead_id is None else "#outcome"
        self.query_one(first).focus()
        tz = self.setup.clock.tz
        self.offer_kept_draft(self.setup.drafts, form_lead_label=self.lead_label if self.lead_id is not None else "",
                              describe_time=lambda at: weekday_day_month_time(at, tz))

    # Reading the fields -----------------------------------------------------------

    def _chosen_lead(self) -> int | None:
        if self.lead_id is not None:
            return self.lead_id
        return self.query_one(LeadPicker).lead_id

    def read(self) -> tuple[Any | None, dict[str, str]]:
        """(the draft, {}) when every field reads and the core's check passes; else (None, errors)."""
        errors: dict[str, str] = {}
        lead_id = self._chosen_lead()
        if lead_id is None:
            errors["lead"] = _("Choose the lead the call was with.")
        outcome = self.query_one("#outcome", Select).value
        if outcome is Select.NULL:
            errors["outcome"] = _("Choose the call's outcome.")
        duration_text = self.query_one("#duration", Input).value
        duration: int | None = None
        if not duration_text.strip():
            errors["duration_seconds"] = _("Give the call's duration (0 when nobody answered).")
        else:
            try:
                duration = parse_duration(duration_text)
            except ValueError as error:
                errors["duration_seconds"] = str(error)
        when, problem = self.query_one(WhenField).read()
        if problem is not None:
            errors["next_callback_at"] = problem
        values = CallFormValues(
            lead_id=lead_id or 0,
            direction=str(self.query_one("#direction", Select).value),
            outcome="" if outcome is Select.NULL else str(outcome),
            duration_seconds=duration or 0,
            notes=self.query_one("#notes", TextArea).text,
            objections=self.query_one(ObjectionChecklist).values(),
            next_callback_at=when,
            no_next_step_reason=self.query_one("#no-next-step", Input).value,
            fulfils_callback_id=self.fulfils_callback_id,
        )
        draft = self.setup.build_draft(values)
        # The core's rules speak about every field; the form's own reading wins where both speak.
        errors = {**dict(self.setup.check(draft)), **errors}
        return (None if errors else draft), errors

    @property
    def is_filled(self) -> bool:
        """Whether anything was typed or chosen that would be lost on closing."""
        picker = self.query_one(LeadPicker) if self.lead_id is None else None
        return any((
            picker is not None and (picker.query_text.strip() or picker.lead_id is not None),
            self.query_one("#outcome", Select).value is not Select.NULL,
            self.query_one("#duration", Input).value.strip(),
            self.query_one("#notes", TextArea).text.strip(),
            self.query_one(ObjectionChecklist).values(),
            not self.query_one(WhenField).is_empty,
            self.query_one("#no-next-step", Input).value.strip(),
        ))

    # Live validation ----------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    def _field_changed(self, event) -> None:
        widget_id = getattr(event.control, "id", None) or ""
        touched = {
            "outcome": ("outcome", "next_callback_at"), "duration": ("duration_seconds",),
            "next-callback": ("next_callback_at",), "no-next-step": ("next_callback_at",),
        }.get(widget_id, ())
        if widget_id.startswith(("raised-", "handled-", "answer-")):
            touched = ("objections",)
        self._touched.update(touched)
        self._show_errors(self.read()[1])
        self.draft_changed()

    @on(LeadPicker.SearchRequested)
    def _search(self, event: LeadPicker.SearchRequested) -> None:
        if self.setup.find_leads is None:
            return
        picker = event.picker
        self.call_in_thread(self.setup.find_leads, event.query, then=picker.show_matches, group="search",
                            exclusive=True)

    @on(LeadPicker.Picked)
    def _picked(self, event: LeadPicker.Picked) -> None:
        self._touched.add("lead")
        self._show_errors(self.read()[1])
        self.draft_changed()

    def _show_errors(self, errors: Mapping[str, str]) -> None:
        lines: dict[str, list[str]] = {line: [] for line in (*_ERROR_LINES.values(), "error-form")}
        shown_by_field = self.query_one(WhenField).problem  # already under the time field itself
        for field, message in errors.items():
            if not (self._show_all or field in self._touched) or message == shown_by_field:
                continue
            lines[_ERROR_LINES.get(field, "error-form")].append(message)
        for line_id, messages in lines.items():
            _set_error(self.query_one(f"#{line_id}", Static), " ".join(dict.fromkeys(messages)))

    # Saving and closing -----------------------------------------------------------------

    def action_save(self) -> None:
        if self._saving:
            return
        self._show_all = True
        draft, errors = self.read()
        self._show_errors(errors)
        if draft is None or errors:
            self.notify(_("The call is not saved yet: see the messages in red."), severity="warning")
            return
        if self.setup.save is None:
            self.drop_draft()
            self.dismiss(draft)
            return
        self._saving = True
        self.call_in_thread(self.setup.save, draft, then=self._saved, failed=self._save_failed, group="save")

    def _saved(self, result: Any) -> None:
        self._saving = False
        self.drop_draft()
        self.dismiss(result)

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        field_errors = getattr(error, "errors", None)
        if isinstance(field_errors, dict):
            self._show_errors_from_service(field_errors)
        else:
            _set_error(self.query_one("#error-form", Static), readable_error(error))
        self.notify(readable_error(error), title=_("Not saved"), severity="error", timeout=8)

    def _show_errors_from_service(self, errors: Mapping[str, str]) -> None:
        self._show_all = True
        self._show_errors(errors)

    def action_cancel(self) -> None:
        if not self.is_filled:
            self.drop_draft()
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.drop_draft()
                self.dismiss(None)

        self.app.push_screen(DiscardChanges(), answered)


    # The draft kept on disk ----------------------------------------------------------------

    def current_draft(self) -> CallFormDraft:
        """Every field as typed, for `KeepsDraft` to write."""
        picker = self.query_one(LeadPicker) if self.lead_id is None else None
        outcome = self.query_one("#outcome", Select).value
        return CallFormDraft(
            lead_id=self._chosen_lead(),
            lead_label=picker.lead_label if picker is not None else self.lead_label,
            direction=str(self.query_one("#direction", Select).value),
            outcome="" if outcome is Select.NULL else str(outcome),
            duration=self.query_one("#duration", Input).value,
            notes=self.query_one("#notes", TextArea).text,
            objections=self.query_one(ObjectionChecklist).values(),
            next_call=self.query_one(WhenField).text,
            no_next_step=self.query_one("#no-next-step", Input).value,
            saved_at=self.setup.clock.now(),
        )

    def apply_draft(self, draft: CallFormDraft) -> None:
        """Fill the form from a kept draft, switching to its lead when it names another one."""
        if draft.lead_id is not None and draft.lead_id != self._chosen_lead():
            if self.lead_id is None:
                self.query_one(LeadPicker).choose(draft.lead_id, draft.lead_label)
            else:
                self.lead_id, self.lead_label = draft.lead_id, draft.lead_label
                self.query_one("#lead-label", Static).update(Content(draft.lead_label))
                if self.fulfils_callback_id is not None:  # that callback belongs to the other lead
                    self.fulfils_callback_id = None
                    self.query_one("#fulfils-hint", Static).display = False
        if draft.direction in ("out", "in"):
            self.query_one("#direction", Select).value = draft.direction
        outcome = self.query_one("#outcome", Select)
        if draft.outcome in {key for key, _label in self.setup.outcomes}:
            outcome.value = draft.outcome
        self.query_one("#duration", Input).value = draft.duration
        self.query_one("#notes", TextArea).text = draft.notes
        self.query_one(ObjectionChecklist).set_values(draft.objections)
        self.query_one("#next-callback", Input).value = draft.next_call
        self.query_one("#no-next-step", Input).value = draft.no_next_step
        self.notify(_("The unsaved call is back in the form."), title=_("Restored"))


def _error_line(line_id: str) -> Static:
    line = Static("", id=line_id, classes="field-error")
    line.display = False
    return line


def _set_error(line: Static, message: str) -> None:
    line.update(Content(message))
    line.display = bool(message)
