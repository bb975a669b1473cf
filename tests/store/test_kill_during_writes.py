"""A writer killed with SIGKILL at random moments, thirty times over, loses nothing it said it saved.

The child logs calls in a loop and sends each call's id to the parent only after `log_call` (and
so its commit) has returned. The parent kills it at a seeded random moment and starts it again.
Afterwards the file passes `PRAGMA integrity_check`, every reported id is in the database, and
the doctor's checks find nothing wrong. Children come from a fork server that has the program
imported already, so a restart costs milliseconds, not a fresh interpreter.
"""

from __future__ import annotations

import multiprocessing
import random
import sys
import time

import pytest
from sqlalchemy import select

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.users import add_user
from salescockpit.store.health import run_checks
from salescockpit.store.tables import Call

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and a fork server are POSIX"),
    pytest.mark.sqlite_only("a half-written SQLite file and its WAL are what a kill could damage"),
]

KILLS = 30
SEED = 8
PRELOAD = ["salescockpit.services.calls", "salescockpit.services.context", "salescockpit.config",
           "salescockpit.store.engine"]


def _writer(url: str, lead_id: int, instant, connection) -> None:
    """Child: log calls forever, sending each id once its transaction has committed."""
    from salescockpit.clock import FixedClock
    from salescockpit.config import Settings
    from salescockpit.services.actor import load_actor
    from salescockpit.services.calls import CallDraft, log_call
    from salescockpit.services.context import ServiceContext
    from salescockpit.store.engine import Database

    db = Database.open(url)
    ctx = ServiceContext(db, FixedClock(instant), Settings(timezone="Europe/Moscow"))
    actor = load_actor(ctx, "anna")
    connection.send("ready")
    number = 0
    while True:
        number += 1
        logged = log_call(ctx, actor, CallDraft(lead_id, "out", "no_answer", number % 600, notes="x" * number))
        connection.send(logged.call_id)


def _drain(connection, saved: list[int]) -> None:
    while connection.poll():
        try:
            message = connection.recv()
        except (EOFError, OSError):  # the child died halfway through a message: never reported
            return
        if isinstance(message, int):
            saved.append(message)


@pytest.mark.slow
def test_killed_writer_loses_nothing_it_reported(db, clock, db_url):
    ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(ctx)
    add_user(ctx, "anna", "Anna", "manager")
    lead_id = create_lead(ctx, load_actor(ctx, "anna"), LeadDraft(name="Lead"))
    db.close()

    forkserver = multiprocessing.get_context("forkserver")
    forkserver.set_forkserver_preload(PRELOAD)
    chance = random.Random(SEED)
    saved: list[int] = []
    for _round in range(KILLS):
        parent_end, child_end = forkserver.Pipe(duplex=False)
        child = forkserver.Process(target=_writer, args=(db_url, lead_id, clock.now(), child_end))
        child.start()
        child_end.close()
        assert parent_end.poll(60) and parent_end.recv() == "ready"
        time.sleep(chance.uniform(0.01, 0.25))  # let it write for a random while
        child.kill()
        child.join(10)
        assert child.exitcode == -9
        _drain(parent_end, saved)
        parent_end.close()

    assert len(saved) > KILLS  # it did write between the kills
    problems = {result.name: result.problems for result in run_checks(db) if not result.ok}
    assert problems == {}
    with db.read() as session:
        stored = set(session.scalars(select(Call.id)))
    assert set(saved) <= stored
    print(f"\n{KILLS} kills, {len(saved)} calls reported saved, {len(stored)} stored")
