"""Edit a lead's contact details, deal value and BANT answers.

Returns only the fields that changed, as keyword arguments for `services.leads.update_lead`.
Phone and e-mail are checked with the same rules the service uses (`domain.contacts`), so a
typo is caught in words before saving.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from ...domain.contacts import normalize_email, normalize_phone
from ...i18n import N_, _
from .gate_prompt import BANT_QUESTIONS

#: Text fields of the form: (field, label, placeholder).
TEXT_FIELDS = (
    ("name", N_("Name"), N_("person or company name (required)")),
    ("company", N_("Company"), ""),
    ("phone", N_("Phone"), "+7 495 123-45-67"),
    ("email", N_("E-mail"), "name@example.com"),
    ("source", N_("Source"), N_("e.g. referral, webinar")),
    ("value", N_("Deal value"), N_("whole amount")),
)


class EditLeadForm(ModalScreen[dict[str, Any] | None]):
    """Contact fields, value and BANT of one lead; dismisses with {field: new value} of what changed."""

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", _("Save"), id="edit_lead.save", tooltip=_("Save the changes"), priority=True),
        Binding("escape", "cancel", _("Cancel"), id="edit_lead.cancel", tooltip=_("Close without saving")),
    ]

    def __init__(self, current: Mapping[str, Any], *, phone_region: str = "RU") -> None:
        super().__init__()
        self.current = dict(current)
        self.phone_region = phone_region

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-lead-box", classes="form-box medium"):
            yield Static(Content(_("Edit lead: {name}").format(name=self.current.get("name", ""))), classes="title")
            with VerticalScroll(classes="form-body"):
                for field, label, placeholder in TEXT_FIELDS:
                    value = self.current.get(field)
                    with Horizontal(classes="form-row"):
                        yield Label(_(label), classes="form-label")
                        yield Input("" if value is None else str(value), placeholder=_(placeholder) if placeholder else "",
                                    compact=True, id=f"edit-{field}")
                for key, label in BANT_QUESTIONS:
                    known = self.current.get(f"bant_{key}")
                    with Horizontal(classes="form-row"):
                        yield Label(_(label), classes="form-label wide")
                        yield Select([(_("yes"), "yes"), (_("no"), "no")], prompt=_("unknown"), compact=True,
                                     value=Select.NULL if known is None else ("yes" if known else "no"),
                                     id=f"edit-bant_{key}")
            yield Static("", id="edit-error", classes="field-error")
            yield Static(_("ctrl+s save · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#edit-error").display = False
        self.query_one("#edit-name", Input).focus()

    def read(self) -> tuple[dict[str, Any] | None, str]:
        """({field: value} of the changes, "") when valid; (None, the problem in words) otherwise."""
        values: dict[str, Any] = {}
        for field, _label, _placeholder in TEXT_FIELDS:
            values[field] = self.query_one(f"#edit-{field}", Input).value.strip()
        if not values["name"]:
            return None, _("The lead needs a name.")
        for field in ("phone", "email"):
            values[field] = values[field] or None
        if values["phone"] and normalize_phone(values["phone"], self.phone_region) is None:
            return None, _("{phone!r} is not a valid phone number.").format(phone=values["phone"])
        if values["email"] and normalize_email(values["email"]) is None:
            return None, _("{email!r} is not a valid e-mail address.").format(email=values["email"])
        value_text = "".join(values["value"].split())  # "710 000" as typed or as shown (any space)
        if value_text and not value_text.isdigit():
            return None, _("The deal value must be a whole amount (digits only).")
        values["value"] = int(value_text) if value_text else None
        for key, _label in BANT_QUESTIONS:
            answer = self.query_one(f"#edit-bant_{key}", Select).value
            values[f"bant_{key}"] = None if answer is Select.NULL else answer == "yes"
        changes = {field: value for field, value in values.items() if _differs(self.current.get(field), value)}
        return changes, ""

    def action_submit(self) -> None:
        changes, problem = self.read()
        error = self.query_one("#edit-error", Static)
        error.update(Content(problem))
        error.display = bool(problem)
        if changes is not None:
            self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, str) or isinstance(new, str):
        return (old or "") != (new or "")
    return old != new
