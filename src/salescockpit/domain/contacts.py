"""Contact details as typed by people, turned into one comparable form.

Phones become E.164 ("+74951234567") with `phonenumbers`, read in the team's default region
so that "8 (495) 123-45-67" and "+7 495 123 45 67" are the same number. E-mails are stripped
and casefolded. Both return None for something that is not a usable phone or address, so the
caller decides whether that is an error (a form) or a row to report (an import). A lead may
have several of each (`Contact`): the first of each kind is its main one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

#: Something, an @, a domain with at least one dot; no spaces. Deliberately simple.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def normalize_phone(raw: str | None, region: str = "RU") -> str | None:
    """``raw`` in E.164, read with ``region`` as the default country; None when not a valid number."""
    if raw is None or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw.strip(), region.upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str | None) -> str | None:
    """``raw`` stripped and casefolded; None when it does not look like an e-mail address."""
    if raw is None:
        return None
    text = raw.strip().casefold()
    if len(text) > 320 or not _EMAIL.match(text):
        return None
    return text


#: Characters no text field may hold: C0 controls (NUL included) but tab, newline and carriage
#: return, and DEL. PostgreSQL cannot store NUL at all, and spreadsheets refuse the others.
_CONTROL = frozenset(chr(code) for code in [*range(0, 9), 11, 12, *range(14, 32), 127])


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds a character that no field may store (see `_CONTROL`)."""
    return any(char in _CONTROL for char in text)


def without_control_characters(text: str) -> str:
    """``text`` with those characters removed (for writing files that refuse them)."""
    return "".join(char for char in text if char not in _CONTROL)


#: What a contact is, and the labels a CRM gives it (the first of each kind is the lead's main one).
KINDS = ("phone", "email")
LABELS = ("work", "mobile", "home", "other")


@dataclass(frozen=True)
class Contact:
    """One phone or e-mail of a lead: as written (``value``) and comparable (``norm``)."""

    kind: str  # phone | email
    label: str  # work | mobile | home | other
    value: str
    norm: str


def make_contact(kind: str, label: str, raw: str, region: str = "RU") -> Contact | None:
    """A `Contact` from what a person typed; None when it is not a usable phone or address."""
    norm = normalize_phone(raw, region) if kind == "phone" else normalize_email(raw)
    if norm is None:
        return None
    return Contact(kind, label if label in LABELS else "other", raw.strip(), norm)


def unique_contacts(contacts: Iterable[Contact]) -> tuple[Contact, ...]:
    """``contacts`` in order, each number or address once (the first label wins)."""
    seen: set[tuple[str, str]] = set()
    kept: list[Contact] = []
    for contact in contacts:
        if (contact.kind, contact.norm) not in seen:
            seen.add((contact.kind, contact.norm))
            kept.append(contact)
    return tuple(kept)


def main_contact(contacts: Iterable[Contact], kind: str) -> Contact | None:
    """The first contact of ``kind`` (the one the lead's own phone or e-mail column holds)."""
    return next((contact for contact in contacts if contact.kind == kind), None)
