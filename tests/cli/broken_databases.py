"""Databases that cannot be used, made for real: corrupt, cut short, read-only, a folder, locked, on a full disk.

Each maker takes a good database file (a seeded team) and a scratch folder and returns the
``--db`` value to use; the ones that hold something (a lock, a mount, an immutable flag) undo it
when the test ends through the ``finalizers`` list.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Finalizers = list[Callable[[], None]]


def corrupt(good: Path, folder: Path, _finalizers: Finalizers) -> Path:
    """Not a database at all: a text file where the database should be."""
    path = folder / "corrupt.db"
    path.write_bytes(b"these are the minutes of the sales meeting, not a database\n" * 200)
    return path


def truncated(good: Path, folder: Path, _finalizers: Finalizers) -> Path:
    """A copy cut short: its first two pages only (as a copy interrupted half-way leaves it)."""
    path = folder / "truncated.db"
    path.write_bytes(good.read_bytes()[: 2 * 4096])
    return path


def read_only(good: Path, folder: Path, finalizers: Finalizers) -> Path:
    """A file nobody may write (root writes any file: it gets the immutable flag instead)."""
    path = folder / "read-only.db"
    shutil.copyfile(good, path)
    if os.geteuid() != 0:
        path.chmod(0o444)
        return path
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode != 0:
        pytest.skip("running as root, and this file system has no immutable flag (chattr +i)")
    finalizers.append(lambda: subprocess.run(["chattr", "-i", str(path)], check=False))
    return path


def folder_instead(good: Path, folder: Path, _finalizers: Finalizers) -> Path:
    """A folder where the database file should be."""
    path = folder / "team.db"
    path.mkdir()
    return path


def locked(good: Path, folder: Path, finalizers: Finalizers) -> Path:
    """Another program holds an exclusive lock (and keeps it until the test ends)."""
    path = folder / "locked.db"
    shutil.copyfile(good, path)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE users SET display_name = display_name")
    finalizers.append(holder.close)
    return path


def on_full_disk(good: Path, folder: Path, finalizers: Finalizers) -> Path:
    """The database on a small file system (a tmpfs) filled up to the last byte."""
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small tmpfs mounted, which needs root (CI runs as root)")
    mount = folder / "small-disk"
    mount.mkdir()
    size = good.stat().st_size + 256 * 1024
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    finalizers.append(lambda: subprocess.run(["umount", "-l", str(mount)], check=False))
    path = mount / "full.db"
    shutil.copyfile(good, path)
    filler = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(filler, b"\0" * 512):
            pass
    except OSError:
        pass  # no space left on device: that was the point
    finally:
        os.close(filler)
    return path


#: name -> (maker, whether every command must fail: a read needs no write on a read-only file or a full disk)
STATES: dict[str, tuple[Callable[[Path, Path, Finalizers], Path], bool]] = {
    "corrupt": (corrupt, True),
    "truncated": (truncated, True),
    "read-only": (read_only, False),
    "folder": (folder_instead, True),
    "locked": (locked, True),
    "full-disk": (on_full_disk, False),
}
