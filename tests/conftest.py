"""Shared fixtures: a real SQLite file per test, a fixed clock, default settings."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

# Snapshots and colours must not depend on the developer's terminal.
os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)

#: The instant every test lives at unless it moves the clock: Monday 23 Nov 2026, 10:00 Moscow.
TEST_NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
TEST_TZ = ZoneInfo("Europe/Moscow")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): the test's subject exists only on SQLite; run the [sqlite] variant only",
    )


@pytest.fixture
def clock():
    from salescockpit.clock import FixedClock

    return FixedClock(TEST_NOW, tz=TEST_TZ)


@pytest.fixture
def db_url(tmp_path):
    """A SQLite file. tests/{store,services,reports,imports} use tests/db_fixtures.py's instead,
    which adds a PostgreSQL variant of every test."""
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def db(db_url):
    from salescockpit.store.engine import Database

    database = Database.open(db_url)
    yield database
    database.close()
