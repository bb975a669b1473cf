"""The audit trail: who changed what, from what, to what, and when.

One `AuditEntry` per changed field. Values are stored as text (None stays NULL); the trail is
append-only: services add rows and never update or delete them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from salescockpit.store.tables import AuditEntry

from .actor import Actor


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
    added = 0
    for field, (old, new) in changes.items():
        old_text, new_text = audit_text(old), audit_text(new)
        if old_text == new_text:
            continue
        session.add(
            AuditEntry(
                at=at,
                user_id=actor.id if actor else None,
                action=action,
                entity=entity,
                entity_id=entity_id,
                field=field,
                old=old_text,
                new=new_text,
            )
        )
        added += 1
    return added


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
    session.add(
        AuditEntry(
            at=at,
            user_id=actor.id if actor else None,
            action=action,
            entity=entity,
            entity_id=entity_id,
            field="",
            old=None,
            new=summary,
        )
    )
