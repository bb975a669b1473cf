"""The probes that run in the benchmark's own process: queue pages, reports, the importer.

Each returns plain lists of seconds (after one untimed warm-up where the work is repeated),
or a text such as "n/a (not built)" when that part of salescockpit does not exist yet.
"""

from __future__ import annotations

import csv
import inspect
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from dataset import HEAD_LOGIN, TIMEZONE

NOT_BUILT = "n/a (not built)"
IMPORT_LEADS = 10_000


def timed(work: Callable[[], Any], runs: int, warm_up: bool = True) -> list[float]:
    if warm_up:
        work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return samples


def context(path: Path, now: datetime):
    """A service context on ``path`` with the benchmark's settings and fixed clock."""
    from salescockpit.clock import FixedClock
    from salescockpit.config import Settings
    from salescockpit.services.context import ServiceContext
    from salescockpit.store.engine import Database

    settings = Settings(timezone=TIMEZONE)
    return ServiceContext(db=Database.open(path), clock=FixedClock(now, tz=settings.tz), settings=settings)


def report_day(ctx) -> date:
    """The last complete working day before "now": the report a head exports in the morning."""
    day = ctx.clock.today() - timedelta(days=1)
    while day.weekday() not in ctx.settings.work_days:
        day -= timedelta(days=1)
    return day


@dataclass
class QueueFigures:
    first: list[float]
    following: list[float]
    first_ids: list[int]
    ids_only: list[float] | str  # the page's lead ids alone (the group's SQL through SQLAlchemy)


def queue_pages(ctx, runs: int) -> QueueFigures:
    """The head's first and next queue page, as the queue screen's worker loads them."""
    from sqlalchemy import text

    from salescockpit.store.queries.queue import build_scope, review_queue_page

    with ctx.db.read() as session:
        head_id = session.execute(text("SELECT id FROM users WHERE login = :login"), {"login": HEAD_LOGIN}).scalar_one()

    def page(after=None):
        scope = build_scope(ctx.settings, now=ctx.clock.now(), viewer_id=head_id, viewer_is_head=True)
        with ctx.db.read() as session:
            return review_queue_page(session, scope, after, 50)

    first = page()
    return QueueFigures(
        first=timed(page, runs), following=timed(lambda: page(first.next_cursor), runs),
        first_ids=[row.lead_id for row in first.rows], ids_only=_ids_only(ctx, head_id, runs),
    )


def _ids_only(ctx, head_id: int, runs: int) -> list[float] | str:
    """The first group's page of ids alone, through `queue_sql.group_page` (internal: may move)."""
    try:
        from salescockpit.store.queries.queue import build_scope
        from salescockpit.store.queries.queue_sql import group_page, group_reasons
    except ImportError:
        return "n/a (queue_sql.group_page moved)"

    def ids() -> list[int]:
        scope = build_scope(ctx.settings, now=ctx.clock.now(), viewer_id=head_id, viewer_is_head=True)
        with ctx.db.read() as session:
            return [row[0] for row in session.execute(group_page(group_reasons(scope)[0], scope, None, 50))]

    return timed(ids, runs)


def report_times(ctx, runs: int) -> dict[str, list[float] | str]:
    """Per format: build the one-day report and render it; "xlsx_30" and "trend_30" when possible."""
    try:
        from salescockpit import reports
    except ImportError:
        return {"formats": NOT_BUILT}
    if not all(hasattr(reports, name) for name in ("build_report", "render", "FORMATS")):
        return {"formats": NOT_BUILT}
    day = report_day(ctx)
    result: dict[str, list[float] | str] = {}
    reports.build_report(ctx, day)  # warm-up, once for all formats
    for fmt in reports.FORMATS:
        result[fmt] = timed(lambda fmt=fmt: reports.render(reports.build_report(ctx, day), fmt), runs, False)
    if "days" in inspect.signature(reports.build_report).parameters:
        result["xlsx_30"] = timed(lambda: reports.render(reports.build_report(ctx, day, days=30), "xlsx"), runs)
    else:
        result["xlsx_30"] = "n/a (one-day reports only)"
    if hasattr(reports, "build_trend"):
        result["trend_30"] = timed(lambda: reports.build_trend(ctx, day, 30), runs)
    return result


def import_time(work_db: Path, folder: Path) -> list[float] | str:
    """`salescockpit import leads` of 10,000 CSV leads into the work copy, when the command exists."""
    from salescockpit.cli import main

    command = main.commands.get("import")
    if command is None or "leads" not in getattr(command, "commands", {}):
        return NOT_BUILT
    source = folder / "leads.csv"
    # +7 958: a mobile code the demo never uses (demo/names.py), so no row is a duplicate of a demo
    # lead at any size (with +7 916 two of them were at a million leads, and the import failed).
    with open(source, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "company", "phone", "email"])
        for number in range(IMPORT_LEADS):
            writer.writerow([f"Bench Lead {number}", f"Bench Co {number % 700}", f"+7 958 {number:07d}",
                             f"lead{number}@bench.example"])
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "salescockpit", "import", "leads", str(source), "--db", str(work_db),
         "--user", HEAD_LOGIN], capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    if done.returncode == 2:  # click usage error: the importer wants other arguments than ours
        return "n/a (importer usage differs: " + (done.stderr.strip().splitlines() or ["?"])[-1] + ")"
    if done.returncode != 0:
        raise RuntimeError("import leads failed: " + " | ".join(done.stderr.strip().splitlines()[-3:]))
    return [seconds]
