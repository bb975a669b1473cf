"""Two real processes logging calls on one SQLite file at once: BEGIN IMMEDIATE + busy timeout
must serialise them without a single "database is locked"."""

from __future__ import annotations

import multiprocessing
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from salescockpit.store.tables import Call, Callback, CallObjection

CALLS_PER_PROCESS = 50


def _log_calls(url: str, login: str, lead_id: int, instant, barrier, results) -> None:
    """Child process: open the database itself, wait for the other one, then write as fast as it can."""
    errors: list[str] = []
    try:
        from salescockpit.clock import FixedClock
        from salescockpit.config import Settings
        from salescockpit.services.actor import load_actor
        from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
        from salescockpit.services.context import ServiceContext
        from salescockpit.store.engine import Database

        db = Database.open(url)
        ctx = ServiceContext(db, FixedClock(instant), Settings(timezone="Europe/Moscow"))
        actor = load_actor(ctx, login)
        barrier.wait(timeout=60)
        for number in range(CALLS_PER_PROCESS):
            draft = CallDraft(
                lead_id, "out", "callback_requested", 30 + number, notes=f"{login} #{number}",
                objections=(ObjectionDraft("price", handled=number % 2 == 1, answer="discount"),),
                next_callback_at=instant + timedelta(days=1, minutes=number),
            )
            try:
                log_call(ctx, actor, draft)
                with db.read() as session:  # what a screen does between two writes: read
                    session.scalar(select(func.count()).select_from(Call))
                time.sleep(0.005)  # and a moment for the other process to get the lock
            except Exception as error:  # noqa: BLE001 - every failure is what the test reports
                errors.append(repr(error))
        db.close()
    except Exception as error:  # noqa: BLE001
        errors.append(repr(error))
    results.put((login, errors))


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(ctx, db_url, clock, head, anna, new_lead, fetch):
    lead_id = new_lead(anna)
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    workers = [
        spawn.Process(target=_log_calls, args=(db_url, login, lead_id, clock.now(), barrier, results))
        for login in ("olga", "anna")
    ]
    for worker in workers:
        worker.start()
    reports = dict(results.get(timeout=180) for _worker in workers)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    assert reports == {"olga": [], "anna": []}
    with ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Call)) == 2 * CALLS_PER_PROCESS
        assert session.scalar(select(func.count()).select_from(CallObjection)) == 2 * CALLS_PER_PROCESS
        assert session.scalar(select(func.count()).select_from(Callback)) == 2 * CALLS_PER_PROCESS
        notes = set(session.scalars(select(Call.notes)))
    assert notes == {f"{login} #{n}" for login in ("olga", "anna") for n in range(CALLS_PER_PROCESS)}
