"""The "Log a call" form: who, how it went, objections, and the next step, checked as you type.

The keys are few: the outcome takes a digit or its first letter, objections a number or first
letters (`ObjectionChecklist`), and a call with a lead that has a callback due or overdue settles
it unless ctrl+o leaves it open. After a refused save the cursor goes to the first field with
an error. The form never touches the store. The flow that opens it hands in a `CallFormSetup`: the
outcomes, the objection catalog, how to build the service's draft and check it (the service's
own `validate_call`), and, as plain callables run in this screen's thread workers, the lead
search and the save (both already bound to the logged-in user). A failed save keeps the form open with everything typed and says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ...i18n import _
from ...l10n import weekday_day_month_time
from ..drafts import CallFormDraft, KeepsDraft
from ..widgets.campaign_outcome_field import CampaignOutcomeField, CampaignTaskLike
from ..widgets.lead_picker import LeadPicker
from ..widgets.objection_checklist import ObjectionChecklist
from ..widgets.quick_select import QuickSelect
from ..widgets.reminder_outcome import ReminderOutcomeField
from ..widgets.state_checkbox import StateCheckbox
from ..widgets.thread_calls import ThreadCalls, readable_error
from ..widgets.when_field import WhenField
from .call_form_parts import (
    ERROR_LINES,
    FOCUS_ORDER,
    CallFormSetup,
    CallFormValues,
    DiscardChanges,
    error_line,
    format_duration,
    parse_duration,
    set_error,
)
from .log_call_settles import SettlesCallback

__all__ = ["CallFormSetup", "CallFormValues", "DiscardChanges", "LogCallForm", "format_duration", "parse_duration"]

class LogCallForm(SettlesCallback, KeepsDraft, ThreadCalls, ModalScreen[Any]):
    """Log a call; dismisses with the saved result (or the draft when no save was handed in), or None.

    With ``setup.drafts`` the unsaved content is kept on disk and offered back next time (`KeepsDraft`).
    """

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="log_call.save", tooltip=_("Check and save the call"), priority=True),
        Binding("escape", "cancel", _("Cancel"), id="log_call.cancel", tooltip=_("Close (asks if something was typed)")),
        Binding("ctrl+o", "toggle_settles", _("Leave open"), id="log_call.leave_open", priority=True,
                tooltip=_("Leave the due callback open (or settle it again)")),
    ]

    def __init__(
        self,
        setup: CallFormSetup,
        *,
        lead_id: int | None = None,
        lead_label: str = "",
        fulfils_callback_id: int | None = None,
        fulfils_text: str = "",
        campaign_task: CampaignTaskLike | None = None,
    ) -> None:
        super().__init__()
        self.setup = setup
        self.lead_id = lead_id
        self.lead_label = lead_label
        self.fulfils_callback_id = fulfils_callback_id
        self.fulfils_text = fulfils_text
        self.campaign_task = campaign_task
        self._touched: set[str] = set()
        self._show_all = False
        self.reminder_outcome = None
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="log-call-box", classes="form-box"):
            yield Static(_("Log a call"), classes="title")
            settles = StateCheckbox(self._settles_label(), value=True, compact=True, id="settles")
            settles.display = self.fulfils_callback_id is not None
            yield settles
            with VerticalScroll(classes="form-body"):
                with Horizontal(classes="form-row"):
                    yield Label(_("Lead"), classes="form-label")
                    with Vertical(classes="form-field"):
                        if self.lead_id is None:
                            yield LeadPicker(input_id="lead-search", id="lead-picker")
                        else:
                            yield Static(Content(self.lead_label), id="lead-label", classes="form-value")
                        yield error_line("error-lead")
                with Horizontal(classes="form-row"):
                    yield Label(_("Call"), classes="form-label")
                    with Vertical(classes="form-field"):
                        with Horizontal(classes="form-inline"):
                            yield Select([(_("outgoing"), "out"), (_("incoming"), "in")], value="out",
                                         allow_blank=False, compact=True, id="direction")
                            yield QuickSelect([(label, key) for key, label in self.setup.outcomes],
                                              prompt=_("outcome… (a letter)"), compact=True, id="outcome")
                            yield Label(_("Duration"), classes="inline-label")
                            yield Input(placeholder=_("m:ss or minutes"), compact=True, id="duration")
                        yield error_line("error-outcome")
                        yield error_line("error-duration")
                        yield ReminderOutcomeField(id="reminder-field")
                        yield error_line("error-reminder")
                if self.campaign_task is not None:
                    with Horizontal(classes="form-row"):
                        yield Label(_("Campaign"), classes="form-label")
                        yield CampaignOutcomeField(self.campaign_task, self.setup.campaign_outcomes,
                                                   classes="form-field")
                with Horizontal(classes="form-row"):
                    yield Label(_("Notes"), classes="form-label")
                    with Vertical(classes="form-field"):
                        yield TextArea(id="notes", tab_behavior="focus", compact=True)
                with Horizontal(classes="form-row"):
                    yield Label(_("Objections"), classes="form-label")
                    with Vertical(classes="form-field"):
                        yield ObjectionChecklist(self.setup.objection_catalog, id="objections")
                        yield error_line("error-objections")
                with Horizontal(classes="form-row"):
                    yield Label(_("Next call"), classes="form-label")
                    with Vertical(classes="form-field"):
                        yield WhenField(self.setup.clock, hours=self.setup.working_hours, input_id="next-callback",
                                        id="next-field")
                        yield Input(placeholder=_("…or why there is no next step"), compact=True, id="no-next-step")
                        yield error_line("error-next")
            yield error_line("error-form")
            yield Static(_("ctrl+s save · esc cancel · tab next field"), classes="form-keys")

    def on_mount(self) -> None:
        first = "#lead-search" if self.lead_id is None else "#outcome"
        self.query_one(first).focus()
        if self.lead_id is not None and self.fulfils_callback_id is None:
            self._find_callback_to_settle(self.lead_id)
        if self.lead_id is not None:
            self._find_reminder(self.lead_id)
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
            fulfils_callback_id=self.fulfils_callback_id if self.query_one("#settles", Checkbox).value else None,
            campaign=self.query_one(CampaignOutcomeField).value() if self.campaign_task is not None else None,
        )
        if self._show_all and self.query_one(WhenField).needs_decision:
            errors.setdefault("next_callback_at", _("That time is outside working hours: take the offered slot "
                                                    "(ctrl+t) or press enter in it to keep it."))
        self.reminder_outcome, reminder_errors = self.query_one(ReminderOutcomeField).read()
        errors.update(reminder_errors)
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
            self.campaign_task is not None and self.query_one(CampaignOutcomeField).is_filled,
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
            "reminder-outcome": ("reminder",), "promise-amount": ("reminder",), "promise-day": ("reminder",),
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
        lead_id = self._chosen_lead()
        if lead_id is not None:
            self._find_callback_to_settle(lead_id)
            self._find_reminder(lead_id)
        self._show_errors(self.read()[1])
        self.draft_changed()

    def _show_errors(self, errors: Mapping[str, str]) -> None:
        lines: dict[str, list[str]] = {line: [] for line in (*ERROR_LINES.values(), "error-form")}
        shown_by_field = self.query_one(WhenField).problem  # already under the time field itself
        for field, message in errors.items():
            if not (self._show_all or field in self._touched) or message == shown_by_field:
                continue
            lines[ERROR_LINES.get(field, "error-form")].append(message)
        for line_id, messages in lines.items():
            set_error(self.query_one(f"#{line_id}", Static), " ".join(dict.fromkeys(messages)))

    # Saving and closing -----------------------------------------------------------------

    def action_save(self) -> None:
        if self._saving:
            return
        self._show_all = True
        draft, errors = self.read()
        self._show_errors(errors)
        if draft is None or errors:
            self.focus_first_error(errors)
            self.notify(_("The call is not saved yet: see the messages in red."), severity="warning")
            return
        if self.setup.save is None:
            self.drop_draft()
            self.dismiss(draft)
            return
        self._saving = True
        with_reminder = self.reminder_outcome is not None and self.setup.save_with_reminder is not None
        save, args = (self.setup.save_with_reminder, (draft, self.reminder_outcome)) if with_reminder else (self.setup.save, (draft,))
        self.call_in_thread(save, *args, then=self._saved, failed=self._save_failed, group="save")

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
            set_error(self.query_one("#error-form", Static), readable_error(error))
        self.notify(readable_error(error), title=_("Not saved"), severity="error", timeout=8)

    def _show_errors_from_service(self, errors: Mapping[str, str]) -> None:
        self._show_all = True
        self._show_errors(errors)
        self.focus_first_error(errors)

    def focus_first_error(self, errors: Mapping[str, str]) -> None:
        """Put the cursor in the first field (in the form's order) that has an error."""
        for field, selector in FOCUS_ORDER:
            if field not in errors:
                continue
            if field == "objections":
                self.query_one(ObjectionChecklist).focus_problem()
                return
            if field == "next_callback_at" and self.query_one(WhenField).needs_decision:
                self.query_one(WhenField).warn()
                return
            if field == "lead" and self.lead_id is not None:
                continue
            if field == "fulfils_callback_id":
                self.query_one("#settles", Checkbox).display = True
            if selector is not None:
                self.query_one(selector).focus()
                return

    def _find_reminder(self, lead_id: int) -> None:
        """Show the reminder call the lead's client owes today, if any (its outcome is then asked)."""
        if self.setup.find_reminder is not None:
            self.call_in_thread(self.setup.find_reminder, lead_id, then=self.query_one(ReminderOutcomeField).show_task,
                                group="reminder", exclusive=True)

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
                self._show_callback_to_settle(draft.lead_id, None)  # the shown one belongs to the other lead
                self._find_callback_to_settle(draft.lead_id)
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
