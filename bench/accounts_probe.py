"""The Accounts list at 20,000 clients / 60,000 instalments: its first page, and its floor.

A world of its own, built once per bench run in a fresh SQLite file: 20,000 clients of six
managers, one contract each with three monthly instalments (60,000) around the bench day, a
third of them paid, some part paid; a few hundred promises (open and broken) and unmatched
payments from clients' INNs, so every branch of the ranking has work.

The floor is a hand-written sqlite3 query giving the same first page of ids: per client, the
overdue and due-soon sums (a promise not yet due pausing its instalment, a payment waiting to
match holding the overdue), broken promises, then the group, the money and the id, LIMIT 50.
The figure is `store.queries.accounts.accounts_page` (the ids and the 50 rows with their
reasons, through SQLAlchemy). Goal: within 3x the floor, as the lead queue's.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

CLIENTS = 20_000
TODAY = date(2026, 12, 7)  # a Monday; the reminder window's end (3 working days) is Thu 10 Dec
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


def build_world(folder: Path) -> Path:
    from salescockpit.store.engine import Database

    path = folder / "accounts-world.db"
    database = Database.open(f"sqlite:///{path}")
    database.close()
    stamp = "2026-10-01 09:00:00.000000"
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO users (id, login, display_name, role, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
            [(n, f"user{n}", f"Менеджер {n}", "head" if n == 1 else "manager", stamp) for n in range(1, 8)])
        connection.executemany(
            "INSERT INTO clients (id, name, name_fold, inn, manager_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(n, f"ООО Клиент {n}", f"ооо клиент {n}", f"77{n:08d}", 2 + n % 6, stamp) for n in range(1, CLIENTS + 1)])
        connection.executemany(
            "INSERT INTO contracts (id, number, client_id, signed_on, subject, total_minor, currency, created_at) "
            "VALUES (?, ?, ?, '2026-09-01', '', ?, 'RUB', ?)",
            [(n, f"Д-{n}", n, 3 * (100_000 + n), stamp) for n in range(1, CLIENTS + 1)])
        instalments = []
        for n in range(1, CLIENTS + 1):
            first = TODAY - timedelta(days=60 - n % 90)
            for month in range(3):
                due = first + timedelta(days=30 * month)
                paid = 100_000 + n if (n + month) % 3 == 0 else (50_000 if n % 17 == 0 else 0)
                instalments.append((3 * (n - 1) + month + 1, n, due.isoformat(), 100_000 + n, paid))
        connection.executemany(
            "INSERT INTO instalments (id, contract_id, due_date, amount_minor, paid_minor) VALUES (?, ?, ?, ?, ?)",
            instalments)
        connection.executemany(
            "INSERT INTO promises_to_pay (client_id, instalment_id, amount_minor, due_date, status, created_at) "
            "VALUES (?, ?, 1000, ?, ?, ?)",
            [(n, 3 * (n - 1) + 1, (TODAY + timedelta(days=2 if n % 2 else -5)).isoformat(),
              "open" if n % 2 else "broken", stamp) for n in range(1, CLIENTS + 1, 50)])
        connection.executemany(
            "INSERT INTO payments (paid_on, amount_minor, currency, payer_inn, payer_name, payer_account, purpose, "
            "reference, document_key, status, source, recorded_at, credit_minor) "
            "VALUES (?, 5000, 'RUB', ?, '', '', '', '', ?, 'unmatched', 'bench', ?, 0)",
            [(TODAY.isoformat(), f"77{n:08d}", f"bench-{n}", stamp) for n in range(7, CLIENTS + 1, 97)])
    connection.close()
    return path


HAND_WRITTEN = """
WITH paused AS (SELECT instalment_id FROM promises_to_pay WHERE status = 'open' AND due_date >= :today
                AND instalment_id IS NOT NULL),
