"""Campaign calls: a referral lead's link to the client who gave it, and guards against doubled tasks

Revision ID: 0080
Revises: 0070

- `leads.referred_by_client_id`: the client that gave this lead as a referral (NULL for others).
- `campaigns.name` is unique: adding a campaign by a name that exists again adds no second one.
- `client_tasks (campaign_id, client_id)` is unique: a client gets one call task per campaign
  (reminder tasks have no campaign: NULLs never collide, on SQLite and PostgreSQL alike).

The new column is part of a lead's dossier, so the leads are sealed again at the end (as v0005
explains), but only those whose dossier still matched its last seal before the column came: a
lead changed behind the program's back stays reported by `doctor`, not laundered by the upgrade.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0080"
down_revision = "0070"
branch_labels = None
depends_on = None


def _intact_leads(connection) -> list[int]:
    """The leads whose dossier (as the database's columns make it now) equals their last seal."""
    from salescockpit.store import audit_chain
    from salescockpit.store.dossier import DossierSpec, all_digests
    from salescockpit.store.seals import last_seals_of

    if not audit_chain.chain_ready(connection):
        return []
    intact: list[int] = []
    for chunk in all_digests(connection, "lead", spec=DossierSpec.reflect(connection)):
        seals = last_seals_of(connection, "lead", chunk.digests)
        intact.extend(lead_id for lead_id, digest in chunk.digests.items()
                      if lead_id in seals and seals[lead_id].digest == digest)
    return intact


def _seal_again(connection, lead_ids: list[int]) -> None:
    from salescockpit.store import audit_chain
    from salescockpit.store.audit_chain import audit_row
    from salescockpit.store.dossier import DossierSpec, digests
    from salescockpit.store.migration_moment import migration_moment
    from salescockpit.store.seals import SEAL

    if not lead_ids:
        return
    now = migration_moment()
    found = digests(connection, "lead", lead_ids, spec=DossierSpec.reflect(connection))
    rows = [audit_row(now, None, SEAL, "lead", lead_id, seal=found.get(lead_id)) for lead_id in sorted(lead_ids)]
    for start in range(0, len(rows), 500):
        audit_chain.append(connection, rows[start:start + 500])
    audit_chain.append(connection, [audit_row(
        now, None, "audit.reseal", "database", None,
        new=f"{len(rows)} lead(s) sealed again: their dossiers now hold the referral link (migration 0080)")])


def upgrade() -> None:
    connection = op.get_bind()
    intact = _intact_leads(connection)
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("referred_by_client_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_leads_referred_by_client", "clients", ["referred_by_client_id"], ["id"])
        batch.create_index("ix_leads_referred_by_client_id", ["referred_by_client_id"])
    op.create_index("ux_campaigns_name", "campaigns", ["name"], unique=True)
    op.create_index("ux_client_tasks_campaign_client", "client_tasks", ["campaign_id", "client_id"], unique=True)
    _seal_again(connection, intact)


def downgrade() -> None:
    op.drop_index("ux_client_tasks_campaign_client", table_name="client_tasks")
    op.drop_index("ux_campaigns_name", table_name="campaigns")
    with op.batch_alter_table("leads") as batch:
        batch.drop_index("ix_leads_referred_by_client_id")
        batch.drop_constraint("fk_leads_referred_by_client", type_="foreignkey")
        batch.drop_column("referred_by_client_id")
