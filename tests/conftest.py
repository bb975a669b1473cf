"""Shared fixtures: a real SQLite file per test, a fixed clock, default settings."""

from __future__ import annotations

import gettext
import os
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

pytest_plugins = ["pytester"]  # tests/test_state_isolation.py runs small suites of its own in-process

# Snapshots and colours must not depend on the developer's terminal.
os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)
# Nor the language: a developer's LANG=ru_RU.UTF-8 or SALESCOCKPIT_LANG=ru would turn every
# in-process CLI test Russian. Tests that want a language ask for it (and get it put back).
for _name in ("LANGUAGE", "SALESCOCKPIT_LANG"):
    os.environ.pop(_name, None)
for _name in ("LC_ALL", "LC_MESSAGES", "LANG"):
    if os.environ.get(_name, "C").split(".")[0].split("_")[0] not in ("C", "POSIX", "en"):
        os.environ[_name] = "C.UTF-8"

#: The instant every test lives at unless it moves the clock: Monday 23 Nov 2026, 10:00 Moscow.
TEST_NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)
TEST_TZ = ZoneInfo("Europe/Moscow")


def _process_state_variable(name: str) -> bool:
    """The environment variables a test may change that change what the product does."""
    return name.startswith(("SALESCOCKPIT_", "LC_")) or name in ("LANG", "LANGUAGE", "TZ", "NO_COLOR", "TEXTUAL_THEME")


@pytest.fixture(autouse=True)
def _restore_language_and_environment():
    """Whatever a test does to the language or the environment does not reach the next test.

    `set_language` (also called by every CLI command, e.g. through CliRunner with ``--lang ru``)
    changes the active catalog, the stdlib's global gettext domain and ``LANGUAGE`` for the whole
    process; `serve` sets SALESCOCKPIT_DB/USER. Everything is put back after each test, so the
    suite passes in any order (pytest-randomly) and in any split between xdist workers.
    """
    from salescockpit import i18n

    saved_i18n = (i18n._translation, i18n._language, i18n.LOCALE_DIR)
    saved_gettext = (gettext._current_domain, dict(gettext._localedirs))
    saved_environ = {name: value for name, value in os.environ.items() if _process_state_variable(name)}
    _forget_click_help_options()
    yield
    _forget_click_help_options()
    i18n._translation, i18n._language, i18n.LOCALE_DIR = saved_i18n
    gettext._current_domain = saved_gettext[0]
    gettext._localedirs.clear()
    gettext._localedirs.update(saved_gettext[1])
    for name in [name for name in os.environ if _process_state_variable(name)]:
        if name not in saved_environ:
            del os.environ[name]
    os.environ.update(saved_environ)


def _forget_click_help_options() -> None:
    """Click caches each command's ``--help`` option, text included, in the language of its first
    use (click >= 8.1.8): forget them, so the next test's help speaks the next test's language."""
    cli = sys.modules.get("salescockpit.cli")
    if cli is None:
        return
    commands = [cli.main]
    while commands:
        command = commands.pop()
        command._help_option = None
        commands.extend(getattr(command, "commands", {}).values())


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
