"""Clients: the companies that pay, most of them made from a won lead (its contacts carried over).

A manager adds clients for themselves (and from their own won leads); the head may give a client
to any active manager. One transaction, one audit event each.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.domain.contacts import make_contact, unique_contacts
from salescockpit.i18n import _
from salescockpit.store.money_tables import Client, ClientContact
from salescockpit.store.contacts import contacts_of

from .actor import Actor, require_active, require_owner_or_head
from .audit import record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .lookups import active_user, own_lead
from .text_input import checked_text


#: The longest client name (its column's length).
MAX_NAME = 300


@dataclass(frozen=True)
class ClientDraft:
    """A client as typed: `manager_id` None = the actor; `phone`/`email` become its first contacts."""

    name: str
    inn: str
    kpp: str | None = None
    phone: str | None = None
    email: str | None = None
    manager_id: int | None = None


def clean_inn(inn: str) -> str:
    """The INN as digits: 10 (a company) or 12 (a sole trader); InvalidInput("inn") otherwise."""
    digits = "".join((inn or "").split())
    if not (digits.isdigit() and len(digits) in (10, 12)):
        raise InvalidInput("inn", _("The INN has 10 digits (a company) or 12 (a sole trader)."))
    return digits


def clean_kpp(kpp: str | None) -> str | None:
    digits = "".join((kpp or "").split())
    if not digits:
        return None
    if not (digits.isdigit() and len(digits) == 9):
        raise InvalidInput("kpp", _("The KPP has 9 digits."))
    return digits


def get_client(session: Session, client_id: int) -> Client:
    client = session.get(Client, client_id) if isinstance(client_id, int) else None
    if client is None:
        raise NotFound(_("Client #{id} does not exist.").format(id=client_id))
    return client


def own_client(session: Session, actor: Actor, client_id: int) -> Client:
    """The client, if the actor may work it (a manager: only their own clients)."""
    client = get_client(session, client_id)
    require_owner_or_head(actor, client.manager_id,
                          _("Client #{id} belongs to another manager.").format(id=client_id))
    return client


def _manager_for(session: Session, actor: Actor, manager_id: int | None) -> int:
    if manager_id is None or manager_id == actor.id:
        return actor.id
    require_owner_or_head(actor, manager_id, _("Only the head of sales can give a client to another manager."))
    return active_user(session, user_id=manager_id, field="manager").id


def _insert(session: Session, ctx: ServiceContext, actor: Actor, name: str, inn: str, kpp: str | None,
            manager_id: int, lead_id: int | None, contacts: list[tuple[str, str, str, str]]) -> int:
    name = checked_text("name", " ".join((name or "").split()), MAX_NAME)
    if not name:
        raise InvalidInput("name", _("The client needs a name."))
    now = ctx.clock.now()
    client = Client(name=name, name_fold=name.casefold()[:MAX_NAME], inn=inn, kpp=kpp,
                    manager_id=manager_id, lead_id=lead_id, created_at=now)
    session.add(client)
    session.flush()
    for position, (kind, label, value, norm) in enumerate(contacts):
        session.add(ClientContact(client_id=client.id, kind=kind, label=label, value=value, value_norm=norm,
                                  position=position))
    record_event(session, actor, "client.create", "client", client.id,
                 f"{name} INN {inn}" + (f" from lead #{lead_id}" if lead_id else ""), now)
    return client.id


def create_client(ctx: ServiceContext, actor: Actor, draft: ClientDraft) -> int:
    """Add a client (not from a lead); return its id."""
    inn, kpp = clean_inn(draft.inn), clean_kpp(draft.kpp)
    contacts = []
    for kind, raw in (("phone", draft.phone), ("email", draft.email)):
        if raw and raw.strip():
            contact = make_contact(kind, "work", raw, ctx.settings.phone_region)
            if contact is None:
                raise InvalidInput(kind, _("{value!r} is not a valid phone number or e-mail address.").format(value=raw))
            contacts.append((contact.kind, contact.label, contact.value, contact.norm))
    with ctx.db.write() as session:
        require_active(session, actor)
        manager_id = _manager_for(session, actor, draft.manager_id)
        return _insert(session, ctx, actor, draft.name, inn, kpp, manager_id, None, contacts)


def client_from_lead(ctx: ServiceContext, actor: Actor, lead_id: int, *, inn: str, kpp: str | None = None,
                     name: str | None = None) -> int:
    """Make the won lead ``lead_id`` a client: its company (or name), its owner, every contact of it."""
    inn, kpp = clean_inn(inn), clean_kpp(kpp)
    with ctx.db.write() as session:
        require_active(session, actor)
        lead = own_lead(session, actor, lead_id)
        if lead.stage != ctx.pipeline.won_key:
            raise InvalidInput("lead", _("Lead #{id} is not won yet: only a won lead becomes a client.").format(id=lead_id))
        if session.scalars(select(Client.id).where(Client.lead_id == lead_id)).first() is not None:
            raise InvalidInput("lead", _("Lead #{id} is a client already.").format(id=lead_id))
        contacts = [(c.kind, c.label, c.value, c.norm) for c in unique_contacts(contacts_of(session, [lead_id])[lead_id])]
        return _insert(session, ctx, actor, name or lead.company or lead.name, inn, kpp, lead.owner_id, lead_id, contacts)
