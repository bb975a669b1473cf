"""The database's tables as plain SQLAlchemy Core, for the read path (GENERATED: do not edit).

Written by `tools/core_tables.py` from the SQLModel models (`store/tables.py` and its siblings),
which stay the one source of the schema; `tests/store/test_core_tables.py` checks the two agree.
Importing this module imports SQLAlchemy only: the queue's first rows are read over these
tables, and SQLModel/pydantic load in the background afterwards (`tui/cockpit.py`).

Never mix a table of this module with a model's ``__table__`` in one statement: they are two
Table objects for the same table, and SQLAlchemy would join them as two FROM entries.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Float, ForeignKey, Integer, MetaData, String, Table, Text

from .types import UTCDateTime

metadata = MetaData()

audit_head = Table(
    'audit_head', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('last_id', Integer(), nullable=False),
    Column('last_hash', String(64), nullable=False),
    Column('keyed_from', Integer(), nullable=True),
    Column('key_check', String(64), nullable=True),
)

audit_log = Table(
    'audit_log', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('at', UTCDateTime(), nullable=False),
    Column('user_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('action', String(64), nullable=False),
    Column('entity', String(32), nullable=False),
    Column('entity_id', Integer(), nullable=True),
    Column('field', String(64), nullable=False),
    Column('old', Text(), nullable=True),
    Column('new', Text(), nullable=True),
    Column('seal', String(64), nullable=True),
    Column('prev_hash', String(64), nullable=True),
    Column('row_hash', String(64), nullable=True),
)

call_objections = Table(
    'call_objections', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('call_id', Integer(), ForeignKey('calls.id'), nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=False),
    Column('type_id', Integer(), ForeignKey('objection_types.id'), nullable=False),
    Column('handled', Boolean(), nullable=False),
    Column('answer', String(2000), nullable=False),
    Column('raised_at', UTCDateTime(), nullable=False),
    Column('resolved_at', UTCDateTime(), nullable=True),
)

call_review_items = Table(
    'call_review_items', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('review_id', Integer(), ForeignKey('call_reviews.id'), nullable=False),
    Column('item_key', String(64), nullable=False),
    Column('answer', String(8), nullable=False),
    Column('note', String(2000), nullable=False),
)

call_reviews = Table(
    'call_reviews', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('call_id', Integer(), ForeignKey('calls.id'), nullable=False),
    Column('reviewer_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('script_id', Integer(), ForeignKey('scripts.id'), nullable=False),
    Column('score', Float(), nullable=True),
    Column('passed', Boolean(), nullable=True),
    Column('failed_critical', Boolean(), nullable=False),
    Column('note', Text(), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
)

call_speech_figures = Table(
    'call_speech_figures', metadata,
    Column('call_id', Integer(), ForeignKey('calls.id'), primary_key=True, nullable=False),
    Column('recording_ref', Text(), nullable=False),
    Column('recording_size', BigInteger(), nullable=False),
    Column('recording_mtime_ns', BigInteger(), nullable=False),
    Column('duration_ms', Integer(), nullable=False),
    Column('manager_speech_ms', Integer(), nullable=False),
    Column('client_speech_ms', Integer(), nullable=False),
    Column('longest_monologue_ms', Integer(), nullable=False),
    Column('silence_ms', Integer(), nullable=False),
    Column('overlaps', Integer(), nullable=False),
    Column('measured_at', UTCDateTime(), nullable=False),
)

callbacks = Table(
    'callbacks', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=False),
    Column('owner_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('due_at', UTCDateTime(), nullable=False),
    Column('done_at', UTCDateTime(), nullable=True),
    Column('status', String(16), nullable=False),
    Column('created_by_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
    Column('done_call_id', Integer(), ForeignKey('calls.id'), nullable=True),
    Column('note', String(2000), nullable=False),
)

calls = Table(
    'calls', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=False),
    Column('manager_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('started_at', UTCDateTime(), nullable=False),
    Column('direction', String(8), nullable=False),
    Column('duration_seconds', Integer(), nullable=False),
    Column('outcome', String(32), nullable=False),
    Column('notes', Text(), nullable=False),
    Column('recording_ref', String(1000), nullable=True),
    Column('script_id', Integer(), ForeignKey('scripts.id'), nullable=True),
    Column('created_at', UTCDateTime(), nullable=False),
)

campaigns = Table(
    'campaigns', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('name', String(200), nullable=False),
    Column('purpose', String(16), nullable=False),
    Column('filter_text', Text(), nullable=False),
    Column('due_date', Date(), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
    Column('created_by_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('closed_at', UTCDateTime(), nullable=True),
)

client_contacts = Table(
    'client_contacts', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('client_id', Integer(), ForeignKey('clients.id'), nullable=False),
    Column('kind', String(8), nullable=False),
    Column('label', String(8), nullable=False),
    Column('value', String(320), nullable=False),
    Column('value_norm', String(320), nullable=False),
    Column('position', Integer(), nullable=False),
)

client_disputes = Table(
    'client_disputes', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('client_id', Integer(), ForeignKey('clients.id'), nullable=False),
    Column('instalment_id', Integer(), ForeignKey('instalments.id'), nullable=True),
    Column('task_id', Integer(), ForeignKey('client_tasks.id'), nullable=True),
    Column('note', Text(), nullable=False),
    Column('opened_at', UTCDateTime(), nullable=False),
    Column('opened_by_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('resolved_at', UTCDateTime(), nullable=True),
    Column('resolved_by_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('resolution_note', Text(), nullable=False),
)

client_tasks = Table(
    'client_tasks', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('client_id', Integer(), ForeignKey('clients.id'), nullable=False),
    Column('manager_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('kind', String(16), nullable=False),
    Column('due_date', Date(), nullable=False),
    Column('instalment_id', Integer(), ForeignKey('instalments.id'), nullable=True),
    Column('ladder_step', Integer(), nullable=True),
    Column('campaign_id', Integer(), ForeignKey('campaigns.id'), nullable=True),
    Column('status', String(12), nullable=False),
    Column('outcome', String(16), nullable=True),
    Column('call_id', Integer(), ForeignKey('calls.id'), nullable=True),
    Column('note', Text(), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
    Column('done_at', UTCDateTime(), nullable=True),
)

clients = Table(
    'clients', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('name', String(300), nullable=False),
    Column('name_fold', String(300), nullable=False),
    Column('inn', String(12), nullable=False),
    Column('kpp', String(9), nullable=True),
    Column('manager_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=True),
    Column('created_at', UTCDateTime(), nullable=False),
)

contracts = Table(
    'contracts', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('number', String(64), nullable=False),
    Column('client_id', Integer(), ForeignKey('clients.id'), nullable=False),
    Column('signed_on', Date(), nullable=False),
    Column('subject', String(500), nullable=False),
    Column('total_minor', BigInteger(), nullable=False),
    Column('currency', String(3), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
)

fix_list_items = Table(
    'fix_list_items', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('fix_list_id', Integer(), ForeignKey('fix_lists.id'), nullable=False),
    Column('lead_review_id', Integer(), ForeignKey('lead_reviews.id'), nullable=False),
    Column('done_note', String(2000), nullable=False),
)

fix_lists = Table(
    'fix_lists', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('manager_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('sent_by_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('sent_at', UTCDateTime(), nullable=False),
    Column('due_at', UTCDateTime(), nullable=False),
    Column('summary', String(2000), nullable=False),
)

instalments = Table(
    'instalments', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('contract_id', Integer(), ForeignKey('contracts.id'), nullable=False),
    Column('due_date', Date(), nullable=False),
    Column('amount_minor', BigInteger(), nullable=False),
    Column('paid_minor', BigInteger(), nullable=False),
)

lead_contacts = Table(
    'lead_contacts', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=False),
    Column('kind', String(8), nullable=False),
    Column('label', String(8), nullable=False),
    Column('value', String(320), nullable=False),
    Column('value_norm', String(320), nullable=False),
    Column('position', Integer(), nullable=False),
)

lead_reviews = Table(
    'lead_reviews', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=False),
    Column('reviewer_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('day', Date(), nullable=False),
    Column('verdict', String(8), nullable=False),
    Column('action_text', String(2000), nullable=False),
    Column('assignee_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('created_at', UTCDateTime(), nullable=False),
    Column('action_done_at', UTCDateTime(), nullable=True),
    Column('action_done_by_id', Integer(), ForeignKey('users.id'), nullable=True),
)

leads = Table(
    'leads', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('name', String(300), nullable=False),
    Column('company', String(300), nullable=False),
    Column('phone', String(64), nullable=True),
    Column('phone_norm', String(32), nullable=True),
    Column('email', String(320), nullable=True),
    Column('email_norm', String(320), nullable=True),
    Column('source', String(64), nullable=False),
    Column('owner_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('stage', String(64), nullable=False),
    Column('value', Integer(), nullable=True),
    Column('bant_budget', Boolean(), nullable=True),
    Column('bant_authority', Boolean(), nullable=True),
    Column('bant_need', Boolean(), nullable=True),
    Column('bant_timing', Boolean(), nullable=True),
    Column('qualification', String(16), nullable=False),
    Column('junk_reason', String(64), nullable=True),
    Column('junk_marked_at', UTCDateTime(), nullable=True),
    Column('junk_marked_by_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('lost_reason', String(64), nullable=True),
    Column('created_at', UTCDateTime(), nullable=False),
    Column('updated_at', UTCDateTime(), nullable=False),
    Column('stage_entered_at', UTCDateTime(), nullable=False),
    Column('last_activity_at', UTCDateTime(), nullable=False),
    Column('first_call_at', UTCDateTime(), nullable=True),
    Column('open_due_min', UTCDateTime(), nullable=True),
    Column('open_due_max', UTCDateTime(), nullable=True),
    Column('unscored_since', UTCDateTime(), nullable=True),
    Column('search_text', Text(), nullable=False),
    Column('subject', String(300), nullable=False),
    Column('tags', String(500), nullable=False),
    Column('job_title', String(200), nullable=False),
    Column('currency', String(3), nullable=False),
    Column('comment', Text(), nullable=False),
    Column('external_id', String(100), nullable=True),
    Column('referred_by_client_id', Integer(), ForeignKey('clients.id'), nullable=True),
)

monthly_plans = Table(
    'monthly_plans', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('manager_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('month_start', Date(), nullable=False),
    Column('amount_minor', BigInteger(), nullable=False),
    Column('currency', String(3), nullable=False),
    Column('set_at', UTCDateTime(), nullable=False),
    Column('set_by_id', Integer(), ForeignKey('users.id'), nullable=True),
)

objection_types = Table(
    'objection_types', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(64), nullable=False),
    Column('label', String(200), nullable=False),
    Column('active', Boolean(), nullable=False),
    Column('phrases', Text(), nullable=False),
)

owner_changes = Table(
    'owner_changes', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=False),
    Column('entity', String(16), nullable=False),
    Column('entity_id', Integer(), nullable=False),
    Column('from_owner_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('to_owner_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('changed_at', UTCDateTime(), nullable=False),
    Column('changed_by_id', Integer(), ForeignKey('users.id'), nullable=False),
)

payment_allocations = Table(
    'payment_allocations', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('payment_id', Integer(), ForeignKey('payments.id'), nullable=False),
    Column('instalment_id', Integer(), ForeignKey('instalments.id'), nullable=False),
    Column('amount_minor', BigInteger(), nullable=False),
)

payments = Table(
    'payments', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('paid_on', Date(), nullable=False),
    Column('amount_minor', BigInteger(), nullable=False),
    Column('currency', String(3), nullable=False),
    Column('payer_inn', String(12), nullable=False),
    Column('payer_name', String(500), nullable=False),
    Column('payer_account', String(34), nullable=False),
    Column('purpose', Text(), nullable=False),
    Column('reference', String(64), nullable=False),
    Column('document_key', String(64), nullable=False),
    Column('status', String(16), nullable=False),
    Column('match_reason', String(32), nullable=True),
    Column('client_id', Integer(), ForeignKey('clients.id'), nullable=True),
    Column('contract_id', Integer(), ForeignKey('contracts.id'), nullable=True),
    Column('credit_minor', BigInteger(), nullable=False),
    Column('source', String(300), nullable=False),
    Column('recorded_at', UTCDateTime(), nullable=False),
    Column('recorded_by_id', Integer(), ForeignKey('users.id'), nullable=True),
)

phone_calls = Table(
    'phone_calls', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('started_at', UTCDateTime(), nullable=False),
    Column('direction', String(8), nullable=False),
    Column('number', String(64), nullable=False),
    Column('number_norm', String(32), nullable=True),
    Column('duration_seconds', Integer(), nullable=False),
    Column('answered', Boolean(), nullable=False),
    Column('extension', String(64), nullable=False),
    Column('manager_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=True),
    Column('recording_ref', String(1000), nullable=True),
    Column('source', String(300), nullable=False),
    Column('external_key', String(64), nullable=False),
    Column('call_uid', String(150), nullable=True),
    Column('imported_at', UTCDateTime(), nullable=False),
)

promises_to_pay = Table(
    'promises_to_pay', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('client_id', Integer(), ForeignKey('clients.id'), nullable=False),
    Column('instalment_id', Integer(), ForeignKey('instalments.id'), nullable=True),
    Column('amount_minor', BigInteger(), nullable=False),
    Column('due_date', Date(), nullable=False),
    Column('status', String(8), nullable=False),
    Column('call_id', Integer(), ForeignKey('calls.id'), nullable=True),
    Column('created_at', UTCDateTime(), nullable=False),
    Column('created_by_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('settled_at', UTCDateTime(), nullable=True),
    Column('settled_by_payment_id', Integer(), ForeignKey('payments.id'), nullable=True),
)

rechecks = Table(
    'rechecks', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=False),
    Column('original_verdict', String(16), nullable=False),
    Column('original_reason', String(64), nullable=True),
    Column('marked_by_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('marked_at', UTCDateTime(), nullable=True),
    Column('verdict', String(16), nullable=False),
    Column('reviewer_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('returned_stage', String(64), nullable=True),
    Column('returned_owner_id', Integer(), ForeignKey('users.id'), nullable=True),
    Column('note', String(2000), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
)

review_marks = Table(
    'review_marks', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('call_id', Integer(), ForeignKey('calls.id'), nullable=False),
    Column('author_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('at_ms', Integer(), nullable=False),
    Column('target_kind', String(16), nullable=False),
    Column('target_key', String(64), nullable=False),
    Column('note', String(2000), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
)

review_suggestions = Table(
    'review_suggestions', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('review_id', Integer(), ForeignKey('call_reviews.id'), nullable=False),
    Column('item_key', String(64), nullable=False),
    Column('suggested', String(8), nullable=False),
    Column('saved', String(8), nullable=False),
    Column('evidence', String(2000), nullable=False),
    Column('at_ms', Integer(), nullable=True),
)

scripts = Table(
    'scripts', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('name', String(200), nullable=False),
    Column('version', Integer(), nullable=False),
    Column('pass_mark', Float(), nullable=False),
    Column('definition', Text(), nullable=False),
    Column('is_current', Boolean(), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
)

stage_history = Table(
    'stage_history', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('lead_id', Integer(), ForeignKey('leads.id'), nullable=False),
    Column('from_stage', String(64), nullable=True),
    Column('to_stage', String(64), nullable=False),
    Column('moved_at', UTCDateTime(), nullable=False),
    Column('moved_by_id', Integer(), ForeignKey('users.id'), nullable=False),
    Column('override_reason', String(2000), nullable=False),
)

transcript_lines = Table(
    'transcript_lines', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('call_id', Integer(), ForeignKey('calls.id'), nullable=False),
    Column('position', Integer(), nullable=False),
    Column('start_ms', Integer(), nullable=False),
    Column('end_ms', Integer(), nullable=False),
    Column('speaker', String(8), nullable=False),
    Column('text', Text(), nullable=False),
)

users = Table(
    'users', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('login', String(64), nullable=False),
    Column('display_name', String(200), nullable=False),
    Column('role', String(16), nullable=False),
    Column('active', Boolean(), nullable=False),
    Column('created_at', UTCDateTime(), nullable=False),
    Column('default_script_id', Integer(), ForeignKey('scripts.id'), nullable=True),
)
