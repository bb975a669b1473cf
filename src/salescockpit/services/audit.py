"""The audit trail: who changed what, from what, to what, and when; and reading it back.

One row per changed field. Values are stored as text (None stays NULL); the trail is
append-only: services queue rows and never update or delete them. The rows are chained (and the
leads the write touched sealed) when the write commits, by `store/audit_writes.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone, tzinfo
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.i18n import _
from salescockpit.store.audit_chain import audit_row
from salescockpit.store.audit_writes import queue_rows
from salescockpit.store.queries.audit_trail import TrailRow, trail_page
from salescockpit.store.tables import User

from .actor import Actor, normalize_login, require_owner_or_head
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .lookups import get_lead


def audit_text(value: Any) -> str | None:
    """How a value is written in the trail: None as NULL, bools as true/false, instants in UTC."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def record_changes(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None,
    changes: Mapping[str, tuple[Any, Any]],
    at: datetime,
) -> int:
    """Add one row per field whose value really changed; return how many were added."""
    rows = []
    for field, (old, new) in changes.items():
        old_text, new_text = audit_text(old), audit_text(new)
        if old_text != new_text:
            rows.append(audit_row(at, actor.id if actor else None, action, entity, entity_id,
                                  field=field, old=old_text, new=new_text))
    queue_rows(session, rows)
    return len(rows)


def record_event(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None,
    summary: str,
    at: datetime,
) -> None:
    """Add one row for something created or done (field "", new = a short summary)."""
    queue_rows(session, [audit_row(at, actor.id if actor else None, action, entity, entity_id, new=summary)])


def read_trail(
    ctx: ServiceContext, actor: Actor, *, lead_id: int | None = None, by_login: str | None = None,
    since: datetime | None = None, limit: int = 200,
) -> list[TrailRow]:
    """The newest ``limit`` trail rows (newest first) that ``actor`` may see, filtered.

    The head sees every row; a manager only rows about their own leads (their calls, callbacks,
    reviews...), filtered in the query, and asking for another manager's lead is refused.
    """
    if limit < 1:
        raise InvalidInput("limit", _("The limit must be at least 1."))
    with ctx.db.read() as session:
        user_id = None
        if by_login is not None:
            user_id = session.scalar(select(User.id).where(User.login == normalize_login(by_login)))
            if user_id is None:
                raise NotFound(_("There is no user {login}.").format(login=by_login))
        if lead_id is not None:
            lead = get_lead(session, lead_id)
            require_owner_or_head(actor, lead.owner_id, _("Lead #{id} belongs to another manager.").format(id=lead_id))
        return trail_page(session, lead_id=lead_id, user_id=user_id, since=since,
                          owner_id=None if actor.is_head else actor.id, limit=limit)


def shown_value(text: str | None, tz: tzinfo) -> str:
    """A stored value for people: instants in the team timezone, on one line, "—" for nothing."""
    if text is None:
        return "—"
    try:
        moment = datetime.fromisoformat(text) if "T" in text else None
    except ValueError:
        moment = None
    if moment is not None and moment.tzinfo is not None:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return " ".join(text.split()) or '""'


def shown_rows(rows: Iterable[TrailRow], tz: tzinfo) -> list[tuple[str, str, str, str, str, str]]:
    """Trail rows as (when, who, action, record, field, change) text, for the CLI and the lead card."""
    shown = []
    for row in rows:
        record = row.entity + (f" {row.entity_id}" if row.entity_id is not None else "")
        change = f"{shown_value(row.old, tz)} -> {shown_value(row.new, tz)}" if row.field else shown_value(row.new, tz)
        shown.append((row.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), row.login or "—", row.action, record,
                      row.field or "", change))
    return shown
