"""The audit trail as a hash chain: each row carries a hash of its content and of the row before.

``row_hash = sha256(prev_hash + JSON[at (UTC ISO), user_id, action, entity, entity_id, field,
old, new, seal])``, rows in id order, the first one after `GENESIS`. Editing, deleting or
inserting a row anywhere breaks a link that `doctor` finds. The end of the chain is kept in
`audit_head` (one row): `append` locks it (``SELECT ... FOR UPDATE`` on PostgreSQL; a SQLite
write transaction is already ``BEGIN IMMEDIATE``), gives the new rows the next ids and moves
it, so two writers can never hang rows off the same link.

`append` is the only way rows enter the trail: the session hooks (`audit_writes`) call it when
a write commits, bulk writers (demo, imports) and migrations call it directly. Without a key the
chain has no secret: someone who knows this code can recompute all of it; writing down the head
(`doctor` prints it) is what shows a rewrite later. A keyed trail (`audit_key`) links its rows
with HMAC-SHA256 from a recorded row on, so only the key's holder can make them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, func, insert, inspect, select, update

from .tables import AuditEntry, AuditHead

audit_log = AuditEntry.__table__
audit_head = AuditHead.__table__

GENESIS = "0" * 64
#: The columns a row hash covers, in the order they are encoded.
HASHED = ("at", "user_id", "action", "entity", "entity_id", "field", "old", "new", "seal")
#: The columns of a row as every schema since 0001 has them (a database not yet at 0005).
PLAIN = ("at", "user_id", "action", "entity", "entity_id", "field", "old", "new")
_READY = "audit_chain_ready"
_LINKED_BY_DATABASE = "audit_chain_linked_by_database"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=1024)
def at_text(at: datetime) -> str:
    """An instant as the hash sees it: UTC, ISO 8601, microseconds (what both databases keep)."""
    if at.tzinfo is None:
        raise ValueError("naive datetime: audit instants must be aware")
    return at.astimezone(timezone.utc).isoformat(timespec="microseconds")


def row_payload(row: Mapping[str, Any]) -> str:
    """What a link covers of one audit row (a mapping with the `HASHED` keys), as text."""
    return _ENCODER.encode([at_text(row["at"]), row["user_id"], row["action"], row["entity"], row["entity_id"],
                            row["field"], row["old"], row["new"], row["seal"]])


def row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    """The (unkeyed) hash of one audit row chained to ``prev_hash``; `audit_key` has the keyed one."""
    return hashlib.sha256((prev_hash + row_payload(row)).encode()).hexdigest()


def audit_row(at: datetime, user_id: int | None, action: str, entity: str, entity_id: int | None, *,
              field: str = "", old: str | None = None, new: str | None = None,
              seal: str | None = None) -> dict[str, Any]:
    """One audit row to append, as a plain mapping."""
    return {"at": at, "user_id": user_id, "action": action, "entity": entity, "entity_id": entity_id,
            "field": field, "old": old, "new": new, "seal": seal}


def chain_ready(connection: Connection) -> bool:
    """Whether the database has the chain (schema 0005 on); remembered per connection once true."""
    info = connection.connection.info  # the pooled DB-API connection's: kept across checkouts
    if info.get(_READY):
        return True
    ready = inspect(connection).has_table("audit_head")
    if ready:
        info[_READY] = True
    return ready


def linked_by_database(connection: Connection) -> bool:
    """Whether PostgreSQL links the chain itself (migration 0090's trigger, `pg_security`).

    Then the head is locked and moved by SECURITY DEFINER functions: a session needs no right
    to write `audit_head`, and every row's links are the database's, whatever the client sent.
    """
    if connection.dialect.name != "postgresql":
        return False
    info = connection.connection.info
    if info.get(_LINKED_BY_DATABASE):
        return True
    linked = connection.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_log_link' "
        "AND tgrelid = to_regclass('audit_log'))").scalar()
    if linked:
        info[_LINKED_BY_DATABASE] = True
    return bool(linked)


def lock_head(connection: Connection) -> tuple[int, str]:
    """(last id, last hash) of the chain, locked until the transaction ends.

    A head row that is missing, or that lags behind rows added outside the program, does not stop
    the writes: new rows take the next free id and link to the head's hash, and `doctor` reports
    the break.
    """
    if linked_by_database(connection):
        row = connection.exec_driver_sql("SELECT last_id, last_hash FROM sc_audit_lock_head()").one()
        return row.last_id, row.last_hash
    row = connection.execute(
        select(audit_head.c.last_id, audit_head.c.last_hash).where(audit_head.c.id == 1).with_for_update()
    ).first()
    highest = connection.execute(select(func.max(audit_log.c.id))).scalar() or 0
    if row is None:
        connection.execute(insert(audit_head).values(id=1, last_id=highest, last_hash=GENESIS))
        return highest, GENESIS
    return max(row.last_id, highest), row.last_hash


def append(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Append ``rows`` (see `audit_row`) to the trail in order, chained; return their ids.

    On a database whose schema predates the chain (only while an old file is being filled for
    an upgrade test, or migrated), the rows go in plain; migration 0005 chains them.
    """
    if not rows:
        return []
    if not chain_ready(connection):
        connection.execute(insert(audit_log), [{name: row.get(name) for name in PLAIN} for row in rows])
        return []
    from .audit_key import chain_hasher

    last_id, previous = lock_head(connection)
    link = chain_hasher(connection)  # plain, or keyed from the row `audit_key.key_the_trail` recorded
    values = []
    for offset, row in enumerate(rows, start=1):
        current = link(previous, row)
        values.append({**{name: row.get(name) for name in HASHED}, "id": last_id + offset,
                       "prev_hash": previous, "row_hash": current})
        previous = current
    _insert_many(connection, values)
    if linked_by_database(connection):
        return [value["id"] for value in values]  # the trigger gave the same links and moved the head
    connection.execute(
        update(audit_head).where(audit_head.c.id == 1).values(last_id=last_id + len(values), last_hash=previous)
    )
    if connection.dialect.name == "postgresql":
        # The ids above were given explicitly: move PostgreSQL's counter past them, so an insert that
        # leaves the id to the database (a future code path, a hand-made repair) does not collide.
        last = int(last_id + len(values))
        connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('audit_log', 'id'), {last})")
    return [value["id"] for value in values]


def _insert_many(connection: Connection, values: list[dict[str, Any]]) -> None:
    """Insert chained rows: a Core INSERT compiled once, run with the driver's executemany.

    The demo appends 100k seal rows; SQLAlchemy's per-row parameter handling cost as much as
    hashing them. Only `at` needs converting (the column type's own bind processor does it).
    """
    if len(values) < 100:
        connection.execute(insert(audit_log), values)
        return
    names = list(values[0])
    compiled = insert(audit_log).compile(dialect=connection.dialect, column_keys=names)
    process_at = audit_log.c.at.type.bind_processor(connection.dialect) or (lambda value: value)
    converted = [{**value, "at": process_at(value["at"])} for value in values]
    params: list[Any] = converted
    if compiled.positiontup is not None:
        order = list(compiled.positiontup)
        params = [tuple(value[name] for name in order) for value in converted]
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(str(compiled), params)
    finally:
        cursor.close()


def read_head(connection: Connection) -> tuple[int, str] | None:
    """(last id, last hash) as the head row says, without locking; None when it is missing."""
    row = connection.execute(
        select(audit_head.c.last_id, audit_head.c.last_hash).where(audit_head.c.id == 1)).first()
    return None if row is None else (row.last_id, row.last_hash)
