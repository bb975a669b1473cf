"""The chain and the seals at the store level: a demo (both write paths) and an upgraded old
database pass doctor's audit checks; the dossier columns are the database's columns."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from salescockpit.demo import build_demo
from salescockpit.store.audit_chain import chain_ready
from salescockpit.store.audit_health import check_audit_chain, check_seals
from salescockpit.store.dossier import DossierSpec, digests
from salescockpit.store.engine import Database
from salescockpit.store.migrate import current_revision, upgrade
from salescockpit.store.migrations import HEAD_REVISION
from salescockpit.store.tables import AuditEntry, Lead, User
from tests.conftest import TEST_NOW, TEST_TZ


def _count(db, *conditions) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions))


def test_the_dossier_columns_are_the_columns_the_database_has(db):
    with db.read() as session:
        reflected = DossierSpec.reflect(session.connection())
    ours = DossierSpec.from_metadata()
    names = lambda spec: {entity: [(part.name, [c.name for c in part.columns]) for part in parts]  # noqa: E731
                          for entity, parts in spec.parts.items()}
    assert names(reflected) == names(ours)
    leads = dict(names(ours)["lead"])["leads"]
    assert "search_text" not in leads and "open_due_min" not in leads and "updated_at" in leads


@pytest.mark.parametrize("fast", [True, False], ids=["sqlite-fast-path", "core-path"])
def test_a_fresh_demo_is_sealed_and_chained(db, backend, fast):
    if fast and backend != "sqlite":
        pytest.skip("the raw sqlite3 path exists on SQLite only")
    build_demo(db, leads=40, seed=4, now=TEST_NOW, tz=TEST_TZ, fast=fast)
    assert check_audit_chain(db) == [] and check_seals(db) == []
    with db.read() as session:
        leads = session.scalar(select(func.count()).select_from(Lead))
        users = session.scalar(select(func.count()).select_from(User))
    assert _count(db, AuditEntry.action == "seal", AuditEntry.entity == "lead") == leads == 40
    assert _count(db, AuditEntry.action == "seal", AuditEntry.entity == "user") == users
    assert _count(db, AuditEntry.action == "demo_built") == 1


def test_a_digest_follows_every_child_row_but_not_the_derived_columns(db):
    build_demo(db, leads=12, seed=2, now=TEST_NOW, tz=TEST_TZ, fast=False)
    with db.engine.connect() as connection:  # no write hooks: nothing here is sealed or kept
        item_id, lead_id = connection.exec_driver_sql(
            "SELECT i.id, c.lead_id FROM call_review_items i JOIN call_reviews r ON r.id = i.review_id "
            "JOIN calls c ON c.id = r.call_id ORDER BY i.id").first()
        other = connection.exec_driver_sql(f"SELECT min(id) FROM leads WHERE id <> {lead_id}").scalar()
        before = digests(connection, "lead", [lead_id, other])
        connection.exec_driver_sql(f"UPDATE leads SET search_text = 'x', open_due_min = NULL WHERE id = {lead_id}")
        assert digests(connection, "lead", [lead_id, other]) == before
        connection.exec_driver_sql(f"UPDATE call_review_items SET note = note || '.' WHERE id = {item_id}")
        after = digests(connection, "lead", [lead_id, other])
        connection.rollback()
    assert after[other] == before[other] and after[lead_id] != before[lead_id]


def test_an_old_database_is_chained_and_sealed_by_the_upgrade(blank_db_url, backend):
    old = Database.open(blank_db_url, migrate=False)
    upgrade(old, "0004")
    build_demo(old, leads=25, seed=6, now=TEST_NOW, tz=TEST_TZ, fast=False)  # writes plain rows at 0004
    with old.read() as session:
        assert not chain_ready(session.connection())
        plain = session.scalar(select(func.count()).select_from(AuditEntry.__table__))
    old.close()
    upgraded = Database.open(blank_db_url)
    try:
        assert current_revision(upgraded) == HEAD_REVISION
        assert check_audit_chain(upgraded) == [] and check_seals(upgraded) == []
        with upgraded.read() as session:
            [start] = session.scalars(select(AuditEntry.new).where(AuditEntry.action == "audit.chain_start")).all()
            leads = session.scalar(select(func.count()).select_from(Lead))
        assert start.startswith(f"{plain} earlier row(s) chained as found; ")
        # sealed by 0005, again by 0013 (the lead dossier now lists its contacts) and by 0080 (the referral link)
        assert _count(upgraded, AuditEntry.action == "seal", AuditEntry.entity == "lead") == 3 * leads == 75
    finally:
        upgraded.close()
