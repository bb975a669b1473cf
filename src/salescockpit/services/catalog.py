"""The shipped reference data: objection types and the default call scripts.

`ensure_catalog` runs at start-up (app and CLI); it only adds what is missing, so it is safe
to call every time and never overwrites a script the head has edited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from salescockpit.domain.scoring import DEFAULT_SCRIPTS
from salescockpit.i18n import N_, _
from salescockpit.store.tables import ObjectionType, Script

from .audit import record_event
from .context import ServiceContext
from .scripts import insert_script

#: Objection types: key -> English label (translated at display).
DEFAULT_OBJECTION_TYPES: tuple[tuple[str, str], ...] = (
    ("price", N_("Price")),
    ("think_about_it", N_("I'll think about it")),
    ("no_budget", N_("No budget")),
    ("not_decision_maker", N_("Not the decision maker")),
    ("bad_timing", N_("Bad timing")),
    ("competitor", N_("Uses a competitor")),
    ("no_need", N_("No need")),
    ("no_trust", N_("No trust")),
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


def _missing(session) -> tuple[list[tuple[str, str]], list]:
    """The default objection types and scripts the database does not have yet."""
    known_types = set(session.scalars(select(ObjectionType.key)))
    known_scripts = set(session.scalars(select(Script.name)))
    types = [(key, label) for key, label in DEFAULT_OBJECTION_TYPES if key not in known_types]
    scripts = [definition for definition in DEFAULT_SCRIPTS if definition.name not in known_scripts]
    return types, scripts


def ensure_catalog(ctx: ServiceContext) -> CatalogChanges:
    """Insert the missing default objection types and scripts (idempotent, one transaction).

    Every start calls it, so it first looks in a read transaction and takes the write lock
    only when something is missing (then looks again: another process may have just seeded).
    """
    with ctx.db.read() as session:
        types, scripts = _missing(session)
    if not types and not scripts:
        return CatalogChanges((), ())
    now = ctx.clock.now()
    with ctx.db.write() as session:
        types, scripts = _missing(session)
        for key, label in types:
            session.add(ObjectionType(key=key, label=label, active=True))
        for definition in scripts:
            row = insert_script(session, definition, 1, now)
            record_event(session, None, "script.create", "script", row.id, f"{row.name} v1", now)
        added_types = [key for key, _label in types]
        if added_types:
            record_event(session, None, "catalog.seed", "objection_type", None, ", ".join(added_types), now)
        return CatalogChanges(tuple(added_types), tuple(definition.name for definition in scripts))


def objection_types(ctx: ServiceContext, include_inactive: bool = False) -> list[ObjectionTypeInfo]:
    """The objection types in catalog order, labels translated."""
    with ctx.db.read() as session:
        query = select(ObjectionType).order_by(ObjectionType.id)
        if not include_inactive:
            query = query.where(ObjectionType.active.is_(True))
        return [ObjectionTypeInfo(row.key, _(row.label), row.active) for row in session.scalars(query)]
