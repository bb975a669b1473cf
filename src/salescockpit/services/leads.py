"""Leads: creating (one or a batch for imports) and editing contact details, value and BANT."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from salescockpit.domain.contacts import Contact, has_control_characters, normalize_email, normalize_phone
from salescockpit.i18n import _
from salescockpit.store.contacts import contact_search_values, contacts_of, replace_main_contact
from salescockpit.store.search import search_text
from salescockpit.store.tables import Lead, StageHistory

from .actor import Actor, require_active
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput, PermissionDenied
from .lookups import active_user, blank, own_lead

#: The largest value a lead may hold: the INTEGER column's range on PostgreSQL (SQLite would
#: store more, and the database would then refuse it only there).
MAX_VALUE = 2_147_483_647

BANT_FIELDS = ("bant_budget", "bant_authority", "bant_need", "bant_timing")
#: What `update_lead` may change (stage, owner and qualification have their own use cases).
EDITABLE_FIELDS = ("name", "company", "phone", "email", "source", "value", *BANT_FIELDS)


@dataclass(frozen=True)
class LeadDraft:
    """A lead as typed in a form or read from an import row."""

    name: str
    company: str = ""
    phone: str | None = None
    email: str | None = None
    source: str = ""
    owner_login: str | None = None
    owner_id: int | None = None
    stage: str = "new"
    value: int | None = None
    bant_budget: bool | None = None
    bant_authority: bool | None = None
    bant_need: bool | None = None
    bant_timing: bool | None = None


def _text(field: str, value: Any, limit: int, *, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise InvalidInput(field, _("This field is required: {field}.").format(field=field))
    if len(text) > limit:
        raise InvalidInput(field, _("{field} is longer than {limit} characters.").format(field=field, limit=limit))
    if has_control_characters(text):
        raise InvalidInput(field, _("{field} holds control characters (such as NUL) that cannot be stored.").format(field=field))
    return text


def clean_field(field: str, value: Any, region: str) -> dict[str, Any]:
    """The column values one edited field sets (a phone also sets phone_norm); InvalidInput if bad."""
    if field == "name":
        return {"name": _text(field, value, 300, required=True)}
    if field in ("company", "source"):
        return {field: _text(field, value, 300 if field == "company" else 64)}
    if field == "phone":
        if blank(value):
            return {"phone": None, "phone_norm": None}
        normalized = normalize_phone(str(value), region)
        if normalized is None:
            raise InvalidInput("phone", _("{phone!r} is not a valid phone number.").format(phone=value))
        return {"phone": _text(field, value, 64), "phone_norm": normalized}
    if field == "email":
        if blank(value):
            return {"email": None, "email_norm": None}
        normalized = normalize_email(str(value))
        if normalized is None:
            raise InvalidInput("email", _("{email!r} is not a valid e-mail address.").format(email=value))
        return {"email": str(value).strip(), "email_norm": normalized}
    if field == "value":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise InvalidInput("value", _("The value must be a whole amount of at least 0."))
        if value is not None and value > MAX_VALUE:
            raise InvalidInput("value", _("The amount {value} is too large.").format(value=value))
        return {"value": value}
    if field in BANT_FIELDS:
        if value is not None and not isinstance(value, bool):
            raise InvalidInput(field, _("A BANT answer is yes, no or unknown."))
        return {field: value}
    raise InvalidInput(field, _("{field} cannot be changed here.").format(field=field))


def lead_search_text(lead: Lead, contacts: Iterable[Contact] = ()) -> str:
    """The lead's search text: name, company, main phone and e-mail, and every other contact it has."""
    return search_text(lead.name, lead.company, lead.phone, lead.phone_norm, lead.email,
                       *contact_search_values(contacts))


def _insert_lead(session: Session, ctx: ServiceContext, actor: Actor, draft: LeadDraft, now) -> int:
    if draft.owner_login is not None or draft.owner_id is not None:
        owner = active_user(session, login=draft.owner_login, user_id=draft.owner_id)
    else:
        owner = active_user(session, user_id=actor.id)
    if not actor.is_head and owner.id != actor.id:
        raise PermissionDenied(_("A manager can only create leads for themselves."))
    if draft.stage not in ctx.pipeline.keys or ctx.pipeline.is_terminal(draft.stage):
        message = _("A new lead must start in an open stage, not {stage!r}.").format(stage=draft.stage)
        raise InvalidInput("stage", message)
    values: dict[str, Any] = {}
    for field in EDITABLE_FIELDS:
        values.update(clean_field(field, getattr(draft, field), ctx.settings.phone_region))
    lead = Lead(
        **values,
        owner_id=owner.id,
        stage=draft.stage,
        qualification="unknown",
        created_at=now,
        updated_at=now,
        stage_entered_at=now,
        last_activity_at=now,
    )
    lead.search_text = lead_search_text(lead)
    session.add(lead)
    session.flush()
    session.add(
        StageHistory(lead_id=lead.id, from_stage=None, to_stage=draft.stage, moved_at=now, moved_by_id=actor.id)
    )
    summary = f"{lead.name} [{lead.stage}] -> {owner.login}"
    record_event(session, actor, "lead.create", "lead", lead.id, summary, now)
    return lead.id


def create_lead(ctx: ServiceContext, actor: Actor, draft: LeadDraft) -> int:
    """Create one lead; a manager owns what they create, the head may give it to any active user."""
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        return _insert_lead(session, ctx, actor, draft, now)


def create_leads(ctx: ServiceContext, actor: Actor, drafts: Iterable[LeadDraft]) -> list[int]:
    """Create many leads in one transaction (imports): all or nothing; errors name the row."""
    now = ctx.clock.now()
    ids: list[int] = []
    with ctx.db.write() as session:
        require_active(session, actor)
        for number, draft in enumerate(drafts, start=1):
            try:
                ids.append(_insert_lead(session, ctx, actor, draft, now))
            except InvalidInput as error:
                message = _("Row {number}: {message}").format(number=number, message=error.message)
                raise InvalidInput(error.field, message) from error
    return ids


def update_lead(ctx: ServiceContext, actor: Actor, lead_id: int, **changes: Any) -> tuple[str, ...]:
    """Edit contact fields, value, source or BANT; return the fields that really changed."""
    now = ctx.clock.now()
    region = ctx.settings.phone_region
    with ctx.db.write() as session:
        require_active(session, actor)
        lead = own_lead(session, actor, lead_id)
        values: dict[str, Any] = {}
        for field, value in changes.items():
            values.update(clean_field(field, value, region))
        diff = {field: (getattr(lead, field), new) for field, new in values.items() if getattr(lead, field) != new}
        if not diff:
            return ()
        for field, (_old, new) in diff.items():
            setattr(lead, field, new)
        for kind in ("phone", "email"):  # the lead's list of contacts keeps its main one
            if f"{kind}_norm" in diff:
                new_norm = diff[f"{kind}_norm"][1]
                replace_main_contact(session, lead.id, kind, diff[f"{kind}_norm"][0],
                                     Contact(kind, "work", getattr(lead, kind), new_norm) if new_norm else None)
        session.flush()
        lead.search_text = lead_search_text(lead, contacts_of(session, [lead.id])[lead.id])
        lead.updated_at = now
        record_changes(session, actor, "lead.update", "lead", lead.id, diff, now)
        return tuple(diff)
