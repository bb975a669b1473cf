"""The audit side of every write transaction: queue rows, check seals, seal, chain, in one place.

`Database.write` calls `track_audit(session)`. From then on:

- services queue audit rows with `queue_rows` (services/audit.py does it); an `AuditEntry`
  added to the session is queued the same way. Nothing reaches `audit_log` before commit.
- a flush or statement that would update or delete audit rows raises `AuditTrailError`.
- before the first change to a dossier (a lead and its children, a user, a script, an objection
  type), its digest is compared with its last seal. A difference means someone changed it
  behind the program's back since: a "seal.broken" row records it before this write re-seals
  the dossier and buries the evidence.
- just before commit, every dossier the transaction touched is re-sealed and all queued rows are
  appended to the hash chain (`audit_chain.append`) under the chain's head lock.

On PostgreSQL the head is locked when the write begins, as SQLite's ``BEGIN IMMEDIATE`` does
for the whole file: a seal then always covers one still state, and a check before a change never
races another writer's commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import TextClause, event
from sqlalchemy.orm import ORMExecuteState, Session

from .audit_chain import append, audit_row, chain_ready, lock_head
from .seals import broken_rows, seal_rows
from .tables import AuditEntry
from .touched import Key, audit_keys, object_keys, statement_keys

_STATE = "audit_writes"
_PROTECTED = frozenset({"audit_log", "audit_head"})
_DML_WORDS = frozenset({"insert", "update", "delete", "replace", "with", "upsert"})


class AuditTrailError(RuntimeError):
    """Audit rows were about to be changed or deleted, or written outside a write transaction."""


@dataclass
class _WriteState:
    queued: list[dict[str, Any]] = field(default_factory=list)
    touched: set[Key] = field(default_factory=set)
    checked: set[Key] = field(default_factory=set)
    blind: bool = False  # a statement changed sealed rows in a way we cannot follow: stop checking

    def clear(self) -> None:
        self.queued.clear()
        self.touched.clear()
        self.checked.clear()
        self.blind = False


def queue_rows(session: Session, rows: Iterable[Mapping[str, Any]]) -> None:
    """Queue audit rows (see `audit_chain.audit_row`) to be chained in when ``session`` commits."""
    state = session.info.get(_STATE)
    if state is None:
        raise AuditTrailError("audit rows can only be written inside Database.write()")
    state.queued.extend(dict(row) for row in rows)


def _entry_row(entry: AuditEntry) -> dict[str, Any]:
    return audit_row(entry.at, entry.user_id, entry.action, entry.entity, entry.entity_id, field=entry.field or "",
                     old=entry.old, new=entry.new, seal=entry.seal)


def _is_dml_text(statement: TextClause) -> bool:
    words = statement.text.split(None, 1)
    return bool(words) and words[0].lower() in _DML_WORDS


def _check_before_change(session: Session, state: _WriteState, keys: set[Key]) -> None:
    """Queue a "seal.broken" row for each dossier (not yet checked here) that differs from its seal."""
    fresh = keys - state.checked
    if state.blind or not fresh:
        return
    state.checked |= fresh
    connection = session.connection()
    if chain_ready(connection):
        state.queued.extend(broken_rows(connection, fresh))


def _finish(session: Session, state: _WriteState) -> None:
    """Seal what the transaction touched and chain every queued row in (runs just before commit)."""
    connection = session.connection()
    if not chain_ready(connection):
        append(connection, [row for row in state.queued if row["at"] is not None])
        state.clear()
        return
    state.touched |= audit_keys(connection, state.queued)
    at = max((row["at"] for row in state.queued if row["at"] is not None), default=None)
    at = at or datetime.now(timezone.utc)
    user_id = next((row["user_id"] for row in reversed(state.queued) if row["user_id"] is not None), None)
    for row in state.queued:
        if row["at"] is None:  # a "seal.broken" row: found now, by this write's user
            row["at"], row["user_id"] = at, user_id
    append(connection, state.queued + seal_rows(connection, state.touched, at, user_id))
    state.clear()


def track_audit(session: Session) -> None:
    """Make ``session`` (a write transaction) keep the audit trail and the seals; see the module doc."""
    state = _WriteState()
    session.info[_STATE] = state
    if session.get_bind().dialect.name == "postgresql":
        connection = session.connection()
        if chain_ready(connection):
            lock_head(connection)

    @event.listens_for(session, "before_flush")
    def _before_flush(session: Session, _context, _instances) -> None:
        for instance in list(session.new):
            if isinstance(instance, AuditEntry):
                state.queued.append(_entry_row(instance))
                session.expunge(instance)
        for instance in session.deleted:
            if isinstance(instance, AuditEntry):
                raise AuditTrailError(f"audit row {instance.id} cannot be deleted: the trail is append-only")
        for instance in session.dirty:
            if isinstance(instance, AuditEntry) and session.is_modified(instance):
                raise AuditTrailError(f"audit row {instance.id} cannot be changed: the trail is append-only")
        keys = object_keys(session.connection(), (*session.new, *session.dirty, *session.deleted))
        state.touched |= keys
        _check_before_change(session, state, keys)

    @event.listens_for(session, "after_flush")
    def _after_flush(session: Session, _context) -> None:
        state.touched |= object_keys(session.connection(), session.new)  # new rows have their ids now

    @event.listens_for(session, "do_orm_execute")
    def _on_execute(execute: ORMExecuteState) -> None:
        statement = execute.statement
        if not (execute.is_insert or execute.is_update or execute.is_delete):
            if isinstance(statement, TextClause) and _is_dml_text(statement):
                state.blind = True
            return
        table_name = getattr(getattr(statement, "table", None), "name", None)
        if table_name in _PROTECTED:
            raise AuditTrailError(f"{table_name} is written by the audit chain only (store/audit_chain.py)")
        keys = statement_keys(session.connection(), statement, execute.parameters)
        if keys is None:
            state.blind = True
            return
        state.touched |= keys
        _check_before_change(session, state, keys)

    @event.listens_for(session, "before_commit")
    def _before_commit(session: Session) -> None:
        session.flush()
        _finish(session, state)

    @event.listens_for(session, "after_rollback")
    def _after_rollback(_session: Session) -> None:
        state.clear()
