"""The head's morning on demo databases: built once per module with the demo writer, copied per test.

The demos play the head's last mornings of daily control (`demo/daily_control.py`) as the CLI's do,
unless a module asks for the bare history (``daily_control=False``).
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import TEST_NOW, TEST_TZ


def build_demo_file(folder, leads: int, seed: int = 7, daily_control: bool = True):
    from salescockpit.demo import build_demo
    from salescockpit.store.engine import Database

    path = folder / f"demo{leads}.db"
    database = Database.open(path)
    build_demo(database, leads=leads, seed=seed, now=TEST_NOW, tz=TEST_TZ, daily_control=daily_control)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def fresh_copy(tmp_path):
    """Copy a built demo file for one test (so writes never leak between tests)."""

    def copy(source):
        target = tmp_path / source.name
        shutil.copyfile(source, target)
        return target

    return copy


@pytest.fixture
def morning_ctx(clock):
    """A service context on a demo file at the fixed test instant."""
    from salescockpit.config import Settings
    from salescockpit.services.context import ServiceContext
    from salescockpit.store.engine import Database

    opened = []

    def make(path, **settings):
        context = ServiceContext(db=Database.open(path), clock=clock,
                                 settings=Settings(timezone="Europe/Moscow", **settings))
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.db.close()
