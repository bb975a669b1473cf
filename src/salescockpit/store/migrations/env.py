"""Alembic environment: runs on the connection salescockpit hands it (see store/migrate.py)."""

from __future__ import annotations

from alembic import context

from salescockpit.store import tables  # noqa: F401  (registers the tables on the metadata)
from sqlmodel import SQLModel

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
