"""Fetching rows inside a write transaction, with readable errors when they are missing."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.i18n import _
from salescockpit.store.tables import Call, Callback, Lead, User

from .actor import Actor, normalize_login, require_owner_or_head
from .errors import InvalidInput, NotFound, UnknownUser

Row = TypeVar("Row")


def _get(session: Session, table: type[Row], row_id: int, message: str) -> Row:
    row = session.get(table, row_id) if isinstance(row_id, int) else None
    if row is None:
        raise NotFound(message.format(id=row_id))
    return row


def get_lead(session: Session, lead_id: int) -> Lead:
    return _get(session, Lead, lead_id, _("Lead #{id} does not exist."))


def get_call(session: Session, call_id: int) -> Call:
    return _get(session, Call, call_id, _("Call #{id} does not exist."))


def get_callback(session: Session, callback_id: int) -> Callback:
    return _get(session, Callback, callback_id, _("Callback #{id} does not exist."))


def own_lead(session: Session, actor: Actor, lead_id: int) -> Lead:
    """The lead, if the actor may work it (a manager: only their own leads)."""
    lead = get_lead(session, lead_id)
    require_owner_or_head(
        actor, lead.owner_id, _("Lead #{id} belongs to another manager.").format(id=lead_id)
    )
    return lead


def active_user(session: Session, *, login: str | None = None, user_id: int | None = None,
                field: str = "owner") -> User:
    """An active user by login or id, as the owner of something."""
    if login is not None:
        user = session.scalars(select(User).where(User.login == normalize_login(login))).first()
        if user is None:
            raise UnknownUser(login)
    else:
        user = session.get(User, user_id) if isinstance(user_id, int) else None
        if user is None:
            raise NotFound(_("User #{id} does not exist.").format(id=user_id))
    if not user.active:
        raise InvalidInput(field, _("The user {login} is deactivated.").format(login=user.login))
    return user


def require_aware(field: str, moment: datetime | None) -> None:
    """Refuse a naive datetime: the program never guesses a timezone."""
    if moment is not None and (not isinstance(moment, datetime) or moment.utcoffset() is None):
        raise InvalidInput(field, _("The time must carry a timezone."))


def blank(text: str | None) -> bool:
    return text is None or not str(text).strip()
