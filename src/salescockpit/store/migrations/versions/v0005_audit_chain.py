"""A tamper-evident audit trail: rows chained by hashes, dossiers sealed, the chain's head

Revision ID: 0005
Revises: 0004

The existing audit rows are chained in id order as they are (what happened to them before this
upgrade cannot be told any more), every lead, user, script and objection type is sealed as it
is now, and one "audit.chain_start" row says so: from here on, `doctor` can tell any change
made behind the program's back.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CHUNK = 5000


def _chain_existing_rows(connection) -> tuple[int, str, int]:
    """Give every existing row its hashes, in id order; return (last id, last hash, rows chained)."""
    from salescockpit.store.audit_chain import GENESIS, audit_log, row_hash

    columns = [audit_log.c[name] for name in ("id", "at", "user_id", "action", "entity", "entity_id",
                                              "field", "old", "new", "seal")]
    last_id, previous, count = 0, GENESIS, 0
    while True:
        rows = connection.execute(
            sa.select(*columns).where(audit_log.c.id > last_id).order_by(audit_log.c.id).limit(CHUNK)
        ).mappings().all()
        if not rows:
            return last_id, previous, count
        updates = []
        for row in rows:
            current = row_hash(previous, row)
            updates.append({"row_id": row["id"], "prev": previous, "hash": current})
            previous, last_id = current, row["id"]
        connection.execute(
            sa.update(audit_log).where(audit_log.c.id == sa.bindparam("row_id"))
            .values(prev_hash=sa.bindparam("prev"), row_hash=sa.bindparam("hash")),
            updates,
        )
        count += len(rows)


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("seal", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
    )
    from salescockpit.store import audit_chain
    from salescockpit.store.dossier import DossierSpec
    from salescockpit.store.seals import seal_all

    connection = op.get_bind()
    last_id, last_hash, chained = _chain_existing_rows(connection)
    connection.execute(sa.insert(audit_chain.audit_head).values(id=1, last_id=last_id, last_hash=last_hash))
    from salescockpit.store.migration_moment import migration_moment

    now = migration_moment()
    spec = DossierSpec.reflect(connection)  # the columns as they are at this revision
    sealed = seal_all(connection, now, None, spec=spec)
    audit_chain.append(connection, [audit_chain.audit_row(
        now, None, "audit.chain_start", "database", None,
        new=f"{chained} earlier row(s) chained as found; {sealed} record(s) sealed")])


def downgrade() -> None:
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seal")
