"""One import row -> a lead draft, or a reject with its line and a reason. No database here.

A row keeps everything a CRM's export holds on a lead: every phone and e-mail (the first of
each kind is the main one), the name from its parts or the title, the title as subject, the
creation and last-change dates (team timezone), stage with junk and lost reasons, money with
its currency, owner, tags, comment, position and the CRM's own id. `ImportRules`
(`lead_rules`) carries what a row is checked against. Any text in any cell gives a `LeadRow`
or a `Reject`, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from salescockpit.domain.contacts import Contact, has_control_characters, make_contact, unique_contacts
from salescockpit.i18n import _
from salescockpit.reports.safe_cells import FORMULA_STARTS
from salescockpit.services.errors import InvalidInput
from salescockpit.services.leads import MAX_VALUE, LeadDraft, clean_field

from .column_names import CONTACT_FIELDS
from .crm_values import ValueProblem, currency_code, parse_moment, parse_money
from .lead_columns import field_of
from .lead_rules import STAGE_SYNONYMS, ImportRules, UserRef, junk_reason, lost_reason
from .tabular import Row

__all__ = ["STAGE_SYNONYMS", "ImportRules", "LeadExtras", "LeadRow", "Reject", "UserRef", "parse_value",
           "read_lead_row", "unneutralise"]

#: The longest text each extra field keeps (the columns' sizes; the comment has no limit).
LIMITS = {"subject": 300, "tags": 500, "job_title": 200, "external_id": 100}


@dataclass(frozen=True)
class LeadExtras:
    """What a row holds beyond the draft (blank/None when the file has no such column)."""

    subject: str = ""
    tags: str = ""
    job_title: str = ""
    currency: str = ""
    comment: str = ""
    external_id: str | None = None
    created_at: datetime | None = None
    modified_at: datetime | None = None
    junk_reason: str | None = None  # set when the stage is the junk one: the lead is marked junk
    lost_reason: str | None = None


@dataclass(frozen=True)
class LeadRow:
    """A row that makes a lead: the draft with owner_id set, its contacts and what else it holds."""

    line: int
    cells: tuple[str, ...]
    draft: LeadDraft
    phone_norm: str | None
    email_norm: str | None
    contacts: tuple[Contact, ...] = ()
    extras: LeadExtras = LeadExtras()
    notes: tuple[str, ...] = ()  # said about the row, though it goes in (an owner given by the fallback)

    @property
    def keys(self) -> list[str]:
        """What finds this lead again: its CRM id and every phone and e-mail."""
        found = [f"id:{self.extras.external_id}"] if self.extras.external_id else []
        return found + [contact.norm for contact in self.contacts]


@dataclass(frozen=True)
class Reject:
    """A row that does not go in, and why (translated)."""

    line: int
    cells: tuple[str, ...]
    reason: str


def unneutralise(text: str) -> str:
    """Undo safe_cells' leading ``'`` on text that starts like a formula (our own exports)."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _whole(amount: Decimal | None, text: str) -> int | None:
    if amount is None:
        return None
    whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole > MAX_VALUE:
        raise ValueProblem(_("The amount {value} is too large.").format(value=text.strip()))
    return int(whole)


def parse_value(text: str) -> int | None:
    """"150 000", "1 500,50 ₽", "1,234.5" -> a whole amount (rounded); blank -> None."""
    amount, _currency = parse_money(text)
    return _whole(amount, text)


def _limited(field: str, text: str) -> str:
    limit = LIMITS.get(field)
    if limit is not None and len(text) > limit:
        raise ValueProblem(_("{field} is longer than {limit} characters.").format(field=field, limit=limit))
    if has_control_characters(text):
        raise ValueProblem(_("{field} holds control characters (such as NUL) that cannot be stored.").format(field=field))
    return text


def _contacts(cell, columns: Mapping[str, int], rules: ImportRules) -> tuple[Contact, ...]:
    """Every phone and e-mail of the row, in the file's column order (the first of each kind is the main one)."""
    found: list[Contact] = []
    for key in sorted((key for key in columns if field_of(key) in CONTACT_FIELDS), key=lambda key: columns[key]):
        kind, label = CONTACT_FIELDS[field_of(key)]
        text = cell(key)
        if not text:
            continue
        contact = make_contact(kind, label, text, rules.region)
        if contact is None:
            message = (_("{phone!r} is not a valid phone number.").format(phone=text) if kind == "phone"
                       else _("{email!r} is not a valid e-mail address.").format(email=text))
            raise ValueProblem(message)
        found.append(contact)
    return unique_contacts(found)


def _extras(cell, rules: ImportRules, stage: str, currency: str | None) -> LeadExtras:
    crm_id = _limited("external_id", cell("external_id"))
    reason = cell("lost_reason")
    junk = stage == rules.pipeline.disqualified_key
    return LeadExtras(
        subject=_limited("subject", cell("title")), tags=_limited("tags", cell("tags")),
        job_title=_limited("job_title", cell("job_title")), currency=currency or "",
        comment=_limited("comment", cell("comment")),
        external_id=f"{rules.system}:{crm_id}" if crm_id else None,
        created_at=parse_moment(cell("created"), rules.tz), modified_at=parse_moment(cell("modified"), rules.tz),
        junk_reason=(junk_reason(reason) or "not_a_real_lead") if junk else None,
        lost_reason=lost_reason(reason) if stage == rules.pipeline.lost_key else None,
    )


def read_lead_row(row: Row, columns: Mapping[str, int], rules: ImportRules) -> LeadRow | Reject:
    """The lead ``row`` describes, or why it cannot be imported."""

    def cell(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(row.cells):
            return ""
        return unneutralise(row.cells[index].strip())

    try:
        person = " ".join(part for part in (cell("name"), cell("middle_name"), cell("last_name")) if part)
        values: dict[str, object] = {}
        for field_name, text in (("name", person or cell("title")), ("company", cell("company")),
                                 ("source", cell("source"))):
            values.update(clean_field(field_name, text, rules.region))
        contacts = _contacts(cell, columns, rules)
        phone = next((contact for contact in contacts if contact.kind == "phone"), None)
        email = next((contact for contact in contacts if contact.kind == "email"), None)
        amount, sign = parse_money(cell("value"))
        currency = currency_code(cell("currency")) or sign
        stage = rules.stage(cell("stage"))
        owner_id, note = rules.owner(cell("owner"))
        draft = LeadDraft(
            name=str(values["name"]), company=str(values["company"]), source=str(values["source"]),
            phone=phone.value[:64] if phone else None, email=email.value if email else None,
            owner_id=owner_id, stage=stage, value=_whole(amount, cell("value")),
        )
        extras = _extras(cell, rules, stage, currency)
    except InvalidInput as error:
        return Reject(row.line, row.cells, error.message)
    except ValueProblem as problem:
        return Reject(row.line, row.cells, problem.reason)
    return LeadRow(row.line, row.cells, draft, phone.norm if phone else None, email.norm if email else None,
                   contacts, extras, (note,) if note else ())
