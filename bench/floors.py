"""The floors: what the same work costs with nothing of ours in the way, measured in the same run.

* a bare Textual app (`child_floor.py`): process start to first frame;
* a key that updates one Static, to repaint, in that bare app;
* the review queue's first page written by hand in plain `sqlite3`: the overdue-callback group
  (the head's worst group), one page of 50 rows with what a row shows, as an index walk (on
  PostgreSQL the same statement through plain psycopg 3, `hand_queue_page_pg`).

Each cockpit figure is divided by its floor, so a slower machine or a busy one moves both.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date, datetime, timezone
from pathlib import Path

from children import run_child

#: The head's first queue page by hand, as a walk of the open-callbacks index in due order that
#: stops after 50 leads: each lead at its first open callback (so at its oldest overdue one),
#: skipping leads reviewed today, with the columns a queue row shows. The same leads in the
#: same order as the app's first page (the run checks it).
HAND_QUEUE_SQL = """
SELECT l.id, l.name, l.company, u.display_name, l.stage, c.due_at AS since
  FROM callbacks AS c
  JOIN leads AS l ON l.id = c.lead_id
  JOIN users AS u ON u.id = l.owner_id
 WHERE c.status = 'open' AND c.due_at < :now
   AND NOT EXISTS (SELECT 1 FROM callbacks AS e
                    WHERE e.lead_id = c.lead_id AND e.status = 'open'
                      AND (e.due_at < c.due_at OR (e.due_at = c.due_at AND e.id < c.id)))
   AND NOT EXISTS (SELECT 1 FROM lead_reviews AS r WHERE r.lead_id = l.id AND r.day = :today)
 ORDER BY c.due_at, l.id
 LIMIT 50
"""

def bare_first_frame() -> float:
    """Seconds from process start to the bare app's first painted frame."""
    return run_child("child_floor.py", "frame").result["first_frame"]


def key_floor(presses: int) -> list[float]:
    """``presses`` samples of key -> Static updated -> repainted, in the bare app."""
    return run_child("child_floor.py", "keys", str(presses)).result["key"]


def hand_queue_page(path: Path, now: datetime, today: date, runs: int,
                    sql: str = HAND_QUEUE_SQL) -> tuple[list[float], list[int]]:
    """``runs`` timings of a hand-written first page (after one warm-up), and its lead ids."""
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    parameters = {"now": stamp, "today": today.isoformat()}
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(sql, parameters).fetchall()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            rows = connection.execute(sql, parameters).fetchall()
            samples.append(time.perf_counter() - started)
    finally:
        connection.close()
    return samples, [row[0] for row in rows]


def hand_queue_page_pg(url: str, now: datetime, today: date, runs: int,
                       sql: str = HAND_QUEUE_SQL) -> tuple[list[float], list[int]]:
    """`hand_queue_page` on PostgreSQL: the same statement through plain psycopg 3 (no SQLAlchemy)."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    parameters = {"now": now.astimezone(timezone.utc).replace(tzinfo=None), "today": today}
    statement = sql.replace(":now", "%(now)s").replace(":today", "%(today)s")
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
                         dbname=parsed.database, autocommit=True) as connection:
        rows = connection.execute(statement, parameters).fetchall()  # warm-up (and the plan's first build)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            rows = connection.execute(statement, parameters).fetchall()
            samples.append(time.perf_counter() - started)
    return samples, [row[0] for row in rows]
