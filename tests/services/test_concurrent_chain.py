"""Two real processes writing at once keep one unbroken audit chain, and every seal matches.

On SQLite the writes are serialised by BEGIN IMMEDIATE; on PostgreSQL by the lock on the chain's
head row that every write takes first. Either way no two rows may hang off the same link, and no
write may seal a lead as it was before the other one's change (which would read as tampering).
"""

from __future__ import annotations

import multiprocessing
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from salescockpit.store.audit_health import check_audit_chain, check_seals
from salescockpit.store.tables import AuditEntry, Call

CALLS_PER_PROCESS = 25


def _write(url: str, login: str, lead_ids: list[int], instant, barrier, results) -> None:
    errors: list[str] = []
    try:
        from salescockpit.clock import FixedClock
        from salescockpit.config import Settings
        from salescockpit.services.actor import load_actor
        from salescockpit.services.calls import CallDraft, log_call
        from salescockpit.services.context import ServiceContext
        from salescockpit.services.leads import update_lead
        from salescockpit.store.engine import Database

        db = Database.open(url)
        ctx = ServiceContext(db, FixedClock(instant), Settings(timezone="Europe/Moscow"))
        actor = load_actor(ctx, login)
        barrier.wait(timeout=60)
        for number in range(CALLS_PER_PROCESS):
            lead_id = lead_ids[number % len(lead_ids)]  # both processes work the same leads
            try:
                log_call(ctx, actor, CallDraft(lead_id, "out", "callback_requested", 30 + number,
                                               notes=f"{login} #{number}",
                                               next_callback_at=instant + timedelta(days=1, minutes=number)))
                update_lead(ctx, actor, lead_id, company=f"{login} {number}")
            except Exception as error:  # noqa: BLE001 - every failure is what the test reports
                errors.append(repr(error))
        db.close()
    except Exception as error:  # noqa: BLE001
        errors.append(repr(error))
    results.put((login, errors))


@pytest.mark.slow
def test_two_processes_writing_at_once_keep_one_chain(ctx, db_url, clock, head, anna, new_lead):
    lead_ids = [new_lead(anna, name=f"Лид {number}") for number in range(3)]
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    workers = [spawn.Process(target=_write, args=(db_url, login, lead_ids, clock.now(), barrier, results))
               for login in ("olga", "anna")]
    for worker in workers:
        worker.start()
    reports = dict(results.get(timeout=300) for _worker in workers)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    assert reports == {"olga": [], "anna": []}
    with ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Call)) == 2 * CALLS_PER_PROCESS
        ids = list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
        broken = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "seal.broken"))
    assert ids == list(range(1, len(ids) + 1))
    assert broken == 0
    assert check_audit_chain(ctx.db) == [] and check_seals(ctx.db) == []
