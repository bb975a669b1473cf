"""The head keys the audit trail: from now on its links are HMAC-SHA256 with the key file's key.

One write: the ``audit.keyed`` row (the first keyed row) and the head's record of where the keyed
part begins (store/audit_key.py explains the rule). The key file itself is made by the command
before this call, and removed by it if this call fails.
"""

from __future__ import annotations

from salescockpit.i18n import _
from salescockpit.store.audit_key import key_the_trail, recorded_keying

from .actor import Actor, require_active, require_head
from .context import ServiceContext
from .errors import InvalidInput


def keyed_from(ctx: ServiceContext) -> int | None:
    """The first keyed row of the trail, or None while it is unkeyed."""
    with ctx.db.read() as session:
        return recorded_keying(session.connection())[0]


def key_audit_trail(ctx: ServiceContext, actor: Actor, key: bytes) -> int:
    """Key the trail from its next row on with ``key``; return that row's id."""
    require_head(actor, _("Only the head of sales can key the audit trail."))
    if not ctx.db.is_sqlite:
        raise InvalidInput("db", _("On PostgreSQL the database links the audit trail itself; the key is for "
                                   "the shared SQLite file."))
    with ctx.db.write() as session:
        require_active(session, actor)
        return key_the_trail(session.connection(), key, ctx.clock.now(), actor.id)
