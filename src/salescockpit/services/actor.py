"""Who is acting: the logged-in user as a plain value, and the permission checks on it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.i18n import _
from salescockpit.store.core_tables import users

from .context import ServiceContext
from .errors import PermissionDenied, UnknownUser

HEAD = "head"
MANAGER = "manager"
ROLES = (HEAD, MANAGER)


@dataclass(frozen=True)
class Actor:
    """The user a service call acts for (loaded once at start-up with `load_actor`)."""

    id: int
    login: str
    name: str
    role: str

    @property
    def is_head(self) -> bool:
        return self.role == HEAD


class DefaultLogin(str):
    """A login nobody named: the OS login, taken when neither --user nor SALESCOCKPIT_USER is given.

    On a PostgreSQL database where each person connects with their own role, the role wins over
    it silently; a login somebody named that is not the role is refused (`load_actor`).
    """


class SudoLogin(str):
    """The login of the person who ran salescockpit through sudo as the service account (``SUDO_USER``).

    Nobody may name another one (`salescockpit.service_account`); it is passed on to nobody either.
    """


def normalize_login(login: str) -> str:
    """Logins compare case-insensitively and without surrounding spaces."""
    return login.strip().casefold()


def load_actor(ctx: ServiceContext, login: str) -> Actor:
    """The active user ``login``; UnknownUser when there is none, PermissionDenied when deactivated.

    On PostgreSQL a session that is not an administrator is its ``session_user`` and nobody else
    (`store.pg_roles.bound_login`): naming another user is refused.
    """
    from salescockpit.store.pg_roles import bound_login

    bound = bound_login(ctx.db)
    if bound is not None and normalize_login(login) != normalize_login(bound):
        if not isinstance(login, DefaultLogin):
            raise PermissionDenied(
                _("You are connected to the database as {role}, so you act as {role}, never as {login}.")
                .format(role=bound, login=login.strip())
            )
        login = bound
    with ctx.db.read() as session:
        user = session.execute(
            select(users.c.id, users.c.login, users.c.display_name, users.c.role, users.c.active)
            .where(users.c.login == normalize_login(login))
        ).first()
        if user is None:
            raise UnknownUser(login)
        if not user.active:
            raise PermissionDenied(
                _("The user {login} is deactivated. Ask the head of sales.").format(login=user.login)
            )
        return Actor(id=user.id, login=user.login, name=user.display_name, role=user.role)


def require_active(session: Session, actor: Actor) -> None:
    """Refuse an actor deactivated since they logged in (checked inside each write)."""
    active = session.execute(select(users.c.active).where(users.c.id == actor.id)).scalar()
    if not active:
        raise PermissionDenied(
            _("The user {login} is deactivated. Ask the head of sales.").format(login=actor.login)
        )


def require_head(actor: Actor, message: str) -> None:
    """Refuse a manager with ``message`` (already translated)."""
    if not actor.is_head:
        raise PermissionDenied(message)


def require_owner_or_head(actor: Actor, owner_id: int, message: str) -> None:
    """A manager may touch only what they own; the head may touch everything."""
    if not actor.is_head and owner_id != actor.id:
        raise PermissionDenied(message)
