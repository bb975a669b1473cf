"""What the money forms share: reading a typed day and a typed amount, in words when wrong, and
submitting a form that reads its draft or says why it cannot."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from typing import Any

from textual.content import Content
from textual.widgets import Static

from ...domain.money import MoneyError, parse_decimal
from ...i18n import _

#: Every money form is a centred box over the screen (the same look as `styles/forms.tcss`).
MONEY_FORM_CSS = """
ClientForm, ContractForm, PromiseForm {
    align: center middle;
    background: $background 60%;
}
"""


def read_day(text: str, what: str) -> date:
    """'2026-12-07' or '07.12.2026' as a date; a ValueError naming ``what`` otherwise."""
    raw = text.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("{what}: {text!r} is not a date (2026-12-07 or 07.12.2026).").format(what=what, text=raw))


def read_amount(text: str, what: str) -> Decimal:
    """'12 345,67' or '12,345.67' as a positive Decimal; a ValueError naming ``what`` otherwise."""
    try:
        amount = parse_decimal(text)
    except MoneyError:
        raise ValueError(_("{what}: {text!r} is not an amount.").format(what=what, text=text.strip())) from None
    if amount <= 0:
        raise ValueError(_("{what} must be more than zero.").format(what=what))
    return amount


class SubmitsDraft:
    """A modal form whose `read()` gives its draft or raises ValueError in words: `action_submit`
    shows the words in the ``#{ERROR_ID}`` line and keeps the form, or closes it with the draft."""

    ERROR_ID: str

    def read(self) -> Any:
        raise NotImplementedError

    def action_submit(self) -> None:
        try:
            draft = self.read()
        except ValueError as problem:
            error = self.query_one(f"#{self.ERROR_ID}", Static)  # type: ignore[attr-defined]
            error.update(Content(str(problem)))
            error.display = True
            return
        self.dismiss(draft)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        self.dismiss(None)  # type: ignore[attr-defined]
