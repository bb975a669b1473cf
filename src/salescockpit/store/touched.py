"""Which sealed dossiers a write touches, told from ORM objects, DML statements or audit rows.

A dossier is named by a key ``(entity, id)``: ("lead", 42), ("user", 3), ("script", 1),
("objection_type", 5). A call, callback, objection, lead review, re-check, stage move, phone
call, contact or owner change belongs to its lead; a call review to its call's lead; a review
item to its review's.
The write hooks (`audit_writes`) use this to re-seal every dossier a transaction changed and to
check, before the first change, that each one still matches its last seal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, inspect, select
from sqlalchemy.orm.base import NO_VALUE

from .listening_tables import ReviewMark, ReviewSuggestion, TranscriptLineRow
from .phone_tables import PhoneCall
from .tables import (
    Call,
    CallObjection,
    CallReview,
    CallReviewItem,
    Callback,
    Lead,
    LeadContact,
    LeadReview,
    OwnerChange,
    Recheck,
    StageHistory,
)

Key = tuple[str, int]

#: Tables whose rows carry their lead's id.
LEAD_CHILDREN = frozenset(model.__tablename__ for model in (
    Call, Callback, CallObjection, LeadReview, Recheck, StageHistory, PhoneCall, LeadContact, OwnerChange))
#: Tables that are dossiers of one row, and the entity each is sealed as.
SINGLE = {"users": "user", "scripts": "script", "objection_types": "objection_type"}
#: Every table whose rows are part of some dossier.
#: Tables whose rows carry a call's id (transcripts and marks belong to the call's lead).
CALL_CHILDREN = frozenset(model.__tablename__ for model in (TranscriptLineRow, ReviewMark))
SEALED_TABLES = (LEAD_CHILDREN | CALL_CHILDREN
                 | {"leads", "call_reviews", "call_review_items", ReviewSuggestion.__tablename__} | set(SINGLE))
#: Audit entities and the table their id points into (the trail names rows, not dossiers).
AUDIT_ENTITIES = {"lead": "leads", "call": "calls", "callback": "callbacks", "call_review": "call_reviews",
                  "lead_review": "lead_reviews", "recheck": "rechecks", "user": "users", "script": "scripts",
                  "objection_type": "objection_types"}

_leads, _calls = Lead.__table__, Call.__table__
_reviews, _items = CallReview.__table__, CallReviewItem.__table__
_CHUNK = 500


def _owner_query(table_name: str):
    """(select of the dossier id, the key column of ``table_name`` whose value names a row)."""
    if table_name == "leads":
        return select(_leads.c.id).select_from(_leads), "id"
    if table_name in LEAD_CHILDREN:
        table = _leads.metadata.tables[table_name]
        return select(table.c.lead_id).select_from(table), "lead_id"
    if table_name == "call_reviews" or table_name in CALL_CHILDREN:
        table = _leads.metadata.tables[table_name]
        return select(_calls.c.lead_id).select_from(table.join(_calls, _calls.c.id == table.c.call_id)), "call_id"
    if table_name in ("call_review_items", "review_suggestions"):
        table = _leads.metadata.tables[table_name]
        joined = table.join(_reviews, _reviews.c.id == table.c.review_id).join(
            _calls, _calls.c.id == _reviews.c.call_id)
        return select(_calls.c.lead_id).select_from(joined), "review_id"
    table = _leads.metadata.tables[table_name]
    return select(table.c.id).select_from(table), "id"


def _entity(table_name: str) -> str:
    return SINGLE.get(table_name, "lead")


def rows_to_keys(connection: Connection, table_name: str, row_ids: Iterable[int]) -> set[Key]:
    """The dossiers that the rows ``row_ids`` of ``table_name`` belong to (ids of missing rows vanish)."""
    ids = sorted({row_id for row_id in row_ids if row_id is not None})
    if not ids:
        return set()
    if table_name == "leads" or table_name in SINGLE:
        return {(_entity(table_name), row_id) for row_id in ids}
    table = _leads.metadata.tables[table_name]
    query, _column = _owner_query(table_name)
    found: set[Key] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        found.update(("lead", owner) for owner in connection.execute(query.where(table.c.id.in_(chunk))).scalars()
                     if owner is not None)
    return found


def _by_key_column(connection: Connection, table_name: str, values: Iterable[Any]) -> set[Key]:
    """The dossiers named by key-column values (a lead id, a call id for a review, ...)."""
    values = {value for value in values if value is not None}
    if not values:
        return set()
    if table_name == "call_reviews" or table_name in CALL_CHILDREN:
        return rows_to_keys(connection, "calls", values)
    if table_name in ("call_review_items", "review_suggestions"):
        return rows_to_keys(connection, "call_reviews", values)
    return {(_entity(table_name), int(value)) for value in values}


def object_keys(connection: Connection, objects: Iterable[object]) -> set[Key]:
    """The dossiers that ORM objects belong to, before and after their unflushed changes."""
    values: dict[str, set[Any]] = {}
    for instance in objects:
        table_name = getattr(type(instance), "__tablename__", None)
        if table_name not in SEALED_TABLES:
            continue
        _query, column = _owner_query(table_name)
        history = inspect(instance).attrs[column].history
        seen = [value for value in (*history.added, *history.unchanged, *history.deleted)
                if value is not None and value is not NO_VALUE]
        if not seen:  # not loaded (expired): ask for it
            seen = [getattr(instance, column, None)]
        values.setdefault(table_name, set()).update(seen)
    keys: set[Key] = set()
    for table_name, found in values.items():
        keys |= _by_key_column(connection, table_name, found)
    return keys


def statement_keys(connection: Connection, statement: Any, parameters: Any) -> set[Key] | None:
    """The dossiers an INSERT, UPDATE or DELETE will touch, asked before it runs; None: cannot tell.

    An UPDATE or DELETE is asked with a SELECT over its own WHERE clause; an INSERT is read from its
    parameters (rows inserted into `leads` without ids are new: there is nothing to check yet).
    """
    table = getattr(statement, "table", None)
    table_name = getattr(table, "name", None)
    if table_name not in SEALED_TABLES:
        return set()
    query, column = _owner_query(table_name)
    if statement.is_insert:
        if getattr(statement, "select", None) is not None:
            return None
        rows = parameters if isinstance(parameters, list) else [parameters or {}]
        if getattr(statement, "_values", None) or getattr(statement, "_multi_values", None):
            return None  # values written into the statement itself: not followed
        return _by_key_column(connection, table_name, (row.get(column) for row in rows if isinstance(row, Mapping)))
    if isinstance(parameters, list) and parameters:  # an ORM bulk UPDATE by primary key
        return rows_to_keys(connection, table_name, (row.get("id") for row in parameters if isinstance(row, Mapping)))
    where = statement.whereclause
    if where is not None:
        query = query.where(where)
    keys = {(_entity(table_name), owner) for owner in connection.execute(query).scalars() if owner is not None}
    if statement.is_update:
        values = getattr(statement, "_values", None) or {}
        if any(getattr(name, "key", name) == column for name in values):
            return None  # the rows move to another dossier: too clever to follow
    return keys


def audit_keys(connection: Connection, rows: Iterable[Mapping[str, Any]]) -> set[Key]:
    """The dossiers the audit rows of a write speak about (a safety net for writes the ORM did not see)."""
    by_table: dict[str, set[int]] = {}
    for row in rows:
        table_name = AUDIT_ENTITIES.get(row.get("entity") or "")
        if table_name is not None and row.get("entity_id") is not None and not str(row.get("action")).startswith("seal"):
            by_table.setdefault(table_name, set()).add(row["entity_id"])
    keys: set[Key] = set()
    for table_name, ids in by_table.items():
        keys |= rows_to_keys(connection, table_name, ids)
    return keys
