"""The head acknowledges a broken audit seal, with a reason, so `doctor` stops calling it new.

A "seal.broken" audit row is evidence that a dossier was changed outside salescockpit before a
write re-sealed it. It stays in the trail for ever; the head who has looked into it records a
"seal.acknowledged" row (entity "audit", the broken row's id; old: what was broken; new: the
reason). `doctor` then lists it as acknowledged, with who, when and why, instead of as a problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from salescockpit.i18n import _
from salescockpit.store.audit_chain import audit_log, audit_row
from salescockpit.store.audit_health import ACKNOWLEDGED
from salescockpit.store.audit_writes import queue_rows
from salescockpit.store.seals import BROKEN

from .actor import Actor, require_head
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .text_input import checked_text


@dataclass(frozen=True)
class Acknowledged:
    broken_row: int
    what: str
    reason: str


def acknowledgement_of(connection: Connection, broken_row: int) -> int | None:
    """The id of the audit row that acknowledged the broken seal ``broken_row``, if any."""
    return connection.execute(
        select(audit_log.c.id).where(audit_log.c.action == ACKNOWLEDGED, audit_log.c.entity == "audit",
                                     audit_log.c.entity_id == broken_row).limit(1)).scalar()


def acknowledge_broken_seal(ctx: ServiceContext, actor: Actor, broken_row: int, reason: str) -> Acknowledged:
    """Record that the head has looked into the broken seal in audit row ``broken_row``, and why it is fine."""
    require_head(actor, _("Only the head of sales can acknowledge a broken seal."))
    reason = checked_text("reason", (reason or "").strip())
    if not reason:
        raise InvalidInput("reason", _("Say why the broken seal is acknowledged: --reason TEXT."))
    with ctx.db.write() as session:
        connection = session.connection()
        row = connection.execute(
            select(audit_log.c.action, audit_log.c.entity, audit_log.c.entity_id).where(audit_log.c.id == broken_row)
        ).first()
        if row is None or row.action != BROKEN:
            raise NotFound(_("Audit row {id} is not a broken seal (doctor names them).").format(id=broken_row))
        earlier = acknowledgement_of(connection, broken_row)
        if earlier is not None:
            raise InvalidInput("id", _("The broken seal in audit row {id} was already acknowledged (audit row "
                                       "{earlier}).").format(id=broken_row, earlier=earlier))
        what = f"{row.entity} {row.entity_id}"
        queue_rows(session, [audit_row(ctx.clock.now(), actor.id, ACKNOWLEDGED, "audit", broken_row,
                                       old=what, new=reason)])
    return Acknowledged(broken_row, what, reason)
