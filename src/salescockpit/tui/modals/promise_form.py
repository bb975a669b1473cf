"""A promise to pay, logged from a call with a client: the day, the amount, the instalment.

Returns a `PromiseDraft` (payments settle it as kept or broken); touches no database.
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

from ...i18n import _
from ...l10n import day_month, money
from .money_fields import MONEY_FORM_CSS, SubmitsDraft, read_amount, read_day


@dataclass(frozen=True)
class InstalmentChoice:
    """An open instalment as the form offers it."""

    id: int
    contract_number: str
    due: date
    outstanding: Decimal
    currency: str = "RUB"


@dataclass(frozen=True)
class PromiseDraft:
    instalment_id: int
    promised_for: date
    amount: Decimal


class PromiseForm(SubmitsDraft, ModalScreen[PromiseDraft | None]):
    """Instalment (the oldest open one first), day and amount (what it still owes, by default)."""

    ERROR_ID = "promise-error"
    CSS_PATH = "../styles/forms.tcss"
    DEFAULT_CSS = MONEY_FORM_CSS
    BINDINGS = [
        Binding("ctrl+s", "submit", _("Save"), id="promise_form.save", tooltip=_("Log the promise to pay"),
                priority=True),
        Binding("escape", "cancel", _("Cancel"), id="promise_form.cancel", tooltip=_("Close without saving")),
    ]

    def __init__(self, client_name: str, instalments: Sequence[InstalmentChoice], today: date) -> None:
        super().__init__()
        self.client_name = client_name
        self.instalments = list(instalments)
        self.today = today

    def compose(self) -> ComposeResult:
        first = self.instalments[0] if self.instalments else None
        options = [
            (f"№ {item.contract_number} · {day_month(item.due)} · {money(item.outstanding, item.currency)}", item.id)
            for item in self.instalments
        ]
        with Vertical(classes="form-box medium"):
            yield Static(Content(_("Promise to pay: {client}").format(client=self.client_name)), classes="title")
            with Horizontal(classes="form-row"):
                yield Label(_("Instalment"), classes="form-label")
                yield Select(options, allow_blank=first is None, compact=True, id="promise-instalment",
                             value=first.id if first else Select.NULL)
            with Horizontal(classes="form-row"):
                yield Label(_("Pays on"), classes="form-label")
                yield Input(self.today.isoformat(), compact=True, id="promise-day")
            with Horizontal(classes="form-row"):
                yield Label(_("Amount"), classes="form-label")
                yield Input(str(first.outstanding) if first else "", compact=True, id="promise-amount")
            yield Static("", id="promise-error", classes="field-error")
            yield Static(_("ctrl+s save · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#promise-error").display = False
        self.query_one("#promise-day", Input).focus()

    def read(self) -> PromiseDraft:
        chosen = self.query_one("#promise-instalment", Select).value
        if chosen is Select.NULL:
            raise ValueError(_("The client has no open instalment to promise for."))
        day = read_day(self.query_one("#promise-day", Input).value, _("Pays on"))
        if day < self.today:
            raise ValueError(_("A promise to pay is for today or a later day."))
        amount = read_amount(self.query_one("#promise-amount", Input).value, _("Amount"))
        return PromiseDraft(int(chosen), day, amount)
