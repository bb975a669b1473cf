"""CLI tests that build their data through the services run on SQLite and on PostgreSQL too."""

from tests.db_fixtures import *  # noqa: F403  (db_url on SQLite and PostgreSQL, and its hook)
