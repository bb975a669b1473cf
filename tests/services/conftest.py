"""Service fixtures: a context on a real database, the catalog seeded, a head and two managers.

Every test runs on a SQLite file and, when SALESCOCKPIT_TEST_PG names a server, once more on a
fresh PostgreSQL database (tests/db_fixtures.py).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.users import add_user
from salescockpit.store.tables import AuditEntry
from tests.db_fixtures import *  # noqa: F403  (db_url on SQLite and PostgreSQL, and its hook)


@pytest.fixture
def ctx(db, clock):
    context = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(context)
    return context


@pytest.fixture
def head(ctx):
    add_user(ctx, "olga", "Ольга Петрова", "head")
    return load_actor(ctx, "olga")


@pytest.fixture
def anna(ctx):
    add_user(ctx, "anna", "Анна Смирнова", "manager")
    return load_actor(ctx, "anna")


@pytest.fixture
def boris(ctx):
    add_user(ctx, "boris", "Борис Иванов", "manager")
    return load_actor(ctx, "boris")


@pytest.fixture
def audit(ctx):
    """audit(entity, entity_id=None) -> [(action, field, old, new, user_id)], oldest first (no seals)."""

    def rows(entity: str, entity_id: int | None = None):
        with ctx.db.read() as session:
            query = select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.action != "seal").order_by(AuditEntry.id)
            if entity_id is not None:
                query = query.where(AuditEntry.entity_id == entity_id)
            return [(r.action, r.field, r.old, r.new, r.user_id) for r in session.scalars(query)]

    return rows


@pytest.fixture
def new_lead(ctx):
    """new_lead(actor, **draft_fields) -> lead id (name defaults to a Cyrillic one)."""

    def create(actor, **fields):
        fields.setdefault("name", "Иван Иванов")
        return create_lead(ctx, actor, LeadDraft(**fields))

    return create


@pytest.fixture
def fetch(ctx):
    """fetch(Table, *conditions) -> the matching rows, detached and fully loaded, by id."""

    def rows(table, *conditions):
        with ctx.db.read() as session:
            found = list(session.scalars(select(table).where(*conditions).order_by(table.id)))
            for row in found:
                session.expunge(row)
            return found

    return rows
