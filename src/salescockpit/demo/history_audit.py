"""The demo's history into the audit trail: one chained row per thing a service would have audited.

The demo collects rows as plain tuples ``(at: seconds since the epoch, user id, action, entity,
entity id, field, old, new)`` while it writes (`BulkWriter.audit`); `chain_history` appends them,
oldest first, to the hash chain of `store/audit_chain.py`, so `doctor` checks them like any
other row and a lead's trail (`t` on its card) tells its story.

A 10,000-lead demo has about 170,000 such rows. On SQLite they take a fast path: each instant is
formatted once per minute from the whole seconds (`at_text` and the stored text alike), hashed
exactly as `audit_chain.row_hash` does, and inserted with the raw sqlite3 `executemany` while the
trail's secondary indexes are dropped (writer.py rebuilds them). Elsewhere `audit_chain.append`
does it all, a chunk at a time. The demo's tests run `check_audit_chain` over both paths.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, update

from salescockpit.store.audit_chain import append, audit_head, audit_row, chain_ready, lock_head

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
CHUNK = 20_000  # rows per `append` call on the general path
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as audit_chain's
_INSERT = ("INSERT INTO audit_log (id, at, user_id, action, entity, entity_id, field, old, new, seal, prev_hash, "
           "row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def chain_history(connection: Connection, rows: list[tuple], *, stamp: Callable[[int | None], Any] | None = None,
                  raw: Any = None) -> int:
    """Append ``rows`` (see the module doc) to the trail in time order; return how many.

    ``raw`` (the sqlite3 connection under ``connection``) and ``stamp`` (seconds -> the text SQLite
    holds) select the fast path; without them, or before the chain exists, `append` is used.
    """
    rows = sorted(rows, key=itemgetter(0))  # stable: rows of the same second keep their order
    from salescockpit.store.audit_key import recorded_keying

    # A keyed trail (store/audit_key.py) takes `append`, which makes keyed links.
    if raw is not None and stamp is not None and chain_ready(connection) and recorded_keying(connection)[0] is None:
        _chain_fast(connection, raw, rows, stamp)
        return len(rows)
    for start in range(0, len(rows), CHUNK):
        append(connection, [
            audit_row(EPOCH + timedelta(seconds=at), user_id, action, entity, entity_id, field=field, old=old, new=new)
            for at, user_id, action, entity, entity_id, field, old, new in rows[start:start + CHUNK]
        ])
    return len(rows)


def iso_stamper() -> Callable[[int], str]:
    """Seconds since the epoch -> `audit_chain.at_text` of that instant (UTC, microseconds)."""
    minutes: dict[int, str] = {}

    def iso(seconds: int) -> str:
        minute, second = divmod(seconds, 60)
        prefix = minutes.get(minute)
        if prefix is None:
            prefix = minutes[minute] = (EPOCH + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:")
        return f"{prefix}{second:02d}.000000+00:00"

    return iso


def _chain_fast(connection: Connection, raw: Any, rows: list[tuple], stamp: Callable[[int | None], Any]) -> None:
    last_id, previous = lock_head(connection)
    iso, sha256, values = iso_stamper(), hashlib.sha256, []
    for number, (at, user_id, action, entity, entity_id, field, old, new) in enumerate(rows, start=last_id + 1):
        payload = _ENCODE([iso(at), user_id, action, entity, entity_id, field, old, new, None])
        current = sha256((previous + payload).encode()).hexdigest()
        values.append((number, stamp(at), user_id, action, entity, entity_id, field, old, new, None, previous, current))
        previous = current
    raw.executemany(_INSERT, values)
    connection.execute(
        update(audit_head).where(audit_head.c.id == 1).values(last_id=last_id + len(values), last_hash=previous))
