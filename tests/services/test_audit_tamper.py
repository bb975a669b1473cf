"""The tamper-evident trail: services build one chain and seal what they touch; edits made behind
the program's back (raw SQL on the file or the server) are found by doctor's checks, first broken
link first. Runs on SQLite and, when configured, PostgreSQL (tests/db_fixtures.py)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, delete, func, select, update
from sqlalchemy.pool import NullPool

from salescockpit.imports.lead_columns import match_columns
from salescockpit.imports.tabular import read_table
from salescockpit.services.callbacks import reschedule_callback, schedule_callback
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.lead_import import import_leads
from salescockpit.services.leads import update_lead
from salescockpit.services.phone_import import import_phone_file
from salescockpit.services.stages import move_stage
from salescockpit.store.audit_chain import GENESIS, row_hash
from salescockpit.store.audit_health import chain_head, check_audit_chain, check_noted_head, check_seals
from salescockpit.store.audit_writes import AuditTrailError, queue_rows
from salescockpit.store.connection import sqlite_path
from salescockpit.store.tables import AuditEntry, AuditHead, Call, Callback, Lead
from tests.conftest import TEST_TZ


def behind_the_back(db, *statements: str) -> None:
    """Run raw SQL on the database without the program: the sqlite3 module, or a bare connection."""
    path = sqlite_path(db.url)
    if path is not None:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            connection.execute(statement)
        connection.close()
        return
    engine = create_engine(db.url, poolclass=NullPool)
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


def rows(db):
    with db.read() as session:
        return session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()


@pytest.fixture
def worked(ctx, clock, head, anna, new_lead):
    """A lead of anna's with two calls, a callback rescheduled once, an edit and a stage move."""
    lead_id = new_lead(anna, name="Иван Иванов", phone="+7 916 000-00-01")
    now = clock.now()
    log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 60, notes="first", started_at=now - timedelta(hours=2),
                                  next_callback_at=now + timedelta(days=1)))
    callback_id = schedule_callback(ctx, anna, lead_id, now + timedelta(days=2), "demo")
    reschedule_callback(ctx, anna, callback_id, now + timedelta(days=3), "asked later")
    update_lead(ctx, anna, lead_id, company="Ромашка")
    log_call(ctx, anna, CallDraft(lead_id, "out", "no_answer", 0, started_at=now - timedelta(hours=1),
                                  no_next_step_reason="no answer"))
    move_stage(ctx, anna, lead_id, "identification")
    other = new_lead(head, name="Пётр Петров", owner_id=anna.id)
    return {"lead": lead_id, "callback": callback_id, "other": other}


def test_services_build_one_unbroken_chain_and_seal_what_they_touch(db, worked):
    trail = rows(db)
    assert trail and trail[0].prev_hash == GENESIS
    for previous, row in zip(trail, trail[1:]):
        assert row.id == previous.id + 1 and row.prev_hash == previous.row_hash
    for row in trail:
        fields = {name: getattr(row, name) for name in ("at", "user_id", "action", "entity", "entity_id",
                                                        "field", "old", "new", "seal")}
        assert row.row_hash == row_hash(row.prev_hash, fields)
    seals = [row for row in trail if row.action == "seal" and row.entity == "lead" and row.entity_id == worked["lead"]]
    assert len(seals) >= 6 and all(len(row.seal) == 64 for row in seals)
    assert not [row for row in trail if row.action == "seal.broken"]
    assert chain_head(db) == (trail[-1].id, trail[-1].row_hash)
    assert check_audit_chain(db) == [] and check_seals(db) == []


def test_users_scripts_and_objection_types_are_sealed_too(db, worked):
    sealed = {row.entity for row in rows(db) if row.action == "seal"}
    assert {"lead", "user", "script", "objection_type"} <= sealed


