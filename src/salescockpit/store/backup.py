"""Backing up a live SQLite database and restoring it, without ever harming the one in use.

A backup uses SQLite's online backup API (`migrate.copy_sqlite`): it is consistent even while
other programs keep writing. It is written beside the destination under a temporary name,
checked with `PRAGMA integrity_check`, and renamed into place, so a half-written backup never
carries the final name.

A restore refuses to replace a database that someone has open. Two independent signs count as
"in use": SQLite cannot give us an exclusive lock on it within a short busy timeout (this sees
connections in this process and in others, since WAL connections hold a shared lock on the file
while open), and, on Linux, another process holds a POSIX lock on the file or its shared-memory
index. While the exclusive lock is held, the old database leaves WAL mode (so no stale `-wal`
file can be replayed onto the restored one) and the checked copy is renamed over it atomically.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from .migrate import copy_sqlite

#: How long a restore waits for the target database to become free before calling it "in use".
IN_USE_TIMEOUT_MS = 300


class BackupError(Exception):
    """A backup or restore could not be done; ``message`` says why, for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseInUse(BackupError):
    """The restore's target is open elsewhere (it is locked): the CLI exits with 2."""


@dataclass(frozen=True)
class BackupDone:
    path: Path
    size_bytes: int


def integrity_problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` says is wrong with the SQLite file at ``path`` (empty = fine)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def _temporary_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def _remove(path: Path) -> None:
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                 path.with_name(path.name + "-journal")):
        name.unlink(missing_ok=True)


def backup_database(source: Path, target: Path) -> BackupDone:
    """Copy the live database ``source`` to the new file ``target`` (refused if it exists)."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise BackupError(_("There is no database at {path}.").format(path=source))
    if target.exists():
        raise BackupError(_("{path} already exists; choose a new file name.").format(path=target))
    if target.resolve() == source.resolve():
        raise BackupError(_("A backup cannot overwrite the database itself."))
    temporary = _temporary_beside(target)
    try:
        copy_sqlite(source, temporary)
        _to_rollback_journal(temporary)
        problems = integrity_problems(temporary)
        if problems:
            raise BackupError(_("The copy failed its integrity check: {detail}").format(detail=problems[0]))
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(_("The backup failed: {error}").format(error=error)) from error
    finally:
        _remove(temporary)
    return BackupDone(target, target.stat().st_size)


def _to_rollback_journal(path: Path) -> None:
    """Make ``path`` a single self-contained file (no -wal beside it) before it is renamed."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def other_process_lock(path: Path) -> int | None:
    """The id of another process holding a POSIX lock on ``path`` or its -shm index (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    import fcntl

    for candidate in (path, path.with_name(path.name + "-shm")):
        if not candidate.exists():
            continue
        with open(candidate, "rb") as handle:
            query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
            answer = fcntl.fcntl(handle.fileno(), fcntl.F_GETLK, query)
            kind, _whence, _start, _length, pid = struct.unpack("hhqqi4x", answer)
            if kind != fcntl.F_UNLCK:
                return pid
    return None


def _lock_exclusively(path: Path) -> sqlite3.Connection | None:
    """A connection holding an exclusive lock on ``path``; BackupError when someone has it open.

    None for a file SQLite cannot read at all (a damaged database is what restores are for).
    """
    connection = sqlite3.connect(path, timeout=IN_USE_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {IN_USE_TIMEOUT_MS}")
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("COMMIT")
        # Still holding the lock (exclusive locking mode): fold the WAL in and leave WAL mode.
        connection.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.DatabaseError as error:
        connection.close()
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseInUse(
                _("{path} is in use: close salescockpit everywhere it is open, then restore again.").format(path=path)
            ) from error
        return None
    return connection


def restore_database(backup: Path, target: Path, *, force: bool = False) -> Path:
    """Put the backup file ``backup`` in place of the database ``target``.

    Refused when the backup is damaged, when ``target`` exists and ``force`` is not given, and
    always when ``target`` is in use. Returns ``target``.
    """
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise BackupError(_("There is no backup at {path}.").format(path=backup))
    problems = integrity_problems(backup)
    if problems:
        raise BackupError(_("The backup is damaged: {detail}").format(detail=problems[0]))
    exists = target.exists()
    if exists and not force:
        raise BackupError(
            _("{path} exists; give --force to replace it with the backup.").format(path=target)
        )
    if exists:
        pid = other_process_lock(target)
        if pid is not None:
            raise DatabaseInUse(
                _("{path} is in use by process {pid}: close it there, then restore again.").format(path=target, pid=pid)
            )
    temporary = _temporary_beside(target)
    lock = _lock_exclusively(target) if exists else None
    try:
        copy_sqlite(backup, temporary)
        _to_rollback_journal(temporary)
        if exists:  # a shared database keeps its group-write bits (docs/deploy.md)
            os.chmod(temporary, target.stat().st_mode & 0o777)
        # The old index is no use to anyone now (we hold the only connection, out of WAL mode).
        target.with_name(target.name + "-shm").unlink(missing_ok=True)
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(_("The restore failed: {error}").format(error=error)) from error
    finally:
        _remove(temporary)
        if lock is not None:
            lock.close()
    return target
