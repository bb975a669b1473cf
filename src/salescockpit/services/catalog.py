"""The shipped reference data: objection types and the default call scripts.

`ensure_catalog` runs at start-up (app and CLI); it only adds what is missing, so it is safe
to call every time and never overwrites a script the head has edited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from salescockpit.domain.scoring import DEFAULT_SCRIPTS
from salescockpit.i18n import _
from salescockpit.store.tables import ObjectionType, Script

from .audit import record_event
from .context import ServiceContext
from .scripts import insert_script

#: Objection types: key -> English label (translated at display).
DEFAULT_OBJECTION_TYPES: tuple[tuple[str, str], ...] = (
    ("price", "Price"),
    ("think_about_it", "I'll think about it"),
    ("no_budget", "No budget"),
    ("not_decision_maker", "Not the decision maker"),
    ("bad_timing", "Bad timing"),
    ("competitor", "Uses a competitor"),
    ("no_need", "No need"),
    ("no_trust", "No trust"),
)


@dataclass(frozen=True)
class CatalogChanges:
    """What `ensure_catalog` added (both empty when the catalog was complete)."""

    objection_types: tuple[str, ...]
    scripts: tuple[str, ...]


@dataclass(frozen=True)
class ObjectionTypeInfo:
    key: str
    label: str
    active: bool


def ensure_catalog(ctx: ServiceContext) -> CatalogChanges:
    """Insert the missing default objection types and scripts (idempotent, one transaction)."""
    now = ctx.clock.now()
    with ctx.db.write() as session:
        known_types = set(session.scalars(select(ObjectionType.key)))
        added_types = []
        for key, label in DEFAULT_OBJECTION_TYPES:
            if key not in known_types:
                session.add(ObjectionType(key=key, label=label, active=True))
                added_types.append(key)
        known_scripts = set(session.scalars(select(Script.name)))
        added_scripts = []
        for definition in DEFAULT_SCRIPTS:
            if definition.name not in known_scripts:
                row = insert_script(session, definition, 1, now)
                record_event(session, None, "script.create", "script", row.id, f"{row.name} v1", now)
                added_scripts.append(definition.name)
        if added_types:
            record_event(session, None, "catalog.seed", "objection_type", None, ", ".join(added_types), now)
        return CatalogChanges(tuple(added_types), tuple(added_scripts))


def objection_types(ctx: ServiceContext, include_inactive: bool = False) -> list[ObjectionTypeInfo]:
    """The objection types in catalog order, labels translated."""
    with ctx.db.read() as session:
        query = select(ObjectionType).order_by(ObjectionType.id)
        if not include_inactive:
            query = query.where(ObjectionType.active.is_(True))
        return [ObjectionTypeInfo(row.key, _(row.label), row.active) for row in session.scalars(query)]
