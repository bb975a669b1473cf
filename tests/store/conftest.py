"""Store tests run on SQLite and, when SALESCOCKPIT_TEST_PG names a server, on PostgreSQL too.

Modules about SQLite itself (WAL, BEGIN IMMEDIATE, file backups, killed writers, old files) are
marked ``sqlite_only`` with the reason. See tests/db_fixtures.py.
"""

from __future__ import annotations

from tests.db_fixtures import *  # noqa: F403  (db_url on SQLite and PostgreSQL, and its hook)
