"""Service fixtures: a context on a real database, the catalog seeded, a head and two managers.

The database is a SQLite file per test; with SALESCOCKPIT_TEST_PG_URL set (an admin URL such as
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) each test gets a fresh PostgreSQL database.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy import select

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.users import add_user
from salescockpit.store.tables import AuditEntry


@pytest.fixture
def db_url(tmp_path):
    admin_url = os.environ.get("SALESCOCKPIT_TEST_PG_URL")
    if not admin_url:
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    name = f"salescockpit_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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
    """audit(entity, entity_id=None) -> [(action, field, old, new, user_id)], oldest first."""

    def rows(entity: str, entity_id: int | None = None):
        with ctx.db.read() as session:
            query = select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
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
