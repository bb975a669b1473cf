"""The benchmark's database: a demo built once per seed and size, cached under bench/cache/.

The demo is built "as of" a fixed instant (`NOW`) and every probe uses a fixed clock at that
instant, so two runs on the same cache see the same queue, board and report. The cache file
name carries the seed, the size and a fingerprint of the demo and store code: when either
changes, the next run rebuilds (and removes the stale file of the same seed and size). Probes
that write (moving a card) work on a throw-away copy, never on the cached file.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
#: The instant the demo is "as of" and the probes' fixed clock: Monday 23 Nov 2026, 10:00 Moscow.
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
TIMEZONE = "Europe/Moscow"
HEAD_LOGIN = "head"


@dataclass(frozen=True)
class Dataset:
    """A ready demo database: where it is, its "now", and how long it took to build (None: reused)."""

    path: Path | str  # a SQLite file, or a PostgreSQL database's URL (pg_dataset.py)
    now: datetime
    leads: int
    seed: int
    build_seconds: float | None


def fingerprint() -> str:
    """Eight hex digits that change when the demo generator or the store's code changes."""
    package = ROOT / "src" / "salescockpit"
    digest = hashlib.sha256()
    for folder in (package / "demo", package / "store", package / "store" / "migrations" / "versions"):
        for source in sorted(folder.glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:8]


def cached_path(leads: int, seed: int) -> Path:
    return CACHE / f"demo-s{seed}-n{leads}-{fingerprint()}.db"


def ensure_dataset(leads: int, seed: int, db: Path | None = None,
                   progress: Callable[[str], None] = lambda _text: None) -> Dataset:
    """The demo of ``leads`` leads for ``seed``: reused when present, built otherwise.

    With ``db`` that file is used instead of the cache: reused when it has leads (its "now" is
    read from the demo's audit entry), built there when it does not exist or is empty.
    """
    if db is not None:
        if db.exists() and lead_count(db):
            return Dataset(db, demo_instant(db) or NOW, lead_count(db), seed, None)
        return Dataset(db, NOW, leads, seed, build(db, leads, seed, progress))
    path = cached_path(leads, seed)
    if path.exists():
        return Dataset(path, NOW, leads, seed, None)
    CACHE.mkdir(parents=True, exist_ok=True)
    for stale in CACHE.glob(f"demo-s{seed}-n{leads}-*.db"):
        stale.unlink()
    building = path.with_suffix(".building")
    _remove(building)
    seconds = build(building, leads, seed, progress)
    building.replace(path)
    return Dataset(path, NOW, leads, seed, seconds)


def build(path: Path, leads: int, seed: int, progress: Callable[[str], None]) -> float:
    """Build the demo into ``path`` (created and migrated here); the seconds it took."""
    from salescockpit.demo import build_demo
    from salescockpit.store.engine import Database

    from zoneinfo import ZoneInfo

    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    database = Database.open(path)
    try:
        build_demo(database, leads=leads, seed=seed, now=NOW, tz=ZoneInfo(TIMEZONE), progress=progress)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close()
    return time.perf_counter() - started


def lead_count(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return connection.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
    except sqlite3.Error:
        return 0


def demo_instant(path: Path) -> datetime | None:
    """The instant a demo database was built "as of" (its `demo_built` audit entry)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        row = connection.execute(
            "SELECT at FROM audit_log WHERE action = 'demo_built' ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return datetime.fromisoformat(row[0]).replace(tzinfo=timezone.utc)


def work_copy(dataset: Dataset, folder: Path) -> Path:
    """A copy of the dataset in ``folder`` for probes that may write."""
    with sqlite3.connect(dataset.path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = folder / "work.db"
    shutil.copyfile(dataset.path, target)
    return target


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