def test_a_backdated_callback_is_found(db, worked):
    with db.read() as session:
        due = session.get(Callback, worked["callback"]).due_at
    earlier = (due - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S.%f")
    behind_the_back(db, f"UPDATE callbacks SET due_at = '{earlier}' WHERE id = {worked['callback']}")
    assert check_audit_chain(db) == []
    [problem] = check_seals(db)
    assert problem.startswith(f"lead {worked['lead']} (Иван Иванов) differs from its last seal (audit row ")
    assert problem.endswith("changed outside salescockpit")


def test_a_deleted_call_is_found(db, worked):
    with db.read() as session:
        call_id = session.scalars(select(Call.id).where(Call.lead_id == worked["lead"]).order_by(Call.id)).first()
    behind_the_back(db, f"UPDATE callbacks SET done_call_id = NULL WHERE done_call_id = {call_id}",
                    f"DELETE FROM call_objections WHERE call_id = {call_id}", f"DELETE FROM calls WHERE id = {call_id}")
    assert [problem.split(" (")[0] for problem in check_seals(db)] == [f"lead {worked['lead']}"]


def test_an_edited_audit_row_is_the_first_broken_link(db, worked):
    target = next(row for row in rows(db) if row.action == "callback.reschedule")
    behind_the_back(db, f"UPDATE audit_log SET new = 'something else' WHERE id = {target.id}")
    [problem] = check_audit_chain(db, TEST_TZ)
    assert problem.startswith(f"audit row {target.id} (2026-11-23 10:00, anna, callback.reschedule callback ")
    assert problem.endswith("does not match its hash: the trail was edited")


def test_an_edited_row_with_a_recomputed_hash_breaks_the_next_link(db, worked):
    target = next(row for row in rows(db) if row.action == "callback.reschedule")
    fields = {name: getattr(target, name) for name in ("at", "user_id", "action", "entity", "entity_id", "field",
                                                       "old", "new", "seal")}
    forged = row_hash(target.prev_hash, {**fields, "old": "2026-12-01T07:00:00+00:00"})
    behind_the_back(db, f"UPDATE audit_log SET old = '2026-12-01T07:00:00+00:00', row_hash = '{forged}' "
                        f"WHERE id = {target.id}")
    assert check_audit_chain(db) == [
        f"audit row {target.id + 1} does not follow row {target.id}: row {target.id} was rewritten"]


def test_a_deleted_audit_row_is_found(db, worked):
    target = next(row for row in rows(db) if row.action == "call.log")
    behind_the_back(db, f"DELETE FROM audit_log WHERE id = {target.id}")
    assert check_audit_chain(db) == [
        f"audit row {target.id + 1} does not follow row {target.id - 1}: a row was deleted"]


def test_deleting_the_last_rows_is_found_by_the_head(db, worked):
    last = rows(db)[-1].id
    behind_the_back(db, f"DELETE FROM audit_log WHERE id > {last - 2}")
    assert check_audit_chain(db) == [
        f"The trail ends at row {last - 2} but its head says {last}: the last 2 row(s) were deleted."]


def test_a_lead_added_or_deleted_outside_is_found(db, worked):
    behind_the_back(
        db,
        "INSERT INTO leads (name, company, source, owner_id, stage, qualification, created_at, updated_at, "
        "stage_entered_at, last_activity_at, search_text) VALUES ('Фантом', '', '', 1, 'new', 'unknown', "
        "'2026-11-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00', '')",
        f"DELETE FROM stage_history WHERE lead_id = {worked['other']}",
        f"DELETE FROM leads WHERE id = {worked['other']}",
    )
    problems = check_seals(db)
    assert any(p.endswith("(Фантом) was never sealed: added outside salescockpit") for p in problems)
    assert any(p.startswith(f"lead {worked['other']} was sealed (audit row ") and p.endswith("deleted outside salescockpit")
               for p in problems)


def test_a_manager_promoted_to_head_outside_is_found(db, worked, anna):
    behind_the_back(db, f"UPDATE users SET role = 'head' WHERE id = {anna.id}")
    [problem] = check_seals(db)
    assert problem.startswith(f"user {anna.id} (anna) differs from its last seal")


def test_a_write_after_tampering_keeps_the_evidence(ctx, db, clock, anna, worked):
    """Re-sealing must not launder a change: the write first records that the lead had changed."""
    with db.read() as session:
        due = session.get(Callback, worked["callback"]).due_at
    earlier = (due - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S.%f")
    behind_the_back(db, f"UPDATE callbacks SET due_at = '{earlier}' WHERE id = {worked['callback']}")
    update_lead(ctx, anna, worked["lead"], company="Ромашка и К")
    [finding] = [row for row in rows(db) if row.action == "seal.broken"]
    assert (finding.entity, finding.entity_id, finding.user_id) == ("lead", worked["lead"], anna.id)
    assert check_audit_chain(db) == []
    [problem] = check_seals(db, TEST_TZ)
    assert problem.startswith(f"lead {worked['lead']} had been changed outside salescockpit before a write on "
                              "2026-11-23 10:00 by anna (audit row ")


def test_a_rewritten_chain_passes_its_own_checks_but_not_a_noted_head(db, worked):
    """The honest limit: the chain has no secret. A head noted earlier is what exposes a rewrite."""
    noted_id, noted_hash = chain_head(db)
    assert check_noted_head(db, noted_id, noted_hash[:12]) == []
    trail = rows(db)
    target = next(row for row in trail if row.action == "callback.reschedule")
    previous, statements = GENESIS, []
    for row in trail:
        fields = {name: getattr(row, name) for name in ("at", "user_id", "action", "entity", "entity_id", "field",
                                                        "old", "new", "seal")}
        if row.id == target.id:
            fields["new"] = "forged"
        current = row_hash(previous, fields)
        if row.id >= target.id:
            new = ", new = 'forged'" if row.id == target.id else ""
            statements.append(f"UPDATE audit_log SET prev_hash = '{previous}', row_hash = '{current}'{new} "
                              f"WHERE id = {row.id}")
        previous = current
    statements.append(f"UPDATE audit_head SET last_hash = '{previous}' WHERE id = 1")
    behind_the_back(db, *statements)
    assert check_audit_chain(db) == []
    assert check_noted_head(db, noted_id, noted_hash[:12]) == [
        f"Audit row {noted_id} no longer has the hash you noted ({noted_hash[:12]}…): the trail was rewritten."]


def test_audit_rows_cannot_be_changed_or_deleted_by_a_write(db, worked):
    before = [(row.id, row.row_hash, row.new) for row in rows(db)]
    with pytest.raises(AuditTrailError, match="append-only"):
        with db.write() as session:
            entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
            entry.new = "rewritten"
            session.flush()
    with pytest.raises(AuditTrailError, match="append-only"):
        with db.write() as session:
            session.delete(session.scalars(select(AuditEntry)).first())
            session.flush()
    for statement in (update(AuditEntry).values(new="x"), delete(AuditEntry), update(AuditHead).values(last_id=0)):
        with pytest.raises(AuditTrailError, match="audit chain only"):
            with db.write() as session:
                session.execute(statement)
    assert [(row.id, row.row_hash, row.new) for row in rows(db)] == before


def test_an_audit_entry_added_to_a_write_session_is_chained(db, clock, worked):
    with db.write() as session:
        session.add(AuditEntry(at=clock.now(), user_id=None, action="test.note", entity="database", field="",
                               new="added as an ORM object"))
    last = [row for row in rows(db) if row.action == "test.note"]
    assert len(last) == 1 and last[0].row_hash is not None
    assert check_audit_chain(db) == []


def test_audit_rows_need_a_write_transaction(db):
    with db.read() as session:
        with pytest.raises(AuditTrailError, match="Database.write"):
            queue_rows(session, [{"action": "x"}])


def test_a_failed_write_leaves_no_audit_rows_and_no_seals(ctx, db, anna, worked):
    with db.read() as session:
        count = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(Exception):
        update_lead(ctx, anna, worked["lead"], name="")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == count
        assert session.get(Lead, worked["lead"]).name == "Иван Иванов"
    assert check_audit_chain(db) == [] and check_seals(db) == []


def test_a_bulk_statement_in_a_write_is_checked_and_sealed_too(db, worked):
    with db.write() as session:
        session.execute(update(Callback).where(Callback.id == worked["callback"]).values(note="moved in bulk"))
    assert check_seals(db) == []
    behind_the_back(db, f"UPDATE calls SET notes = 'edited' WHERE lead_id = {worked['lead']}")
    with db.write() as session:  # the bulk statement's lead is checked before it changes anything
        session.execute(update(Callback).where(Callback.id == worked["callback"]).values(note="again"))
    assert [row.entity_id for row in rows(db) if row.action == "seal.broken"] == [worked["lead"]]


def _latest_seal(db, lead_id: int) -> str:
    return [row.seal for row in rows(db) if row.action == "seal" and row.entity_id == lead_id and row.entity == "lead"][-1]


def test_imports_seal_every_lead_they_write(ctx, db, head, worked, tmp_path):
    leads_file = tmp_path / "leads.csv"
    leads_file.write_text("ФИО,Телефон\nНовый Один,+7 916 555-00-01\nНовый Два,\nИван И.,+7 916 000-00-01\n",
                          encoding="utf-8")
    table = read_table(leads_file)
    outcome = import_leads(ctx, head, table, match_columns(table.headers), update=True)
    assert (outcome.imported, outcome.updated) == (2, 1)
    before = _latest_seal(db, worked["lead"])
    calls_file = tmp_path / "pbx.csv"
    calls_file.write_text("time,number,duration\n2026-11-23 09:05:00,+7 916 000-00-01,75\n", encoding="utf-8")
    assert import_phone_file(ctx, head, calls_file).matched_leads == 1
    assert _latest_seal(db, worked["lead"]) != before  # the matched call is part of the lead's dossier
    sealed = {row.entity_id for row in rows(db) if row.action == "seal" and row.entity == "lead"}
    assert set(outcome.lead_ids) <= sealed
    assert check_audit_chain(db) == [] and check_seals(db) == []
    assert not [row for row in rows(db) if row.action == "seal.broken"]
