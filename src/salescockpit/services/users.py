"""Users: adding (the CLI bootstraps the first head), listing and deactivating."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from salescockpit.i18n import _
from salescockpit.store.tables import User

from .actor import ROLES, Actor, normalize_login, require_active, require_head
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .text_input import checked_text

_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    login: str
    name: str
    role: str
    active: bool


def has_users(ctx: ServiceContext) -> bool:
    """Whether the database has any user yet (the first one may be added by anybody)."""
    with ctx.db.read() as session:
        return session.scalars(select(User.id).limit(1)).first() is not None


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.login, user.display_name, user.role, user.active)


def add_user(ctx: ServiceContext, login: str, name: str, role: str, actor: Actor | None = None) -> UserInfo:
    """Add a user; with an ``actor``, only an active head may. The CLI passes no actor only to
    create the first user of an empty database (see `needs_admin`)."""
    if actor is not None:
        require_head(actor, _("Only the head of sales can add users."))
    login = normalize_login(login or "")
    name = (name or "").strip()
    if not _LOGIN.match(login):
        raise InvalidInput(
            "login",
            _("The login {login!r} is not usable: use up to 64 letters a-z, digits, dots, dashes or _.")
            .format(login=login),
        )
    if not name or len(name) > 200:
        raise InvalidInput("name", _("Give the user's name (up to 200 characters)."))
    checked_text("name", name)
    if role not in ROLES:
        raise InvalidInput("role", _("The role must be head or manager, not {role!r}.").format(role=role))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        if actor is not None:
            require_active(session, actor)
        existing = session.scalars(select(User).where(User.login == login)).first()
        if existing is not None:
            state = _("active") if existing.active else _("deactivated")
            raise InvalidInput(
                "login",
                _("The login {login} is already taken ({state}).").format(login=login, state=state),
            )
        user = User(login=login, display_name=name, role=role, active=True, created_at=now)
        session.add(user)
        session.flush()
        record_event(session, None, "user.add", "user", user.id, f"{login} ({role}): {name}", now)
        return _info(user)


def list_users(ctx: ServiceContext, include_inactive: bool = True) -> list[UserInfo]:
    """All users by login (only active ones when ``include_inactive`` is False)."""
    with ctx.db.read() as session:
        query = select(User)
        if not include_inactive:
            query = query.where(User.active.is_(True))
        # Sorted here: ORDER BY would follow the database's collation (see store.text_order).
        return [_info(user) for user in sorted(session.scalars(query), key=lambda user: user.login)]


def deactivate_user(ctx: ServiceContext, actor: Actor, login: str) -> UserInfo:
    """Deactivate a user (head only). Their rows stay; they can no longer act."""
    require_head(actor, _("Only the head of sales can deactivate users."))
    login = normalize_login(login or "")
    if login == actor.login:
        raise InvalidInput("login", _("You cannot deactivate yourself."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        user = session.scalars(select(User).where(User.login == login)).first()
        if user is None:
            raise NotFound(_("There is no user {login}.").format(login=login))
        if user.active:
            user.active = False
            record_changes(session, actor, "user.deactivate", "user", user.id, {"active": (True, False)}, now)
        return _info(user)
