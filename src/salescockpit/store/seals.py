"""Seals: audit rows that fix a dossier's digest at a moment the program itself wrote it.

A seal row is ``action="seal"``, ``entity`` / ``entity_id`` naming the dossier, ``seal`` its
digest (NULL when the row no longer exists). The latest seal of each dossier must equal a fresh
digest of it; anything else was changed behind the program's back. Seal rows are in the hash
chain like every other row, so a seal cannot be edited to fit a tampered lead either.

Bulk writers call `seal_all` (or `seal_keys`) once at the end; the write hooks call `seal_keys`
for what each transaction touched.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, select

from . import audit_chain
from .audit_chain import audit_log, audit_row
from .dossier import DossierSpec, all_digests, digests
from .touched import Key

SEAL = "seal"
#: Written when a write finds a dossier already differing from its last seal (then re-seals it).
BROKEN = "seal.broken"
_CHUNK = 500


@dataclass(frozen=True)
class LastSeal:
    audit_id: int
    at: datetime
    digest: str | None


def last_seals(connection: Connection, entity: str, condition: ColumnElement) -> dict[int, LastSeal]:
    """{entity id: its latest seal} for the ids ``condition`` (on ``audit_log.c.entity_id``) selects."""
    query = (
        select(audit_log.c.entity_id, audit_log.c.id, audit_log.c.at, audit_log.c.seal)
        .where(audit_log.c.entity == entity, audit_log.c.action == SEAL, condition)
        .order_by(audit_log.c.entity_id, audit_log.c.id)
    )
    return {entity_id: LastSeal(audit_id, at, digest) for entity_id, audit_id, at, digest in connection.execute(query)}


def last_seals_of(connection: Connection, entity: str, ids: Collection[int]) -> dict[int, LastSeal]:
    ordered = sorted(set(ids))
    found: dict[int, LastSeal] = {}
    for start in range(0, len(ordered), _CHUNK):
        found.update(last_seals(connection, entity, audit_log.c.entity_id.in_(ordered[start:start + _CHUNK])))
    return found


def _by_entity(keys: Iterable[Key]) -> dict[str, set[int]]:
    """Keys grouped as {entity: ids}."""
    by_entity: dict[str, set[int]] = {}
    for entity, entity_id in keys:
        by_entity.setdefault(entity, set()).add(entity_id)
    return by_entity


def seal_rows(connection: Connection, keys: Iterable[Key], at: datetime, user_id: int | None) -> list[dict]:
    """One seal row per key, with the digest of the dossier as it is now (ordered by entity, id)."""
    by_entity = _by_entity(keys)
    rows = []
    for entity in sorted(by_entity):
        found = digests(connection, entity, by_entity[entity])
        rows.extend(audit_row(at, user_id, SEAL, entity, entity_id, seal=found.get(entity_id))
                    for entity_id in sorted(by_entity[entity]))
    return rows


def broken_rows(connection: Connection, keys: Iterable[Key]) -> list[dict]:
    """A `BROKEN` row (time and user left for the caller) for each key whose dossier differs from its seal.

    A dossier never sealed is left alone: it was made in this very transaction, or before seals
    existed; `doctor` reports a lead that nobody sealed.
    """
    by_entity = _by_entity(keys)
    rows = []
    for entity in sorted(by_entity):
        seals = last_seals_of(connection, entity, by_entity[entity])
        if not seals:
            continue
        now = digests(connection, entity, seals)
        for entity_id in sorted(seals):
            if now.get(entity_id) != seals[entity_id].digest:
                rows.append(audit_row(None, None, BROKEN, entity, entity_id,  # type: ignore[arg-type]
                                      old=seals[entity_id].digest, new=now.get(entity_id)))
    return rows


def seal_keys(connection: Connection, keys: Iterable[Key], at: datetime, user_id: int | None) -> int:
    """Seal the given dossiers now (in the caller's transaction); return how many."""
    if not audit_chain.chain_ready(connection):
        return 0
    rows = seal_rows(connection, keys, at, user_id)
    audit_chain.append(connection, rows)
    return len(rows)


def seal_all(connection: Connection, at: datetime, user_id: int | None, *,
             spec: DossierSpec | None = None, entities: Collection[str] | None = None) -> int:
    """Seal every dossier of the database (bulk writers, migrations), a chunk at a time."""
    from .dossier import ENTITIES

    if not audit_chain.chain_ready(connection):
        return 0
    count = 0
    for entity in entities or ENTITIES:
        for chunk in all_digests(connection, entity, spec=spec):
            rows = [audit_row(at, user_id, SEAL, entity, entity_id, seal=digest)
                    for entity_id, digest in sorted(chunk.digests.items())]
            audit_chain.append(connection, rows)
            count += len(rows)
    return count
