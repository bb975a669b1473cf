"""Keeping every change of owner with its time, so a past day's figures stay with whoever owned what.

Every service that gives a lead, a callback or a head's pending action to somebody else calls
`record_owner_change` in its own transaction, next to its audit row. The reports read these
rows back (`reports.owners`): the owner of a row at an instant is the ``from_owner_id`` of its
earliest change after that instant, else its owner now.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from salescockpit.store.tables import OwnerChange

from .actor import Actor

#: What can change owner: a lead (its owner), a callback (who owes it), a lead review (its assignee).
ENTITIES = ("lead", "callback", "lead_review")


def record_owner_change(
    session: Session, actor: Actor, entity: str, entity_id: int, lead_id: int,
    old_owner_id: int | None, new_owner_id: int | None, now: datetime,
) -> None:
    """Keep that ``entity`` ``entity_id`` (on lead ``lead_id``) went from one owner to another at ``now``.

    Nothing is kept when the owner does not change, or when either side is nobody (an action
    with no assignee is not anybody's work).
    """
    if entity not in ENTITIES:
        raise ValueError(f"unknown owner change entity {entity!r}")
    if old_owner_id is None or new_owner_id is None or old_owner_id == new_owner_id:
        return
    session.add(OwnerChange(
        lead_id=lead_id, entity=entity, entity_id=entity_id, from_owner_id=old_owner_id,
        to_owner_id=new_owner_id, changed_at=now, changed_by_id=actor.id,
    ))
