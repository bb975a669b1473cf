"""The audit trail's key: HMAC-SHA256 links that only the holder of a key file can make.

Without a key (the one-person set-up, and every trail made before this) a link is
``sha256(prev_hash + row)`` (`audit_chain.row_hash`): anyone who can write the file and knows the
code can recompute a forged trail. With a key, from one recorded row on, a link is
``HMAC-SHA256(key, prev_hash + row)``, and the key file is readable by the service account only.

The switch is one row: `key_the_trail` (the `salescockpit keygen` command) appends an
``audit.keyed`` row, itself the first keyed row, whose ``new`` is the key's fingerprint
(`key_check`), and records its id in `audit_head.keyed_from`. `doctor` checks the rows before it
as plain hashes and the rows from it on with the key. Since the switch row is keyed and links
to the last plain row, nobody without the key can move it, remove it or rewrite anything before
it without `doctor` noticing: with the key given, a trail with no switch row is a problem too.

A writer on a keyed trail needs the key: without it, or with another key, the write is refused
(`AuditKeyProblem`) rather than leaving a link `doctor` would call forged. PostgreSQL links the
trail itself (a trigger, `pg_security`); there the key is not used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, inspect, select, update

from ..i18n import _
from .problems import DatabaseProblem, shown_target

#: The action of the row where the keyed part of the trail begins.
KEYED = "audit.keyed"
_COLUMNS_READY = "audit_key_columns"
_KEYS: WeakKeyDictionary[Engine, bytes] = WeakKeyDictionary()


class AuditKeyProblem(DatabaseProblem):
    """The trail is keyed and this run has no key, or another one: nothing is written."""


class KeyFileError(Exception):
    """The key file cannot be used; ``message`` says why, in one line."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def key_check(key: bytes) -> str:
    """A fingerprint of ``key`` that tells keys apart without revealing them."""
    return hmac.new(key, b"salescockpit audit key check", hashlib.sha256).hexdigest()[:32]


def keyed_row_hash(key: bytes, prev_hash: str, row: Mapping[str, Any]) -> str:
    """The keyed link of one audit row: HMAC-SHA256 over what `audit_chain.row_hash` hashes."""
    from .audit_chain import row_payload

    return hmac.new(key, (prev_hash + row_payload(row)).encode(), hashlib.sha256).hexdigest()


def use_key(engine: Engine, key: bytes | None) -> None:
    """Sign with ``key`` on ``engine``'s connections (None: this run has no key)."""
    if key is None:
        _KEYS.pop(engine, None)
    else:
        _KEYS[engine] = key


def key_of(connection: Connection) -> bytes | None:
    return _KEYS.get(connection.engine)


def _has_key_columns(connection: Connection) -> bool:
    """Whether `audit_head` has migration 0110's columns (an older schema while it is being upgraded has not)."""
    info = connection.connection.info
    if info.get(_COLUMNS_READY):
        return True
    ready = "keyed_from" in {column["name"] for column in inspect(connection).get_columns("audit_head")}
    if ready:
        info[_COLUMNS_READY] = True
    return ready


def recorded_keying(connection: Connection) -> tuple[int | None, str | None]:
    """(first keyed row id, key fingerprint) as the head records them; (None, None) for an unkeyed trail."""
    from .core_tables import audit_head  # Core, not the model: the cockpit's read path checks the key

    if connection.dialect.name != "sqlite" or not _has_key_columns(connection):
        return None, None
    row = connection.execute(
        select(audit_head.c.keyed_from, audit_head.c.key_check).where(audit_head.c.id == 1)).first()
    return (None, None) if row is None else (row.keyed_from, row.key_check)


def _problem(connection: Connection, what: str) -> AuditKeyProblem:
    return AuditKeyProblem(shown_target(connection.engine.url.render_as_string(hide_password=True)), what)


def chain_hasher(connection: Connection) -> Callable[[str, Mapping[str, Any]], str]:
    """How the next links are made: plain, or keyed when the trail is (refused without the right key)."""
    from .audit_chain import row_hash

    key = _trail_key(connection)
    return row_hash if key is None else partial(keyed_row_hash, key)


def _trail_key(connection: Connection) -> bytes | None:
    """The key this trail's next links need (None: an unkeyed trail); refused without the right key."""
    keyed_from, check = recorded_keying(connection)
    if keyed_from is None:
        return None
    key = key_of(connection)
    if key is None:
        raise _problem(connection, _(
            "its audit trail is sealed with a key and this run has none (audit.key_file in the config file, "
            "the service account's, is not set or its file is missing); nothing was written"))
    if key_check(key) != check:
        raise _problem(connection, _(
            "the key file (audit.key_file) is not the key this audit trail is sealed with; nothing was written"))
    return key


def require_the_key(database) -> None:
    """Refuse (`AuditKeyProblem`) a run that could not write to this keyed trail: no key, or another one."""
    with database.engine.connect() as connection:
        _trail_key(connection)


def key_the_trail(connection: Connection, key: bytes, at: datetime, user_id: int | None) -> int:
    """Begin the keyed part of the trail now (in the caller's write transaction); return its first row id."""
    from .audit_chain import append, audit_head, audit_row, lock_head

    if connection.dialect.name != "sqlite":
        raise ValueError("the audit key is for SQLite; PostgreSQL links the trail itself")
    keyed_from, _check = recorded_keying(connection)
    if keyed_from is not None:
        raise _problem(connection, _("its audit trail is keyed already (from row {id} on)").format(id=keyed_from))
    last_id, _last_hash = lock_head(connection)
    connection.execute(update(audit_head).where(audit_head.c.id == 1)
                       .values(keyed_from=last_id + 1, key_check=key_check(key)))
    use_key(connection.engine, key)
    (first,) = append(connection, [audit_row(at, user_id, KEYED, "audit", None, new=key_check(key))])
    return first


# The key file.

def new_key_file(path: Path) -> bytes:
    """Make the key file (mode 0600, never over an existing file) with a new random key; return the key."""
    key = secrets.token_bytes(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(_("{path} exists already: a key file is never overwritten (the trail it keys "
                             "needs it)").format(path=path)) from None
    except OSError as error:
        raise KeyFileError(_("{path}: cannot make the key file ({reason})").format(
            path=path, reason=error.strerror or error)) from None
    with os.fdopen(descriptor, "w") as file:
        file.write(key.hex() + "\n")
    return key


def configured_key(path: Path | None) -> bytes | None:
    """The key of the configured key file; None when none is configured or the file is not made yet
    (`salescockpit keygen` makes it: a keyed trail then refuses writes, and `doctor` says so)."""
    if path is None:
        return None
    try:
        return read_key_file(path)
    except FileNotFoundError:
        return None


def read_key_file(path: Path) -> bytes:
    """The key in ``path``; FileNotFoundError when it is missing, KeyFileError when it is unreadable,
    readable by others or not a key."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise KeyFileError(_("{path}: cannot read the audit key file ({reason})").format(
            path=path, reason=reason)) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(_("{path} holds the audit key and others may read it: chmod 600 {path}").format(path=path))
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise KeyFileError(_("{path} is not an audit key file (64 hex digits, as salescockpit keygen "
                             "writes)").format(path=path))
    return key
