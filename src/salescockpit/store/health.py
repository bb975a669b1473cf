"""Health checks for `salescockpit doctor`: is the database whole and does it agree with itself?

Each check is a small function ``check_x(db) -> list[str]`` returning the problems it found, in
words (empty = fine). `run_checks` runs them all and never raises: a check that crashes (on a
badly damaged file, say) reports the crash as its problem. SQLite-only checks (page integrity,
WAL size, foreign keys, which SQLite only enforces when asked) say nothing on PostgreSQL, where
the server keeps those promises itself. The audit trail's checks live in `audit_health`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from sqlalchemy import select

from ..i18n import _
from .audit_health import check_audit_chain, check_seals
from .connection import sqlite_path
from .engine import Database
from .tables import Callback, Lead

#: A write-ahead log bigger than this is not being checkpointed (a reader never lets go).
WAL_LIMIT_BYTES = 64 * 1024 * 1024
#: A callback due further than this from when it was promised is a typo, not a plan.
CALLBACK_HORIZON = timedelta(days=5 * 365)
#: At most this many examples are named per check; the rest are counted.
EXAMPLES = 5


@dataclass(frozen=True)
class CheckResult:
    name: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _examples(ids: list[int]) -> str:
    shown = ", ".join(f"#{number}" for number in ids[:EXAMPLES])
    return shown + (_(" and {n} more").format(n=len(ids) - EXAMPLES) if len(ids) > EXAMPLES else "")


def check_integrity(db: Database) -> list[str]:
    """SQLite's own page-by-page check (PRAGMA integrity_check)."""
    if not db.is_sqlite:
        return []
    with db.engine.connect() as connection:
        rows = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        return []
    return [_("The file is damaged: {detail}").format(detail=row) for row in rows[:EXAMPLES]]


def check_schema(db: Database) -> list[str]:
    """The schema revision is the one this program expects."""
    from .migrate import current_revision
    from .migrations import HEAD_REVISION

    revision = current_revision(db)
    if revision == HEAD_REVISION:
        return []
    if revision is None:
        return [_("The database has no salescockpit schema.")]
    return [
        _("The schema is at revision {revision}, this program expects {head}.").format(
            revision=revision, head=HEAD_REVISION
        )
    ]


def check_wal_size(db: Database, limit: int = WAL_LIMIT_BYTES) -> list[str]:
    """The write-ahead log is being folded back into the database (checkpointed)."""
    path = sqlite_path(db.url)
    if path is None:
        return []
    wal = path.with_name(path.name + "-wal")
    size = wal.stat().st_size if wal.exists() else 0
    if size <= limit:
        return []
    return [
        _("The write-ahead log {name} holds {mib} MiB: some program keeps a read open; close it.").format(
            name=wal.name, mib=size // (1024 * 1024)
        )
    ]


def check_orphans(db: Database) -> list[str]:
    """No row points at a row that does not exist (PRAGMA foreign_key_check)."""
    if not db.is_sqlite:
        return []
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    broken: Counter[tuple[str, str]] = Counter((row[0], row[2]) for row in rows)
    return [
        _("{n} row(s) in {table} point at missing {parent}.").format(n=n, table=table, parent=parent)
        for (table, parent), n in sorted(broken.items())
    ]


def callback_time_problem(
    created_at: datetime, due_at: datetime, done_at: datetime | None, status: str
) -> str | None:
    """What is impossible about one callback's times, or None."""
    if done_at is not None and done_at < created_at:
        return _("closed before it was created")
    if abs(due_at - created_at) > CALLBACK_HORIZON:
        return _("due more than five years from when it was promised")
    if status == "done" and done_at is None:
        return _("done without a time it was done")
    if status == "open" and done_at is not None:
        return _("open but has a time it was done")
    return None


def check_callback_times(db: Database) -> list[str]:
    """Callbacks whose times cannot be true."""
    query = select(Callback.id, Callback.created_at, Callback.due_at, Callback.done_at, Callback.status)
    found: dict[str, list[int]] = {}
    with db.read() as session:
        for callback_id, created, due, done, status in session.execute(query.order_by(Callback.id)):
            problem = callback_time_problem(created, due, done, status)
            if problem is not None:
                found.setdefault(problem, []).append(callback_id)
    return [
        _("Callback(s) {ids}: {problem}.").format(ids=_examples(ids), problem=problem)
        for problem, ids in found.items()
    ]


def check_rollups(db: Database) -> list[str]:
    """Each lead's roll-up columns equal a fresh recomputation from its children."""
    from .rollups import _rollup_values

    fresh = _rollup_values()
    names = list(fresh)
    query = select(Lead.id, *(getattr(Lead, name) for name in names), *(
        fresh[name].label(f"fresh_{name}") for name in names
    )).order_by(Lead.id)
    wrong: list[int] = []
    with db.read() as session:
        for row in session.execute(query):
            stored, recomputed = row[1 : 1 + len(names)], row[1 + len(names) :]
            if tuple(stored) != tuple(recomputed):
                wrong.append(row[0])
    if not wrong:
        return []
    return [
        _("Lead(s) {ids}: the callback and review summaries disagree with the calls and callbacks.").format(
            ids=_examples(wrong)
        )
    ]


#: (name shown by doctor, check), in the order doctor runs them.
CHECKS: tuple[tuple[str, Callable[[Database], list[str]]], ...] = (
    ("integrity", check_integrity),
    ("schema", check_schema),
    ("wal", check_wal_size),
    ("orphans", check_orphans),
    ("callback times", check_callback_times),
    ("roll-ups", check_rollups),
    ("audit chain", check_audit_chain),
    ("seals", check_seals),
)
#: Checks that name instants: they take the team timezone too.
_TIMED = frozenset({"audit chain", "seals"})


def check_title(name: str) -> str:
    """The sentence doctor prints for a check."""
    titles = {
        "integrity": _("File integrity"),
        "schema": _("Schema revision"),
        "wal": _("Write-ahead log size"),
        "orphans": _("References between rows"),
        "callback times": _("Callback times"),
        "roll-ups": _("Lead summaries"),
        "audit chain": _("Audit trail chain"),
        "seals": _("Records match their seals"),
    }
    return titles.get(name, name)


def run_checks(db: Database, *, tz: tzinfo = timezone.utc) -> list[CheckResult]:
    """Every check, in order; a check that raises reports the error as its problem.

    ``tz`` is the team timezone, for the instants the audit checks name.
    """
    results = []
    for name, check in CHECKS:
        try:
            problems = tuple(check(db, tz) if name in _TIMED else check(db))
        except Exception as error:  # noqa: BLE001 - a damaged file must still get a report
            cause = getattr(error, "orig", None) or error  # the driver's words, not SQLAlchemy's wrapper
            problems = (_("The check could not run: {error}").format(error=cause),)
        results.append(CheckResult(name, problems))
    return results
