"""A manager's monthly plan in money: the manager, the month (YYYY-MM) and the amount.

Returns a `PlanDraft` (the Reports screen saves it with `services.plans.set_plan`); touches no
database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from ...domain.plans import MonthError, month_text, parse_month
from ...i18n import _
from .money_fields import MONEY_FORM_CSS, SubmitsDraft, read_amount


@dataclass(frozen=True)
class PlanDraft:
    login: str
    month_start: date
    amount: Decimal


class PlanForm(SubmitsDraft, ModalScreen[PlanDraft | None]):
    """Manager, month (this month by default) and the amount to collect in it."""

    ERROR_ID = "plan-error"
    CSS_PATH = "../styles/forms.tcss"
    DEFAULT_CSS = MONEY_FORM_CSS + "PlanForm { align: center middle; background: $background 60%; }"
    BINDINGS = [
        Binding("ctrl+s", "submit", _("Save"), id="plan_form.save", tooltip=_("Save the plan"), priority=True),
        Binding("escape", "cancel", _("Cancel"), id="plan_form.cancel", tooltip=_("Close without saving")),
    ]

    def __init__(self, managers: Sequence[tuple[str, str]], month_start: date, currency: str) -> None:
        super().__init__()
        self.managers = list(managers)  # (login, name)
        self.month_start = month_start
        self.currency = currency

    def compose(self) -> ComposeResult:
        options = [(name or login, login) for login, name in self.managers]
        with Vertical(classes="form-box medium"):
            yield Static(Content(_("Monthly plan ({currency})").format(currency=self.currency)), classes="title")
            with Horizontal(classes="form-row"):
                yield Label(_("Manager"), classes="form-label")
                yield Select(options, allow_blank=not options, compact=True, id="plan-manager",
                             value=options[0][1] if options else Select.NULL)
            with Horizontal(classes="form-row"):
                yield Label(_("Month"), classes="form-label")
                yield Input(month_text(self.month_start), compact=True, id="plan-month")
            with Horizontal(classes="form-row"):
                yield Label(_("Amount"), classes="form-label")
                yield Input("", placeholder="500 000,00", compact=True, id="plan-amount")
            yield Static("", id="plan-error", classes="field-error")
            yield Static(_("ctrl+s save · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#plan-error").display = False
        self.query_one("#plan-amount", Input).focus()

    def read(self) -> PlanDraft:
        login = self.query_one("#plan-manager", Select).value
        if login is Select.NULL:
            raise ValueError(_("There is no active manager to plan for."))
        text = self.query_one("#plan-month", Input).value
        try:
            month_start = parse_month(text)
        except MonthError:
            raise ValueError(_("{text!r} is not a month; use YYYY-MM.").format(text=text.strip())) from None
        amount = read_amount(self.query_one("#plan-amount", Input).value, _("Amount"))
        return PlanDraft(str(login), month_start, amount)
