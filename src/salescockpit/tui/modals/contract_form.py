"""A contract and its payment schedule: an even split over N months in one key, then each
instalment editable. The instalments must add up to the total exactly; the error names the
difference. Returns a `ContractDraft`; touches no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...domain.money import DEFAULT_CURRENCY, MoneyError, check_currency, from_minor, monthly_schedule, to_minor
from ...i18n import N_, _
from ...l10n import money
from .money_fields import MONEY_FORM_CSS, read_amount, read_day

HEAD_FIELDS = (
    ("number", N_("Number"), N_("unique, e.g. 2026-041")),
    ("signed", N_("Date"), "2026-12-07"),
    ("subject", N_("Subject"), ""),
    ("total", N_("Total"), "120 000,00"),
    ("currency", N_("Currency"), "RUB"),
    ("months", N_("Months"), N_("instalments, e.g. 3")),
    ("first_due", N_("First due"), "2027-01-07"),
)


@dataclass(frozen=True)
class ContractDraft:
    number: str
    signed_on: date
    subject: str
    currency: str
    total: Decimal
    instalments: tuple[tuple[date, Decimal], ...]


def schedule_difference_text(total: Decimal, amounts: list[Decimal], currency: str) -> str | None:
    """None when the instalments add up to the total, else the problem in words with the difference."""
    difference = sum(amounts, Decimal(0)) - total
    if difference == 0:
        return None
    sum_text, gap_text = money(sum(amounts, Decimal(0)), currency), money(abs(difference), currency)
    if difference > 0:
        return _("The instalments add up to {sum}: {difference} more than the total {total}.").format(
            sum=sum_text, difference=gap_text, total=money(total, currency))
    return _("The instalments add up to {sum}: {difference} less than the total {total}.").format(
        sum=sum_text, difference=gap_text, total=money(total, currency))


class ContractForm(ModalScreen[ContractDraft | None]):
    """Number, date, subject, total, currency; ctrl+e splits the total over N months into rows."""

    CSS_PATH = "../styles/forms.tcss"
    DEFAULT_CSS = MONEY_FORM_CSS + """
    ContractForm #contract-schedule { height: auto; max-height: 12; }
    ContractForm .instalment-row { height: 1; }
    ContractForm .instalment-row Input { width: 1fr; margin: 0 1 0 0; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", _("Save"), id="contract_form.save", tooltip=_("Save the contract"),
                priority=True),
        Binding("ctrl+e", "split", _("Split evenly"), id="contract_form.split",
                tooltip=_("Split the total evenly over the months, monthly from the first due date"), priority=True),
        Binding("escape", "cancel", _("Cancel"), id="contract_form.cancel", tooltip=_("Close without saving")),
    ]

    def __init__(self, client_name: str = "", *, today: date | None = None,
                 default_currency: str = DEFAULT_CURRENCY) -> None:
        super().__init__()
        self.client_name = client_name
        self.today = today
        self.default_currency = default_currency
        self.rows = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box medium"):
            yield Static(Content(_("New contract: {client}").format(client=self.client_name)), classes="title")
            defaults = {"currency": self.default_currency, "months": "1",
                        "signed": self.today.isoformat() if self.today else ""}
            for field, label, placeholder in HEAD_FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(_(label), classes="form-label")
                    yield Input(defaults.get(field, ""), placeholder=_(placeholder) if placeholder else "",
                                compact=True, id=f"contract-{field}")
            yield Static(_("Schedule (ctrl+e splits the total evenly)"), classes="form-label")
            yield VerticalScroll(id="contract-schedule")
            yield Static("", id="contract-error", classes="field-error")
            yield Static(_("ctrl+e split · ctrl+s save · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#contract-error").display = False
        self.query_one("#contract-number", Input).focus()

    def field(self, name: str) -> str:
        return self.query_one(f"#contract-{name}", Input).value.strip()

    def show_problem(self, problem: str) -> None:
        error = self.query_one("#contract-error", Static)
        error.update(Content(problem))
        error.display = bool(problem)

    async def action_split(self) -> None:
        try:
            currency = self.read_currency()
            total = read_amount(self.field("total"), _("Total"))
            months = self.field("months")
            if not (months.isdigit() and 1 <= int(months) <= 120):
                raise ValueError(_("Months: a whole number from 1 to 120."))
            first_due = read_day(self.field("first_due"), _("First due"))
            schedule = monthly_schedule(to_minor(total, currency), int(months), first_due)
        except (ValueError, MoneyError) as problem:
            self.show_problem(str(problem))
            return
        self.show_problem("")
        await self.set_schedule([(due, from_minor(minor, currency)) for due, minor in schedule])

    async def set_schedule(self, instalments: list[tuple[date, Decimal]]) -> None:
        """Replace the schedule rows with ``instalments`` (each stays editable)."""
        box = self.query_one("#contract-schedule", VerticalScroll)
        await box.remove_children()
        rows = []
        for index, (due, amount) in enumerate(instalments, start=1):
            rows.append(Horizontal(
                Label(f"{index:>2}.", classes="inline-label"),
                Input(due.isoformat(), compact=True, id=f"instalment-due-{index}"),
                Input(str(amount), compact=True, id=f"instalment-amount-{index}"),
                classes="instalment-row"))
        await box.mount_all(rows)
        self.rows = len(instalments)

    def read_currency(self) -> str:
        try:
            return check_currency(self.field("currency") or self.default_currency)
        except MoneyError:
            raise ValueError(_("Currency: an ISO 4217 code such as RUB.")) from None

    def read(self) -> ContractDraft:
        """The contract as typed, or a ValueError saying in words what is wrong."""
        number, subject = self.field("number"), self.field("subject")
        if not number:
            raise ValueError(_("The contract needs a number."))
        signed_on = read_day(self.field("signed"), _("Date"))
        currency = self.read_currency()
        total = read_amount(self.field("total"), _("Total"))
        if not self.rows:
            raise ValueError(_("The contract needs a schedule: ctrl+e splits the total evenly."))
        instalments = []
        for index in range(1, self.rows + 1):
            what = _("Instalment {number}").format(number=index)
            due = read_day(self.query_one(f"#instalment-due-{index}", Input).value, what)
            amount = read_amount(self.query_one(f"#instalment-amount-{index}", Input).value, what)
            instalments.append((due, amount))
        problem = schedule_difference_text(total, [amount for _due, amount in instalments], currency)
        if problem:
            raise ValueError(problem)
        return ContractDraft(number, signed_on, subject, currency, total, tuple(instalments))

    def action_submit(self) -> None:
        try:
            draft = self.read()
        except (ValueError, MoneyError) as problem:
            self.show_problem(str(problem))
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