promised AS (SELECT instalment_id FROM promises_to_pay WHERE status = 'open' AND instalment_id IS NOT NULL),
per_client AS (
  SELECT k.client_id,
         SUM(CASE WHEN i.due_date < :today AND i.id NOT IN (SELECT instalment_id FROM paused)
             THEN i.amount_minor - i.paid_minor ELSE 0 END) AS overdue,
         SUM(CASE WHEN i.due_date >= :today AND i.id NOT IN (SELECT instalment_id FROM promised)
             THEN i.amount_minor - i.paid_minor ELSE 0 END) AS soon
  FROM contracts k JOIN instalments i ON i.contract_id = k.id
  WHERE i.paid_minor < i.amount_minor AND i.due_date <= :horizon
  GROUP BY k.client_id
), ranked AS (
  SELECT c.id,
         CASE WHEN EXISTS (SELECT 1 FROM payments m WHERE m.status = 'unmatched' AND m.payer_inn = c.inn)
              THEN 0 ELSE COALESCE(pc.overdue, 0) END AS overdue,
         CASE WHEN EXISTS (SELECT 1 FROM calls x WHERE x.lead_id = c.lead_id AND x.started_at >= :called_since)
              THEN 0 ELSE COALESCE(pc.soon, 0) END AS soon,
         (SELECT COALESCE(SUM(p.amount_minor), 0) FROM promises_to_pay p WHERE p.client_id = c.id
           AND p.status = 'broken' AND p.due_date >= :broken_since) AS broken,
         (NOT EXISTS (SELECT 1 FROM calls x WHERE x.lead_id = c.lead_id AND x.started_at >= :silent_since_at)
          AND NOT EXISTS (SELECT 1 FROM payments y WHERE y.client_id = c.id AND y.paid_on >= :silent_since)
          AND (EXISTS (SELECT 1 FROM calls x WHERE x.lead_id = c.lead_id)
               OR EXISTS (SELECT 1 FROM payments y WHERE y.client_id = c.id))) AS silent
  FROM clients c LEFT JOIN per_client pc ON pc.client_id = c.id
)
SELECT id FROM ranked
WHERE overdue > 0 OR broken > 0 OR soon > 0 OR silent
ORDER BY CASE WHEN overdue > 0 THEN 1 WHEN broken > 0 THEN 2 WHEN soon > 0 THEN 3 ELSE 4 END,
         CASE WHEN overdue > 0 THEN overdue WHEN broken > 0 THEN broken WHEN soon > 0 THEN soon ELSE 0 END DESC, id
LIMIT 50
"""


def _by_hand(path: Path) -> tuple[float, list[int]]:
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    ids = [row[0] for row in connection.execute(HAND_WRITTEN, {
        "today": TODAY.isoformat(), "horizon": "2026-12-10", "broken_since": (TODAY - timedelta(days=30)).isoformat(),
        "called_since": "2026-12-02 00:00:00.000000", "silent_since": "2026-10-09",
        "silent_since_at": "2026-10-09 00:00:00.000000"})]
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, ids


def _through_the_app(database) -> tuple[float, list[int]]:
    from salescockpit.store.queries.accounts import accounts_page

    with database.read() as session:
        started = time.perf_counter()
        page = accounts_page(session, today=TODAY, limit=50)
        elapsed = time.perf_counter() - started
    return elapsed, [row.client_id for row in page.rows]


def accounts_times(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """(floor samples, first-page samples) in seconds, interleaved run by run; the pages must agree."""
    from salescockpit.store.engine import Database

    world = build_world(folder)
    database = Database.open(f"sqlite:///{world}")
    floor, pages = [], []
    try:
        _through_the_app(database)  # warm: imports and the first statement compile are not the query
        for _run in range(runs):
            hand, hand_ids = _by_hand(world)
            app, app_ids = _through_the_app(database)
            if hand_ids != app_ids:
                raise RuntimeError("the accounts page and the hand-written query list different clients")
            floor.append(hand)
            pages.append(app)
    finally:
        database.close()
    return floor, pages
