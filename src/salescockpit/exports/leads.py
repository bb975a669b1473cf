"""Leads out as a table the lead importer reads back (`salescockpit import leads`).

Columns: name, company, phone, email, source, owner (login), stage (key), value (a number),
then created (team wall time) and id (read back as the creation date and the lead's CRM id),
then the lead's further phones and e-mails in columns of their own, named as the importer reads
them back ("mobile", "mobile 2", "work phone", "personal email", ...; only the columns some
exported lead needs). ``--from``/``--to`` filter on the day the lead was created. A manager gets
only the leads they own now (`store.queries.visibility`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from salescockpit.domain.contacts import Contact, main_contact
from salescockpit.services.actor import Actor
from salescockpit.services.context import ServiceContext
from salescockpit.store.contacts import contacts_of
from salescockpit.store.queries.visibility import own_leads
from salescockpit.store.tables import Lead, User

from . import local_text, render_table, window

LEAD_HEADERS = ("name", "company", "phone", "email", "source", "owner", "stage", "value", "created", "id")
#: The header of a further contact's column, by (kind, label), in the order the columns come.
EXTRA_HEADERS = {("phone", "work"): "work phone", ("phone", "mobile"): "mobile", ("phone", "home"): "home phone",
                 ("phone", "other"): "other phone", ("email", "work"): "work email",
                 ("email", "home"): "personal email", ("email", "other"): "other email"}


def _further(contacts: list[Contact]) -> dict[tuple[str, str], list[str]]:
    """The contacts beyond the main phone and e-mail, by (kind, label), in order."""
    mains = {kind: main_contact(contacts, kind) for kind in ("phone", "email")}
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for contact in contacts:
        if contact is not mains[contact.kind]:
            grouped[(contact.kind, contact.label)].append(contact.value)
    return grouped


def _with_contacts(session, rows: list[tuple]) -> tuple[tuple[str, ...], list[tuple]]:
    """The headers and the rows with a column per further contact (as many as the most any lead has)."""
    contacts = contacts_of(session, [row[-1] for row in rows])
    further = {row[-1]: _further(contacts[row[-1]]) for row in rows}
    widths = {slot: max((len(found.get(slot, ())) for found in further.values()), default=0) for slot in EXTRA_HEADERS}
    slots = [(slot, number) for slot in EXTRA_HEADERS for number in range(widths[slot])]
    headers = LEAD_HEADERS + tuple(EXTRA_HEADERS[slot] + (f" {number + 1}" if number else "") for slot, number in slots)
    return headers, [
        row + tuple(values[number] if number < len(values) else "" for slot, number in slots
                    for values in [further[row[-1]].get(slot, [])])
        for row in rows
    ]


def lead_table(ctx: ServiceContext, actor: Actor, start: date | None = None,
               end: date | None = None) -> tuple[tuple[str, ...], list[tuple]]:
    """The headers and the leads ``actor`` may export, oldest first (`lead_rows` and further contacts)."""
    rows = lead_rows(ctx, actor, start, end)
    with ctx.db.read() as session:
        return _with_contacts(session, rows)


def lead_rows(ctx: ServiceContext, actor: Actor, start: date | None = None, end: date | None = None) -> list[tuple]:
    """The leads ``actor`` may export, as tuples in `LEAD_HEADERS` order, oldest first."""
    since, until = window(start, end, ctx.tz)
    query = (
        select(Lead.name, Lead.company, Lead.phone, Lead.email, Lead.source, User.login, Lead.stage, Lead.value,
               Lead.created_at, Lead.id)
        .join(User, User.id == Lead.owner_id)
        .order_by(Lead.id)
    )
    query = query.where(own_leads(actor, Lead.owner_id))
    if since is not None:
        query = query.where(Lead.created_at >= since)
    if until is not None:
        query = query.where(Lead.created_at < until)
    with ctx.db.read() as session:
        return [
            (name, company, phone or "", email or "", source, login, stage, value, local_text(created, ctx.tz), lead_id)
            for name, company, phone, email, source, login, stage, value, created, lead_id in session.execute(query)
        ]


def export_leads(ctx: ServiceContext, actor: Actor, fmt: str, start: date | None = None,
                 end: date | None = None) -> tuple[bytes, int]:
    """The file's bytes in ``fmt`` (csv or xlsx) and how many leads it holds."""
    headers, rows = lead_table(ctx, actor, start, end)
    return render_table(headers, rows, fmt), len(rows)
