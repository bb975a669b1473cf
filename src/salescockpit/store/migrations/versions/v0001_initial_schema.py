"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 17:35:55.895958
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

def upgrade() -> None:

    op.create_table('objection_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('scripts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('pass_mark', sa.Float(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', 'version', name='uq_scripts_name_version')
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('login')
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entity', ['entity', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('company', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=64), nullable=True),
    sa.Column('phone_norm', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('email_norm', sa.String(length=320), nullable=True),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('bant_budget', sa.Boolean(), nullable=True),
    sa.Column('bant_authority', sa.Boolean(), nullable=True),
    sa.Column('bant_need', sa.Boolean(), nullable=True),
    sa.Column('bant_timing', sa.Boolean(), nullable=True),
    sa.Column('qualification', sa.String(length=16), nullable=False),
    sa.Column('junk_reason', sa.String(length=64), nullable=True),
    sa.Column('junk_marked_at', sa.DateTime(), nullable=True),
    sa.Column('junk_marked_by_id', sa.Integer(), nullable=True),
    sa.Column('lost_reason', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('stage_entered_at', sa.DateTime(), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(), nullable=False),
    sa.Column('first_call_at', sa.DateTime(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['junk_marked_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index('ix_leads_activity', ['last_activity_at', 'id'], unique=False)
        batch_op.create_index('ix_leads_created', ['created_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_email_norm'), ['email_norm'], unique=False)
        batch_op.create_index('ix_leads_owner_stage', ['owner_id', 'stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_phone_norm'), ['phone_norm'], unique=False)
        batch_op.create_index('ix_leads_qualification', ['qualification', 'junk_marked_at'], unique=False)
        batch_op.create_index('ix_leads_stage_entered', ['stage', 'stage_entered_at', 'id'], unique=False)

    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('duration_seconds', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recording_ref', sa.String(length=1000), nullable=True),
    sa.Column('script_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['script_id'], ['scripts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_lead_started', ['lead_id', 'started_at'], unique=False)
        batch_op.create_index('ix_calls_manager_started', ['manager_id', 'started_at'], unique=False)
        batch_op.create_index('ix_calls_started', ['started_at'], unique=False)

    op.create_table('lead_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('verdict', sa.String(length=8), nullable=False),
    sa.Column('action_text', sa.String(length=2000), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('action_done_at', sa.DateTime(), nullable=True),
    sa.Column('action_done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['action_done_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lead_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_lead_reviews_assignee', ['assignee_id', 'action_done_at'], unique=False)
        batch_op.create_index('ix_lead_reviews_day', ['day'], unique=False)
        batch_op.create_index('ix_lead_reviews_lead_day', ['lead_id', 'day'], unique=False)

    op.create_table('rechecks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('original_verdict', sa.String(length=16), nullable=False),
    sa.Column('original_reason', sa.String(length=64), nullable=True),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(), nullable=True),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('returned_stage', sa.String(length=64), nullable=True),
    sa.Column('returned_owner_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ),
    sa.ForeignKeyConstraint(['marked_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['returned_owner_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rechecks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rechecks_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rechecks_lead_id'), ['lead_id'], unique=False)

    op.create_table('stage_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=64), nullable=True),
    sa.Column('to_stage', sa.String(length=64), nullable=False),
    sa.Column('moved_at', sa.DateTime(), nullable=False),
    sa.Column('moved_by_id', sa.Integer(), nullable=False),
    sa.Column('override_reason', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ),
    sa.ForeignKeyConstraint(['moved_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stage_history', schema=None) as batch_op:
        batch_op.create_index('ix_stage_history_lead', ['lead_id', 'moved_at'], unique=False)
        batch_op.create_index('ix_stage_history_moved', ['moved_at'], unique=False)

    op.create_table('call_objections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('handled', sa.Boolean(), nullable=False),
    sa.Column('answer', sa.String(length=2000), nullable=False),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], ),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ),
    sa.ForeignKeyConstraint(['type_id'], ['objection_types.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('call_objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_objections_call_id'), ['call_id'], unique=False)
        batch_op.create_index('ix_call_objections_lead', ['lead_id', 'handled'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_objections_type_id'), ['type_id'], unique=False)

    op.create_table('call_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('script_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('failed_critical', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], ),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['script_id'], ['scripts.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('call_id')
    )
    with op.batch_alter_table('call_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_reviews_created_at'), ['created_at'], unique=False)

    op.create_table('callbacks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('done_call_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['done_call_id'], ['calls.id'], ),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.create_index('ix_callbacks_lead_status', ['lead_id', 'status', 'due_at'], unique=False)
        batch_op.create_index('ix_callbacks_owner_status', ['owner_id', 'status', 'due_at'], unique=False)
        batch_op.create_index('ix_callbacks_status_due', ['status', 'due_at'], unique=False)

    op.create_table('call_review_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=64), nullable=False),
    sa.Column('answer', sa.String(length=8), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['call_reviews.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('call_review_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_review_items_review_id'), ['review_id'], unique=False)

def downgrade() -> None:

    with op.batch_alter_table('call_review_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_review_items_review_id'))

    op.drop_table('call_review_items')
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_index('ix_callbacks_status_due')
        batch_op.drop_index('ix_callbacks_owner_status')
        batch_op.drop_index('ix_callbacks_lead_status')

    op.drop_table('callbacks')
    with op.batch_alter_table('call_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_reviews_created_at'))

    op.drop_table('call_reviews')
    with op.batch_alter_table('call_objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_objections_type_id'))
        batch_op.drop_index('ix_call_objections_lead')
        batch_op.drop_index(batch_op.f('ix_call_objections_call_id'))

    op.drop_table('call_objections')
    with op.batch_alter_table('stage_history', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_history_moved')
        batch_op.drop_index('ix_stage_history_lead')

    op.drop_table('stage_history')
    with op.batch_alter_table('rechecks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rechecks_lead_id'))
        batch_op.drop_index(batch_op.f('ix_rechecks_created_at'))

    op.drop_table('rechecks')
    with op.batch_alter_table('lead_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_lead_reviews_lead_day')
        batch_op.drop_index('ix_lead_reviews_day')
        batch_op.drop_index('ix_lead_reviews_assignee')

    op.drop_table('lead_reviews')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_started')
        batch_op.drop_index('ix_calls_manager_started')
        batch_op.drop_index('ix_calls_lead_started')

    op.drop_table('calls')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_index('ix_leads_stage_entered')
        batch_op.drop_index('ix_leads_qualification')
        batch_op.drop_index(batch_op.f('ix_leads_phone_norm'))
        batch_op.drop_index('ix_leads_owner_stage')
        batch_op.drop_index(batch_op.f('ix_leads_email_norm'))
        batch_op.drop_index('ix_leads_created')
        batch_op.drop_index('ix_leads_activity')

    op.drop_table('leads')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index('ix_audit_entity')

    op.drop_table('audit_log')
    op.drop_table('users')
    op.drop_table('scripts')
    op.drop_table('objection_types')

