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


@pytest.fixture
def clock():
    from salescockpit.clock import FixedClock

    return FixedClock(TEST_NOW, tz=TEST_TZ)


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def db(db_url):
    from salescockpit.store.engine import Database

    database = Database.open(db_url)
    yield database
    database.close()
