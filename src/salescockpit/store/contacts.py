"""A lead's phones and e-mails (`lead_contacts`): written with the lead, read for its card, matched.

The first contact of each kind is the lead's main one and is also held by the lead's own
``phone``/``email`` columns, which every list and form reads. Rows here are the whole list in
order. A lead written by code that knows nothing of this table (the demo, an older database)
has its main contacts only on its own row: the readers below merge both, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, union_all, update
from sqlalchemy.orm import Session

from salescockpit.domain.contacts import Contact

from .search import phone_variants
from .tables import Lead, LeadContact

lead_contacts = LeadContact.__table__
leads = Lead.__table__

_CHUNK = 500


def contact_rows(lead_id: int, contacts: Sequence[Contact], start: int = 0) -> list[dict[str, Any]]:
    """The `lead_contacts` rows of ``contacts`` for ``lead_id``, positions from ``start``."""
    return [dict(lead_id=lead_id, kind=contact.kind, label=contact.label, value=contact.value[:320],
                 value_norm=contact.norm, position=start + offset)
            for offset, contact in enumerate(contacts)]


def insert_contacts(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert contact rows made by `contact_rows` (one statement)."""
    if rows:
        session.execute(insert(lead_contacts), rows)


def contacts_of(session: Session, lead_ids: Iterable[int]) -> dict[int, list[Contact]]:
    """{lead id: its contacts in order}: the table's rows, with the lead's own main ones first when missing."""
    ids = sorted(set(lead_ids))
    found: dict[int, list[Contact]] = {lead_id: [] for lead_id in ids}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        query = (select(lead_contacts.c.lead_id, lead_contacts.c.kind, lead_contacts.c.label, lead_contacts.c.value,
                        lead_contacts.c.value_norm)
                 .where(lead_contacts.c.lead_id.in_(chunk))
                 .order_by(lead_contacts.c.lead_id, lead_contacts.c.position, lead_contacts.c.id))
        for lead_id, kind, label, value, norm in session.execute(query):
            found[lead_id].append(Contact(kind, label, value, norm))
        own = select(leads.c.id, leads.c.phone, leads.c.phone_norm, leads.c.email, leads.c.email_norm).where(
            leads.c.id.in_(chunk))
        for lead_id, phone, phone_norm, email, email_norm in session.execute(own):
            listed = found[lead_id]
            mains = [Contact("phone", "work", phone, phone_norm)] if phone_norm and phone else []
            mains += [Contact("email", "work", email, email_norm)] if email_norm and email else []
            missing = [main for main in mains if (main.kind, main.norm) not in {(c.kind, c.norm) for c in listed}]
            found[lead_id] = missing + listed
    return found


def contact_search_values(contacts: Iterable[Contact]) -> list[str]:
    """What of ``contacts`` goes into a lead's search text: each as written and normalised."""
    values: list[str] = []
    for contact in contacts:
        values += [contact.value, contact.norm, *phone_variants(contact.norm)] if contact.kind == "phone" \
            else [contact.value]
    return values


def leads_with_contacts(session: Session, norms: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """{phone or e-mail (normalised): [(lead id, owner id)], oldest lead first} over every contact of every lead."""
    ordered = sorted(set(norms))
    found: dict[str, set[tuple[int, int]]] = {}
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start:start + _CHUNK]
        listed = (select(lead_contacts.c.value_norm.label("norm"), leads.c.id, leads.c.owner_id)
                  .join(leads, leads.c.id == lead_contacts.c.lead_id).where(lead_contacts.c.value_norm.in_(chunk)))
        phones = select(leads.c.phone_norm, leads.c.id, leads.c.owner_id).where(leads.c.phone_norm.in_(chunk))
        emails = select(leads.c.email_norm, leads.c.id, leads.c.owner_id).where(leads.c.email_norm.in_(chunk))
        for norm, lead_id, owner_id in session.execute(union_all(listed, phones, emails)):
            found.setdefault(norm, set()).add((lead_id, owner_id))
    return {norm: sorted(pairs) for norm, pairs in found.items()}


def replace_main_contact(session: Session, lead_id: int, kind: str, old_norm: str | None,
                         new: Contact | None) -> None:
    """The lead's main ``kind`` contact changed (a form edit) from ``old_norm`` to ``new`` (None: removed)."""
    same_kind = (lead_contacts.c.lead_id == lead_id) & (lead_contacts.c.kind == kind)
    if new is not None:  # the new main one is no longer listed further down
        session.execute(delete(lead_contacts).where(same_kind, lead_contacts.c.value_norm == new.norm))
    if old_norm is not None:
        if new is None:
            session.execute(delete(lead_contacts).where(same_kind, lead_contacts.c.value_norm == old_norm))
            return
        changed = session.execute(update(lead_contacts).where(same_kind, lead_contacts.c.value_norm == old_norm)
                                  .values(value=new.value[:320], value_norm=new.norm))
        if changed.rowcount:
            return
    if new is not None:
        first = session.execute(select(lead_contacts.c.position).where(lead_contacts.c.lead_id == lead_id)
                                .order_by(lead_contacts.c.position).limit(1)).scalar()
        insert_contacts(session, contact_rows(lead_id, [new], start=(first or 0) - 1 if first is not None else 0))
