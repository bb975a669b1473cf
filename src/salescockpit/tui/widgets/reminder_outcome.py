"""The reminder call's outcome in the call form: the debt in front of the caller, and what the call gave.

Shown only when the call is with a client who owes a reminder call today (the flow finds the task
for the lead): "Reminder +7: a call by the manager · ООО Ромашка owes ₽30,000.00 (№ 2026-041),
overdue 8 days". The outcome is one key (a digit or a first letter); a promise also takes the
amount and the day. The form reads it with `read()`; the flow saves the call and the outcome in
one service call. Never touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Select, Static

from ...domain.reminder_ladder import REMINDER_OUTCOMES, LadderStep, outcome_label
from ...i18n import _, ngettext
from ...l10n import money
from ..modals.money_fields import read_amount, read_day
from .quick_select import QuickSelect


class ReminderLike(Protocol):
    """A `store.queries.reminders.ReminderForCall` with its amount as a Decimal."""

    task_id: int
    client_name: str
    contract_number: str
    step: LadderStep
    outstanding: Decimal
    currency: str
    days_overdue: int


@dataclass(frozen=True)
class ReminderOutcome:
    task_id: int
    outcome: str
    promised_amount: Decimal | None = None
    promised_for: date | None = None


def debt_text(task: ReminderLike) -> str:
    owed = money(task.outstanding, task.currency)
    text = _("Reminder {step} · {client} owes {amount} (№ {contract})").format(
        step=task.step.describe(), client=task.client_name, amount=owed, contract=task.contract_number)
    if task.days_overdue:
        text += ", " + ngettext("overdue {days} day", "overdue {days} days", task.days_overdue).format(
            days=task.days_overdue)
    return text


class ReminderOutcomeField(Vertical):
    """Hidden until `show_task`; then the debt line, the outcome and, for a promise, amount and day."""

    DEFAULT_CSS = """
    ReminderOutcomeField { height: auto; }
    ReminderOutcomeField #reminder-debt { color: $warning; text-style: bold; }
    ReminderOutcomeField #promise-amount, ReminderOutcomeField #promise-day { width: 16; margin-left: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reminder: ReminderLike | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="reminder-debt")
        with Horizontal(classes="form-inline"):
            yield QuickSelect([(outcome_label(key), key) for key in REMINDER_OUTCOMES],
                              prompt=_("what the call gave… (a letter)"), compact=True, id="reminder-outcome")
            yield Input(placeholder=_("amount"), compact=True, id="promise-amount")
            yield Input(placeholder=_("by 2026-12-07"), compact=True, id="promise-day")

    def on_mount(self) -> None:
        self.display = False
        self._show_promise_fields(False)

    def show_task(self, task: ReminderLike | None) -> None:
        self.reminder = task
        self.display = task is not None
        if task is not None:
            self.query_one("#reminder-debt", Static).update(Content(debt_text(task)))

    def _show_promise_fields(self, shown: bool) -> None:
        for selector in ("#promise-amount", "#promise-day"):
            self.query_one(selector, Input).display = shown

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "reminder-outcome":
            self._show_promise_fields(event.value == "promise")

    def read(self) -> tuple[ReminderOutcome | None, dict[str, str]]:
        """(the outcome, {}); (None, {}) when there is no task or no outcome chosen (the task stays open:
        nobody answered); (None, {"reminder": why}) when a promise lacks its amount or day."""
        choice = self.query_one("#reminder-outcome", Select).value
        if self.reminder is None or choice is Select.NULL:
            return None, {}
        if choice != "promise":
            return ReminderOutcome(self.reminder.task_id, str(choice)), {}
        try:
            amount = read_amount(self.query_one("#promise-amount", Input).value, _("The promised amount"))
            day = read_day(self.query_one("#promise-day", Input).value, _("The promised day"))
        except ValueError as error:
            return None, {"reminder": str(error)}
        return ReminderOutcome(self.reminder.task_id, "promise", amount, day), {}
