"""PostgreSQL row-level security on lead and client data; the audit chain linked by the database

Revision ID: 0090
Revises: 0060

PostgreSQL only (a no-op on SQLite, whose one rule stays `store/queries/visibility.py`): the
policies, helper functions and audit trigger of `store/pg_security.py`. The grants to the head
and manager group roles are made by `salescockpit db init` / `db upgrade` (`store/pg_roles.py`),
since the roles' names belong to the database, not to the schema.
"""
from __future__ import annotations

from alembic import op

revision = "0090"
down_revision = "0060"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    from salescockpit.store import pg_security

    pg_security.install(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    from salescockpit.store import pg_security

    pg_security.uninstall(connection)
