"""Every phone and e-mail of a lead (lead_contacts), and what other CRMs' exports hold on a lead

Revision ID: 0013
Revises: 0012

`lead_contacts` is filled from the leads' own phone and e-mail columns (each the first of its
kind, labelled "work"). Leads get subject, tags, job_title, currency, comment and external_id,
blank for the leads already there. The lead dossier now lists its contacts and the new columns,
so every dossier is sealed again at the end (as v0005 explains).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("subject", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("tags", sa.String(length=500), nullable=False, server_default=""))
        batch.add_column(sa.Column("job_title", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("currency", sa.String(length=3), nullable=False, server_default=""))
        batch.add_column(sa.Column("comment", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch.create_index("ix_leads_external_id", ["external_id"])
    op.create_table(
        "lead_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id"), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=8), nullable=False, server_default="other"),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("value_norm", sa.String(length=320), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_lead_contacts_lead", "lead_contacts", ["lead_id", "position"])
    op.create_index("ix_lead_contacts_value", "lead_contacts", ["value_norm"])
    op.execute(
        "INSERT INTO lead_contacts (lead_id, kind, label, value, value_norm, position) "
        "SELECT id, 'phone', 'work', phone, phone_norm, 0 FROM leads WHERE phone_norm IS NOT NULL AND phone IS NOT NULL"
    )
    op.execute(
        "INSERT INTO lead_contacts (lead_id, kind, label, value, value_norm, position) "
        "SELECT id, 'email', 'work', email, email_norm, 1 FROM leads WHERE email_norm IS NOT NULL AND email IS NOT NULL"
    )
    from salescockpit.store import audit_chain
    from salescockpit.store.dossier import DossierSpec
    from salescockpit.store.seals import seal_all

    connection = op.get_bind()
    from salescockpit.store.migration_moment import migration_moment

    now = migration_moment()
    sealed = seal_all(connection, now, None, spec=DossierSpec.reflect(connection), entities=("lead",))
    if sealed:
        audit_chain.append(connection, [audit_chain.audit_row(
            now, None, "audit.reseal", "database", None,
            new=f"{sealed} lead(s) sealed again: their dossiers now list every contact (migration 0013)")])


def downgrade() -> None:
    op.drop_index("ix_lead_contacts_value", table_name="lead_contacts")
    op.drop_index("ix_lead_contacts_lead", table_name="lead_contacts")
    op.drop_table("lead_contacts")
    with op.batch_alter_table("leads") as batch:
        batch.drop_index("ix_leads_external_id")
        for name in ("external_id", "comment", "currency", "job_title", "tags", "subject"):
            batch.drop_column(name)
