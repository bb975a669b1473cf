"""SQLite and PostgreSQL give byte-identical reports (needs SALESCOCKPIT_TEST_PG_URL, else skipped)."""

from __future__ import annotations

import os

import pytest

from salescockpit.reports import build_report, render
from salescockpit.store.engine import Database
from tests.reports.conftest import FRIDAY, THURSDAY, fresh_postgres, write_story

ADMIN_URL = os.environ.get("SALESCOCKPIT_TEST_PG_URL")


@pytest.mark.skipif(not ADMIN_URL, reason="set SALESCOCKPIT_TEST_PG_URL to an admin PostgreSQL URL")
def test_sqlite_and_postgresql_give_the_same_bytes(tmp_path):
    outputs = []
    sqlite = Database.open(f"sqlite:///{tmp_path / 'same.db'}")
    with fresh_postgres(ADMIN_URL) as url:
        postgres = Database.open(url)
        try:
            for database in (sqlite, postgres):
                ctx = write_story(database).ctx
                outputs.append([
                    render(build_report(ctx, day, manager), fmt)
                    for day in (THURSDAY, FRIDAY)
                    for manager in (None, "anna")
                    for fmt in ("json", "md", "csv", "html")
                ])
        finally:
            postgres.close()
            sqlite.close()
    assert outputs[0] == outputs[1]
