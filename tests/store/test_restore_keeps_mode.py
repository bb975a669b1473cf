"""A restore keeps the replaced database's permission bits: a team's shared file stays group-writable.

SQLite makes a new file 0644 minus the umask and copies the database's mode onto its -wal and
-shm files, so a restored file that lost its group-write bit locks the whole team out of writing
(docs/deploy.md, set-up 2).
"""

from __future__ import annotations

import stat

import pytest

from salescockpit.store.backup import backup_database, restore_database
from salescockpit.store.engine import Database

pytestmark = pytest.mark.sqlite_only("restore replaces a SQLite file")


def test_restore_keeps_the_group_write_bit(tmp_path):
    target = tmp_path / "team.db"
    Database.open(target).close()
    saved = backup_database(target, tmp_path / "saved.db").path
    saved.chmod(0o640)
    target.chmod(0o660)
    restore_database(saved, target, force=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o660
