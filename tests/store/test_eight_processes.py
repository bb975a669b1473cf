"""Eight real processes writing to one SQLite file at once: every write lands, none is refused with
"database is locked", and each has its audit entry. Prints the writes per second it reached."""

from __future__ import annotations

import multiprocessing
import time

import pytest
from sqlalchemy import func, select

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.users import add_user
from salescockpit.store.tables import AuditEntry, Call, StageHistory

PROCESSES = 8
WRITES_PER_PROCESS = 40  # half calls, half stage moves
STAGES = ("identification", "new")

pytestmark = pytest.mark.sqlite_only("BEGIN IMMEDIATE and the busy timeout are how SQLite serialises writers")


def _worker(url: str, login: str, lead_id: int, instant, barrier, results) -> None:
    """Child: open the database itself, wait for the others, then alternate a call and a stage move."""
    errors: list[str] = []
    elapsed = 0.0
    try:
        from salescockpit.clock import FixedClock
        from salescockpit.config import Settings
        from salescockpit.services.actor import load_actor
        from salescockpit.services.calls import CallDraft, log_call
        from salescockpit.services.context import ServiceContext
        from salescockpit.services.stages import move_stage
        from salescockpit.store.engine import Database

        db = Database.open(url)
        ctx = ServiceContext(db, FixedClock(instant), Settings(timezone="Europe/Moscow"))
        actor = load_actor(ctx, login)
        barrier.wait(timeout=120)
        started = time.perf_counter()
        for number in range(WRITES_PER_PROCESS):
            try:
                if number % 2 == 0:
                    log_call(ctx, actor, CallDraft(lead_id, "out", "no_answer", number, notes=f"{login} #{number}"))
                else:
                    move_stage(ctx, actor, lead_id, STAGES[(number // 2) % 2])
            except Exception as error:  # noqa: BLE001 - every failure is what the test reports
                errors.append(repr(error))
        elapsed = time.perf_counter() - started
        db.close()
    except Exception as error:  # noqa: BLE001
        errors.append(repr(error))
    results.put((login, errors, elapsed))


@pytest.fixture
def ctx(db, clock):
    context = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(context)
    return context


@pytest.mark.slow
def test_eight_processes_lose_no_write(ctx, db_url, clock, record_property):
    add_user(ctx, "olga", "Olga", "head")
    head = load_actor(ctx, "olga")
    logins = [f"manager{number}" for number in range(PROCESSES)]
    leads = {}
    for login in logins:
        add_user(ctx, login, login.title(), "manager")
        leads[login] = create_lead(ctx, head, LeadDraft(name=f"Lead of {login}", owner_login=login))
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(PROCESSES), spawn.Queue()
    workers = [
        spawn.Process(target=_worker, args=(db_url, login, leads[login], clock.now(), barrier, results))
        for login in logins
    ]
    for worker in workers:
        worker.start()
    reports = {login: (errors, elapsed) for login, errors, elapsed in (results.get(timeout=300) for _ in workers)}
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert {login: errors for login, (errors, _elapsed) in reports.items()} == {login: [] for login in logins}

    total = PROCESSES * WRITES_PER_PROCESS
    wall = max(elapsed for _errors, elapsed in reports.values())
    rate = total / wall
    print(f"\n{PROCESSES} processes, {total} writes in {wall:.2f} s: {rate:.0f} writes/s")
    record_property("writes_per_second", round(rate))

    calls_each, moves_each = WRITES_PER_PROCESS // 2, WRITES_PER_PROCESS - WRITES_PER_PROCESS // 2
    with ctx.db.read() as session:
        notes = set(session.scalars(select(Call.notes)))
        assert notes == {f"{login} #{number}" for login in logins for number in range(0, WRITES_PER_PROCESS, 2)}
        for login in logins:
            moves = session.scalar(select(func.count()).select_from(StageHistory).where(
                StageHistory.lead_id == leads[login], StageHistory.moved_by_id != head.id))
            assert moves == moves_each, login
        call_audits = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "call.log"))
        move_audits = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "lead.move", AuditEntry.field == "stage"))
    assert call_audits == PROCESSES * calls_each
    assert move_audits == PROCESSES * moves_each
