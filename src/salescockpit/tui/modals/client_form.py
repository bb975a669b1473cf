"""A client's card: the company's name, INN, KPP and contacts (carried over from the won lead).

Returns a `ClientDraft` for `services` to save; touches no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ...domain.contacts import normalize_email, normalize_phone
from ...i18n import N_, _
from .money_fields import MONEY_FORM_CSS, SubmitsDraft

FIELDS = (
    ("name", N_("Company"), N_("name as in the contract (required)")),
    ("inn", N_("INN"), N_("10 or 12 digits")),
    ("kpp", N_("KPP"), N_("9 digits, optional")),
    ("phone", N_("Phone"), "+7 495 123-45-67"),
    ("email", N_("E-mail"), "name@example.com"),
)


@dataclass(frozen=True)
class ClientDraft:
    name: str
    inn: str
    kpp: str | None = None
    phone: str | None = None
    email: str | None = None


def check_client(values: Mapping[str, str], phone_region: str = "RU") -> ClientDraft:
    """The typed fields as a draft, or a ValueError saying in words what is wrong."""
    name = values.get("name", "").strip()
    inn = "".join(values.get("inn", "").split())
    kpp = "".join(values.get("kpp", "").split()) or None
    phone = values.get("phone", "").strip() or None
    email = values.get("email", "").strip() or None
    if not name:
        raise ValueError(_("The client needs a name."))
    if not (inn.isdigit() and len(inn) in (10, 12)):
        raise ValueError(_("The INN has 10 digits (a company) or 12 (a sole trader)."))
    if kpp is not None and not (kpp.isdigit() and len(kpp) == 9):
        raise ValueError(_("The KPP has 9 digits."))
    if phone and normalize_phone(phone, phone_region) is None:
        raise ValueError(_("{phone!r} is not a valid phone number.").format(phone=phone))
    if email and normalize_email(email) is None:
        raise ValueError(_("{email!r} is not a valid e-mail address.").format(email=email))
    return ClientDraft(name, inn, kpp, phone, email)


class ClientForm(SubmitsDraft, ModalScreen[ClientDraft | None]):
    """Name, INN, KPP, phone, e-mail; dismisses with a `ClientDraft` or None."""

    ERROR_ID = "client-error"
    CSS_PATH = "../styles/forms.tcss"
    DEFAULT_CSS = MONEY_FORM_CSS
    BINDINGS = [
        Binding("ctrl+s", "submit", _("Save"), id="client_form.save", tooltip=_("Save the client"), priority=True),
        Binding("escape", "cancel", _("Cancel"), id="client_form.cancel", tooltip=_("Close without saving")),
    ]

    def __init__(self, current: Mapping[str, Any] | None = None, *, phone_region: str = "RU") -> None:
        super().__init__()
        self.current = dict(current or {})
        self.phone_region = phone_region

    def compose(self) -> ComposeResult:
        with Vertical(classes="form-box medium"):
            yield Static(_("Client"), classes="title")
            for field, label, placeholder in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(_(label), classes="form-label")
                    yield Input(str(self.current.get(field) or ""), placeholder=_(placeholder), compact=True,
                                id=f"client-{field}")
            yield Static("", id="client-error", classes="field-error")
            yield Static(_("ctrl+s save · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#client-error").display = False
        self.query_one("#client-name", Input).focus()

    def read(self) -> ClientDraft:
        values = {field: self.query_one(f"#client-{field}", Input).value for field, _l, _p in FIELDS}
        return check_client(values, self.phone_region)
