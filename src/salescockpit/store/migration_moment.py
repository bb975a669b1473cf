"""The instant migrations stamp on the rows they write (the audit chain's start, re-seals).

Normally the wall clock: a migration records when it ran. A demo anchored to a day
(`seed --as-of`) makes its database inside `migrations_stamped_at(moment)`, so a fresh demo
database holds the same rows whenever it is built.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

_stamped_at: ContextVar[datetime | None] = ContextVar("migration_moment", default=None)


def migration_moment() -> datetime:
    """The instant a migration running now stamps: the anchored one, else the wall clock."""
    return _stamped_at.get() or datetime.now(timezone.utc)


@contextmanager
def migrations_stamped_at(moment: datetime) -> Iterator[None]:
    """Migrations run inside this block stamp ``moment`` (aware) instead of the wall clock."""
    if moment.tzinfo is None:
        raise ValueError("the migration moment must be aware")
    token = _stamped_at.set(moment.astimezone(timezone.utc))
    try:
        yield
    finally:
        _stamped_at.reset(token)
