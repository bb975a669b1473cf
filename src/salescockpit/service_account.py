"""Who you are when salescockpit runs as the service account that owns the shared SQLite file.

The shared file and its folder belong to a service account (mode 0700); each team member runs
``sudo -u salescockpit salescockpit ...`` (a sudoers rule allows that one program). The rule that
decides it, and that the person at the keyboard cannot bend:

    the process runs through sudo as another account than the one who called sudo, and neither
    is root: ``SUDO_USER`` and ``SUDO_UID`` are set, ``SUDO_UID`` is neither our uid nor 0, and
    our uid is not 0.

sudo sets ``SUDO_USER``/``SUDO_UID`` itself and drops the caller's environment (``env_reset``), so a
caller cannot choose them; without sudo they run as themselves and cannot open the 0700 folder at
all. Then you are ``SUDO_USER`` (your OS login is your salescockpit login), and ``--user``,
``SALESCOCKPIT_USER``, ``--config`` and ``SALESCOCKPIT_CONFIG`` are refused: the service account's
own config file (its database, its audit key) is the one that counts. Root is left out, as the
account we run as and as the caller (an administrator's ``sudo -u salescockpit ... --user olga``):
root can read the file and the key anyway, so refusing it protects nothing.

A file named on the command line (an export's ``--output``, a file to import, a backup) is read or
written by the service account on the caller's behalf: one that belongs to the service account, or
lies anywhere under a folder of its own, is refused (`refuse_service_files`), so nobody overwrites the database
with an export or reads the key file through an import's error messages. What salescockpit
writes through sudo belongs to the service account, so it is written private (umask 077, set by
`launch`): a head's backup in /tmp is not a copy of the database for everyone on the machine. An
export for yourself goes to standard output (``--output -``), into a file your own shell makes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from .i18n import _


class ServiceAccountRefusal(Exception):
    """An option a person running through sudo may not give; ``message`` is the one line to show."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def sudo_caller(environ: Mapping[str, str], uid: int) -> str | None:
    """The OS login that ran us through sudo as the service account, or None when that is not the case."""
    caller = environ.get("SUDO_USER", "").strip()
    caller_uid = environ.get("SUDO_UID", "").strip()
    if not caller or not caller_uid.isdigit() or uid == 0 or int(caller_uid) in (uid, 0):
        return None
    return caller


def private_files_through_sudo(environ: Mapping[str, str]) -> None:
    """Through sudo, whatever this process writes is readable by the service account only (umask 077)."""
    if sudo_caller(environ, os.getuid()) is not None:
        os.umask(0o077)


def refuse_chosen_identity(caller: str, *, user: str | None, config: object | None,
                           environ: Mapping[str, str]) -> None:
    """Refuse what would let ``caller`` act as someone else or read another config (one line each)."""
    named = user if user is not None else environ.get("SALESCOCKPIT_USER", "").strip() or None
    if named is not None:
        where = "--user" if user is not None else "SALESCOCKPIT_USER"
        raise ServiceAccountRefusal(
            _("You run salescockpit through sudo as {caller}, so you act as {caller}: {where} is refused.")
            .format(caller=caller, where=where))
    if config is not None or environ.get("SALESCOCKPIT_CONFIG", "").strip():
        where = "--config" if config is not None else "SALESCOCKPIT_CONFIG"
        raise ServiceAccountRefusal(
            _("You run salescockpit through sudo: the service account's own config file counts, {where} is refused.")
            .format(where=where))


def _owned_by(path: Path, uid: int) -> bool:
    try:
        return path.stat().st_uid == uid
    except OSError:
        return False


def refuse_service_files(paths: Iterable[Path], uid: int) -> None:
    """Refuse a path that is the service account's (``uid``), or under a folder of its own (the caller could
    not reach it themselves), as given and with symlinks followed."""
    for given in paths:
        if str(given) == "-":  # standard output: the caller's shell opened it
            continue
        path = Path(os.path.abspath(given.expanduser()))
        resolved = path.resolve(strict=False)
        for candidate in {path, *path.parents, resolved, *resolved.parents}:
            if _owned_by(candidate, uid):
                raise ServiceAccountRefusal(
                    _("{path}: through sudo, salescockpit reads and writes no file of the service account's; "
                      "give a file in a folder of your own.").format(path=given))


def refuse_service_files_through_sudo(paths: Iterable[Path], environ: Mapping[str, str] | None = None) -> None:
    """`refuse_service_files` when this process runs through sudo as the service account; else nothing."""
    if sudo_caller(os.environ if environ is None else environ, os.getuid()) is not None:
        refuse_service_files(paths, os.getuid())
