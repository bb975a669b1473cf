"""The SQLModel tables: what the database holds, and nothing about how it is used.

Rows stay in the store: services and queries return plain objects or tuples. Every instant is
an aware UTC datetime (`UTCDateTime`); `LeadReview.day` is a calendar date in the team timezone.
`Lead.search_text` is the casefolded name, company, phone and email, so that search is
case-insensitive in any script on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


def _blank(type_) -> Column:
    """A text column that is "" unless set, filled by the database too (Core inserts that omit it)."""
    return Column(type_, nullable=False, server_default="")


def _at(*, nullable: bool = False, index: bool = False):
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=200)
    role: str = Field(max_length=16)  # head | manager
    active: bool = True
    created_at: datetime = _at()
    default_script_id: int | None = Field(default=None, foreign_key="scripts.id")


class Lead(SQLModel, table=True):
    __tablename__ = "leads"
    __table_args__ = (
        Index("ix_leads_owner_stage", "owner_id", "stage"),
        Index("ix_leads_stage_entered", "stage", "stage_entered_at", "id", "value"),  # value: the board (0105)
        # A board column's order (0115): stale test from the entry, no sort per page.
        Index("ix_leads_stage_value", "stage", text("coalesce(value, -1) DESC"), "id", "stage_entered_at"),
        Index("ix_leads_activity", "last_activity_at", "id"),
        Index("ix_leads_created", "created_at", "id"),
        Index("ix_leads_qualification", "qualification", "junk_marked_at"),
        Index("ix_leads_open_due_min", "open_due_min", "id"),
        Index("ix_leads_unscored", "unscored_since", "id"),
        Index("ix_leads_first_call", "first_call_at", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    company: str = Field(default="", max_length=300)
    phone: str | None = Field(default=None, max_length=64)
    phone_norm: str | None = Field(default=None, max_length=32, index=True)
    email: str | None = Field(default=None, max_length=320)
    email_norm: str | None = Field(default=None, max_length=320, index=True)
    source: str = Field(default="", max_length=64)
    owner_id: int = Field(foreign_key="users.id")
    stage: str = Field(max_length=64)
    value: int | None = None
    bant_budget: bool | None = None
    bant_authority: bool | None = None
    bant_need: bool | None = None
    bant_timing: bool | None = None
    qualification: str = Field(default="unknown", max_length=16)  # unknown|qualified|junk|disqualified
    junk_reason: str | None = Field(default=None, max_length=64)
    junk_marked_at: datetime | None = _at(nullable=True)
    junk_marked_by_id: int | None = Field(default=None, foreign_key="users.id")
    lost_reason: str | None = Field(default=None, max_length=64)
    created_at: datetime = _at()
    updated_at: datetime = _at()
    stage_entered_at: datetime = _at()
    last_activity_at: datetime = _at()
    first_call_at: datetime | None = _at(nullable=True)
    # Roll-ups of the lead's children, kept by store/rollups.py (never written by hand).
    open_due_min: datetime | None = _at(nullable=True)
    open_due_max: datetime | None = _at(nullable=True)
    unscored_since: datetime | None = _at(nullable=True)
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # What another CRM's export held (migration 0013); blank for leads made here.
    subject: str = Field(default="", sa_column=_blank(String(300)))  # the lead's or deal's title
    tags: str = Field(default="", sa_column=_blank(String(500)))  # comma-separated, as the CRM wrote them
    job_title: str = Field(default="", sa_column=_blank(String(200)))  # the contact person's position
    currency: str = Field(default="", sa_column=_blank(String(3)))  # ISO code of `value` ("RUB"); blank: the team's
    comment: str = Field(default="", sa_column=_blank(Text))  # the CRM's comment or note
    external_id: str | None = Field(default=None, max_length=100, index=True)  # "bitrix24:123", "amocrm:77"
    # A referral from a campaign call (migration 0080): the client who gave this lead.
    referred_by_client_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("clients.id", use_alter=True, name="fk_leads_referred_by_client"), nullable=True,
        index=True))


class LeadContact(SQLModel, table=True):
    """Every phone and e-mail of a lead, in order; the first of each kind is also on the lead's row."""

    __tablename__ = "lead_contacts"
    __table_args__ = (
        Index("ix_lead_contacts_lead", "lead_id", "position"),
        Index("ix_lead_contacts_value", "value_norm"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id")
    kind: str = Field(max_length=8)  # phone | email
    label: str = Field(default="other", max_length=8)  # work | mobile | home | other
    value: str = Field(max_length=320)  # as written
    value_norm: str = Field(max_length=320)  # E.164 phone or casefolded e-mail
    position: int = 0  # order within the lead, 0 first


class Call(SQLModel, table=True):
    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_lead_started", "lead_id", "started_at"),
        Index("ix_calls_manager_started", "manager_id", "started_at"),
        Index("ix_calls_started", "started_at"),
        Index("ix_calls_started_figures", "started_at", "manager_id", "outcome", "duration_seconds",
              "recording_ref"),  # the report: calls by day and their talk ratio, from the index alone
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id")
    manager_id: int = Field(foreign_key="users.id")
    started_at: datetime = _at()
    direction: str = Field(max_length=8)  # out | in
    duration_seconds: int = 0
    outcome: str = Field(max_length=32)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recording_ref: str | None = Field(default=None, max_length=1000)
    script_id: int | None = Field(default=None, foreign_key="scripts.id")
    created_at: datetime = _at()


class Callback(SQLModel, table=True):
    __tablename__ = "callbacks"
    __table_args__ = (
        # (status, due_at) first; the rest lets the report's callback passes read the index alone
        Index("ix_callbacks_status_due", "status", "due_at", "done_at", "created_at", "owner_id", "lead_id"),
        Index("ix_callbacks_lead_status", "lead_id", "status", "due_at"),
        Index("ix_callbacks_owner_status", "owner_id", "status", "due_at"),
        Index("ix_callbacks_done", "done_at", "due_at", "owner_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id")
    owner_id: int = Field(foreign_key="users.id")
    due_at: datetime = _at()
    done_at: datetime | None = _at(nullable=True)
    status: str = Field(default="open", max_length=16)  # open | done | cancelled
    created_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = _at()
    done_call_id: int | None = Field(default=None, foreign_key="calls.id")
    note: str = Field(default="", max_length=2000)


class Script(SQLModel, table=True):
    __tablename__ = "scripts"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_scripts_name_version"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    version: int = 1
    pass_mark: float = 70.0
    definition: str = Field(sa_column=Column(Text, nullable=False))  # JSON of the checklist
    is_current: bool = True
    created_at: datetime = _at()


class CallReview(SQLModel, table=True):
    __tablename__ = "call_reviews"
    __table_args__ = (
        # by time, with what the report counts of each review (its scores, the call for its manager)
        Index("ix_call_reviews_created_at", "created_at", "call_id", "passed", "failed_critical", "score"),
    )

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id", unique=True)
    reviewer_id: int = Field(foreign_key="users.id")
    script_id: int = Field(foreign_key="scripts.id")
    score: float | None = None
    passed: bool | None = None
    failed_critical: bool = False
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = _at()


class CallReviewItem(SQLModel, table=True):
    __tablename__ = "call_review_items"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="call_reviews.id", index=True)
    item_key: str = Field(max_length=64)
    answer: str = Field(max_length=8)  # done | missed | na
    note: str = Field(default="", max_length=2000)


class ObjectionType(SQLModel, table=True):
    __tablename__ = "objection_types"
    __mapper_args__ = {"eager_defaults": False}  # `phrases` is read when asked for, not RETURNING'd

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    label: str = Field(max_length=200)
    active: bool = True
    # Tracker phrases, one a line (migration 0020). None on a new row leaves the column out of the
    # INSERT (the database writes ""), so code inserting types still runs on a database before 0020.
    phrases: str | None = Field(default=None, sa_column=_blank(Text))


class CallObjection(SQLModel, table=True):
    __tablename__ = "call_objections"
    __table_args__ = (
        Index("ix_call_objections_lead", "lead_id", "handled"),
        Index("ix_call_objections_raised", "raised_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id", index=True)
    lead_id: int = Field(foreign_key="leads.id")
    type_id: int = Field(foreign_key="objection_types.id", index=True)
    handled: bool = False
    answer: str = Field(default="", max_length=2000)
    raised_at: datetime = _at()
    resolved_at: datetime | None = _at(nullable=True)  # a later call handled it


class Recheck(SQLModel, table=True):
    __tablename__ = "rechecks"

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id", index=True)
    original_verdict: str = Field(max_length=16)  # junk | disqualified | lost
    original_reason: str | None = Field(default=None, max_length=64)
    marked_by_id: int | None = Field(default=None, foreign_key="users.id")
    marked_at: datetime | None = _at(nullable=True)
    verdict: str = Field(max_length=16)  # confirmed | returned
    reviewer_id: int = Field(foreign_key="users.id")
    returned_stage: str | None = Field(default=None, max_length=64)
    returned_owner_id: int | None = Field(default=None, foreign_key="users.id")
    note: str = Field(default="", max_length=2000)
    created_at: datetime = _at(index=True)


class LeadReview(SQLModel, table=True):
    __tablename__ = "lead_reviews"
    __table_args__ = (
        Index("ix_lead_reviews_lead_day", "lead_id", "day"),
        Index("ix_lead_reviews_lead_created", "lead_id", "created_at"),  # the last verdict (queue_split)
        # A lead's pending actions, newest first, without reading the table (the queue page, 0125).
        Index("ix_lead_reviews_lead_pending", "lead_id", "verdict", "action_done_at", "created_at"),
        Index("ix_lead_reviews_assignee", "assignee_id", "action_done_at"),
        # the report's passes by review day and by time read these two indexes alone
        Index("ix_lead_reviews_day", "day", "created_at", "lead_id", "verdict", "assignee_id"),
        # ...and the head's last review before today (queue_split.fresh_after): one seek
        Index("ix_lead_reviews_created", "created_at", "lead_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id")
    reviewer_id: int = Field(foreign_key="users.id")
    day: date
    verdict: str = Field(max_length=8)  # ok | action
    action_text: str = Field(default="", max_length=2000)
    assignee_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = _at()
    action_done_at: datetime | None = _at(nullable=True)
    action_done_by_id: int | None = Field(default=None, foreign_key="users.id")


class FixList(SQLModel, table=True):
    """A fix list the head sent to one manager: its leads' actions are `fix_list_items`."""

    __tablename__ = "fix_lists"
    __table_args__ = (Index("ix_fix_lists_manager_due", "manager_id", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    manager_id: int = Field(foreign_key="users.id")
    sent_by_id: int = Field(foreign_key="users.id")
    sent_at: datetime = _at()
    due_at: datetime = _at()
    summary: str = Field(default="", max_length=2000)


class FixListItem(SQLModel, table=True):
    """One lead of a sent fix list: the action (a lead review) the manager must do by the list's due time."""

    __tablename__ = "fix_list_items"
    __table_args__ = (Index("ix_fix_list_items_review", "lead_review_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    fix_list_id: int = Field(foreign_key="fix_lists.id", index=True)
    lead_review_id: int = Field(foreign_key="lead_reviews.id")
    done_note: str = Field(default="", max_length=2000)  # the manager's word for the head when marked done


class StageHistory(SQLModel, table=True):
    __tablename__ = "stage_history"
    __table_args__ = (
        Index("ix_stage_history_lead", "lead_id", "moved_at"),
        Index("ix_stage_history_moved", "moved_at"),
        Index("ix_stage_history_moved_figures", "moved_at", "from_stage", "to_stage", "moved_by_id", "lead_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id")
    from_stage: str | None = Field(default=None, max_length=64)
    to_stage: str = Field(max_length=64)
    moved_at: datetime = _at()
    moved_by_id: int = Field(foreign_key="users.id")
    override_reason: str = Field(default="", max_length=2000)


class OwnerChange(SQLModel, table=True):
    """One change of owner, kept with its time so a past day's figures stay with whoever owned what then.

    ``entity`` is "lead" (the lead's owner), "callback" (who owes it) or "lead_review" (who must
    do the head's action); ``entity_id`` is that row's id, ``lead_id`` the lead it hangs on. The
    owner of a row at an instant is the ``from_owner_id`` of its earliest change after that
    instant, else its owner now (`reports.owners`), so rows never handed over need no change row.
    """

    __tablename__ = "owner_changes"
    __table_args__ = (
        Index("ix_owner_changes_entity", "entity", "entity_id", "changed_at"),
        Index("ix_owner_changes_changed", "changed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="leads.id", index=True)
    entity: str = Field(max_length=16)  # lead | callback | lead_review
    entity_id: int
    from_owner_id: int = Field(foreign_key="users.id")
    to_owner_id: int = Field(foreign_key="users.id")
    changed_at: datetime = _at()
    changed_by_id: int = Field(foreign_key="users.id")


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _at(index=True)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_id: int | None = None
    field: str = Field(default="", max_length=64)
    old: str | None = Field(default=None, sa_column=Column(Text))
    new: str | None = Field(default=None, sa_column=Column(Text))
    # The tamper-evident chain (store/audit_chain.py): rows are appended there, never by the ORM.
    seal: str | None = Field(default=None, max_length=64)  # a dossier digest, on "seal" rows
    prev_hash: str | None = Field(default=None, max_length=64)
    row_hash: str | None = Field(default=None, max_length=64)


class AuditHead(SQLModel, table=True):
    """The end of the audit chain (one row, id 1): locked by every append, so it cannot fork."""

    __tablename__ = "audit_head"

    id: int | None = Field(default=None, primary_key=True)
    last_id: int = 0
    last_hash: str = Field(max_length=64)
    # The keyed part of the chain (store/audit_key.py): its first row's id, and the key's fingerprint.
    keyed_from: int | None = None
    key_check: str | None = Field(default=None, max_length=64)


from . import listening_tables, phone_tables  # noqa: E402,F401  (registered on the same metadata)
from . import money_tables  # noqa: E402,F401  (clients, contracts, instalments, payments: the money after the deal)
from . import client_task_tables  # noqa: E402,F401  (call tasks for clients: reminder ladder steps, campaigns)
from . import speech_tables  # noqa: E402,F401  (speech figures measured from call recordings)
from . import plan_tables  # noqa: E402,F401  (monthly sales plans in money per manager)
