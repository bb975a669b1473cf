"""What went wrong with a database file, in one line a user can act on.

Every way a database can be unusable (missing, not a database, damaged, read-only, a folder,
locked by another program, a full disk) ends up here: `describe_database_error` turns the
driver's exception into "<what happened>. <what to do>", and `DatabaseProblem` carries that
text (as `message`, like a service error) together with the file it is about. The CLI shows it
as one `Error:` line with exit code 2; the cockpit shows it in place of a traceback.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from ..i18n import _


class DatabaseProblem(Exception):
    """The database ``target`` cannot be used; ``message`` names it and says what to do."""

    def __init__(self, target: str, what: str) -> None:
        self.target = target
        self.what = what
        self.message = f"{target}: {sentence(what)}"
        super().__init__(self.message)


def sentence(what: str) -> str:
    """``what`` ending with a full stop."""
    return what if what.endswith((".", "!", "?")) else what + "."


class NoDatabase(DatabaseProblem):
    """There is no salescockpit database at the target (missing, empty or someone else's file)."""


class ReadOnlyDatabase(DatabaseProblem):
    """The database may be read but not written."""


def shown_target(target: str | Path) -> str:
    """How a database is named in a message: the absolute file path, or the URL without password."""
    text = str(target)
    if "://" not in text:
        return str(Path(text).expanduser().absolute())
    if text.startswith("sqlite:///"):
        return text.removeprefix("sqlite:///") or text
    try:
        return make_url(text).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL we cannot parse is still worth naming
        return text


def no_database(target: str | Path) -> NoDatabase:
    return NoDatabase(
        shown_target(target),
        _("no salescockpit database here. Check --db (or SALESCOCKPIT_DB); "
          "to start a new one, add its head of sales: salescockpit user add LOGIN --name NAME --role head"),
    )


def is_a_folder(target: str | Path) -> DatabaseProblem:
    return DatabaseProblem(shown_target(target), _folder_text())


def _folder_text() -> str:
    return _("this is a folder, not a database file. Give the database file with --db")


def foreign_database(target: str | Path) -> DatabaseProblem:
    return DatabaseProblem(
        shown_target(target),
        _("this database belongs to another program (it has tables, but not salescockpit's); "
          "nothing was changed. Give another --db"),
    )


def no_users_yet(name: str) -> str:
    """What a database that has its schema but no user yet says to whoever opens it."""
    return _("The database {db} has no users yet. Add its head of sales first: "
             "salescockpit user add LOGIN --name NAME --role head").format(db=name)


def read_only_text() -> str:
    return _("the database is read-only, so nothing can be saved. Ask for write access to the file, or work on a copy")


def read_only(target: str | Path) -> ReadOnlyDatabase:
    return ReadOnlyDatabase(shown_target(target), read_only_text())


def require_writable(database) -> None:
    """A write command on a read-only database says so before it looks anything up."""
    if database.read_only:
        from .connection import sqlite_path

        raise read_only(sqlite_path(database.url) or database.display_name)


def _driver_error(error: BaseException) -> BaseException:
    """The DB-API error under a SQLAlchemy wrapper (or the error itself)."""
    original = getattr(error, "orig", None)
    return original if isinstance(original, BaseException) else error


def describe_database_error(error: BaseException, path: Path | None = None) -> str | None:
    """``error`` as "<what happened>. <what to do>", or None when it is not about the database file.

    ``path`` (the database file, when known) tells a full disk from a failing one: SQLite says
    "disk I/O error" for both when it cannot grow its shared-memory index.
    """
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DatabaseProblem):
        return error.what
    if isinstance(error, IsADirectoryError):
        return _folder_text()
    if isinstance(error, OSError) and not isinstance(error, FileNotFoundError):
        return _describe_os_error(error)
    if not isinstance(error, (DBAPIError, sqlite3.DatabaseError)):
        return None
    text = str(_driver_error(error)).strip().splitlines()[0].lower() if str(_driver_error(error)).strip() else ""
    if "file is not a database" in text or "file is encrypted" in text:
        return _("this file is not a salescockpit database (or not a database at all). "
                 "Check the --db path, or restore a backup with: salescockpit restore BACKUP --force")
    if "disk i/o error" in text:
        if path is not None and _disk_is_full(path):
            return _("the disk is full, nothing was saved. Free some space and try again")
        return _("the disk failed to read or write the file (an I/O error). Check the disk, then run salescockpit doctor")
    if "malformed" in text or "database corrupt" in text:
        return _("the database file is damaged (cut short or corrupted). "
                 "Restore a backup with: salescockpit restore BACKUP --force")
    if "readonly" in text or "read-only" in text or "read only" in text:
        return read_only_text()
    if "locked" in text or "busy" in text:
        return _("the database is locked by another program. Try again when it has finished, or close it")
    if "full" in text:
        return _("the disk is full, nothing was saved. Free some space and try again")
    if "unable to open" in text or "cannot open" in text:
        return _("the database file cannot be opened. Check that the path is a file you may read and write, "
                 "in a folder you may write")
    if "permission denied" in text or "row-level security" in text or "must be owner" in text:
        return _("your database role may not do this ({error}). Ask the head of sales").format(error=text)
    first = text or type(error).__name__
    return _("the database refused: {error}. Run salescockpit doctor, or restore a backup").format(error=first)


def _disk_is_full(path: Path) -> bool:
    import shutil

    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def _describe_os_error(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return _("the disk is full, nothing was saved. Free some space and try again")
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _("the file or its folder may not be written ({error}). Ask for write access, or use another path").format(
            error=error.strerror or error)
    return _("the file cannot be used: {error}").format(error=error.strerror or error)
