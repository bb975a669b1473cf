"""The money after the deal: clients, contracts, instalments, payments, allocations, promises to pay

Revision ID: 0050
Revises: 0040

New tables only (store/money_tables.py explains each); nothing already there changes.
Amounts are BIGINT minor units beside an ISO 4217 currency; due and paid dates are calendar dates.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0040"
branch_labels = None
depends_on = None


def _minor(name: str, *, zero: bool = False) -> sa.Column:
    return sa.Column(name, sa.BigInteger(), nullable=False, server_default="0" if zero else None)


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_fold", sa.String(length=300), nullable=False),
        sa.Column("inn", sa.String(length=12), nullable=False),
        sa.Column("kpp", sa.String(length=9), nullable=True),
        sa.Column("manager_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("lead_id", name="uq_clients_lead_id"),
    )
    op.create_index("ix_clients_name_fold", "clients", ["name_fold"])
    op.create_index("ix_clients_inn", "clients", ["inn"])
    op.create_index("ix_clients_manager_name", "clients", ["manager_id", "name_fold", "id"])
    op.create_table(
        "client_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("value_norm", sa.String(length=320), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_client_contacts_client", "client_contacts", ["client_id", "position"])
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        _minor("total_minor"),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("number", name="uq_contracts_number"),
    )
    op.create_index("ix_contracts_client", "contracts", ["client_id", "signed_on", "id"])
    op.create_table(
        "instalments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contracts.id"), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        _minor("amount_minor"),
        _minor("paid_minor", zero=True),
    )
    op.create_index("ix_instalments_contract_due", "instalments", ["contract_id", "due_date", "id"])
    op.create_index("ix_instalments_due", "instalments", ["due_date", "id"])
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("paid_on", sa.Date(), nullable=False),
        _minor("amount_minor"),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payer_inn", sa.String(length=12), nullable=False),
        sa.Column("payer_name", sa.String(length=500), nullable=False),
        sa.Column("payer_account", sa.String(length=34), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False, server_default=""),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("document_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("match_reason", sa.String(length=32), nullable=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("clients.id"), nullable=True),
        sa.Column("contract_id", sa.Integer(), sa.ForeignKey("contracts.id"), nullable=True),
        _minor("credit_minor", zero=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.UniqueConstraint("document_key", name="uq_payments_document_key"),
    )
    op.create_index("ix_payments_status_paid", "payments", ["status", "paid_on", "id"])
    op.create_index("ix_payments_client_paid", "payments", ["client_id", "paid_on", "id"])
    op.create_index("ix_payments_payer_inn", "payments", ["payer_inn", "status"])
    op.create_table(
        "payment_allocations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("payment_id", sa.Integer(), sa.ForeignKey("payments.id"), nullable=False),
        sa.Column("instalment_id", sa.Integer(), sa.ForeignKey("instalments.id"), nullable=False),
        _minor("amount_minor"),
    )
    op.create_index("ix_payment_allocations_payment", "payment_allocations", ["payment_id"])
    op.create_index("ix_payment_allocations_instalment", "payment_allocations", ["instalment_id"])
    op.create_table(
        "promises_to_pay",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Integer(), sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("instalment_id", sa.Integer(), sa.ForeignKey("instalments.id"), nullable=True),
        _minor("amount_minor"),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("calls.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.Column("settled_by_payment_id", sa.Integer(), sa.ForeignKey("payments.id"), nullable=True),
    )
    op.create_index("ix_promises_client_status", "promises_to_pay", ["client_id", "status", "due_date"])
    op.create_index("ix_promises_status_due", "promises_to_pay", ["status", "due_date", "id"])


def downgrade() -> None:
    for table in ("promises_to_pay", "payment_allocations", "payments", "instalments", "contracts",
                  "client_contacts", "clients"):
        op.drop_table(table)
