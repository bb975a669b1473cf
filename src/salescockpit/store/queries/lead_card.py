"""Everything about one lead for its card: contacts, stage, BANT, open callbacks and a timeline.

The timeline merges the lead's calls (with their objections and script score), stage moves,
the head's lead reviews and actions, junk re-checks and closed callbacks, newest first. Rows
are frozen dataclasses; labels are translated by the screen. A manager may only open their
own leads: `lead_card` refuses others with the services' `PermissionDenied`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ...domain.contacts import Contact
from ...i18n import _
from ...services.errors import NotFound, PermissionDenied
from ..contacts import contacts_of
from ..tables import (
    Call,
    Callback,
    CallObjection,
    CallReview,
    Lead,
    LeadReview,
    ObjectionType,
    Recheck,
    StageHistory,
    User,
)

#: At most this many entries of each kind are read into one card.
TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class CardCallback:
    callback_id: int
    due_at: datetime
    owner_name: str
    note: str


@dataclass(frozen=True)
class ObjectionEntry:
    type_key: str
    label: str
    handled: bool
    answer: str
    resolved_at: datetime | None

    @property
    def is_open(self) -> bool:
        return not self.handled and self.resolved_at is None


@dataclass(frozen=True)
class CallEntry:
    at: datetime
    call_id: int
    manager_name: str
    direction: str
    outcome: str
    duration_seconds: int
    notes: str
    score: float | None
    passed: bool | None
    failed_critical: bool
    reviewed: bool
    objections: tuple[ObjectionEntry, ...]
    kind: str = "call"


@dataclass(frozen=True)
class StageEntry:
    at: datetime
    from_stage: str | None
    to_stage: str
    by_name: str
    override_reason: str
    kind: str = "stage"


@dataclass(frozen=True)
class LeadReviewEntry:
    at: datetime
    reviewer_name: str
    verdict: str
    action_text: str
    action_done_at: datetime | None
    kind: str = "review"


@dataclass(frozen=True)
class RecheckEntry:
    at: datetime
    reviewer_name: str
    verdict: str
    original_verdict: str
    original_reason: str | None
    returned_stage: str | None
    note: str
    kind: str = "recheck"


@dataclass(frozen=True)
class ClosedCallbackEntry:
    at: datetime
    due_at: datetime
    status: str
    owner_name: str
    kind: str = "callback"

    @property
    def kept(self) -> bool:
        return self.status == "done" and self.at <= self.due_at


TimelineEntry = CallEntry | StageEntry | LeadReviewEntry | RecheckEntry | ClosedCallbackEntry


@dataclass(frozen=True)
class LeadCard:
    lead_id: int
    name: str
    company: str
    phone: str | None
    email: str | None
    source: str
    owner_id: int
    owner_login: str
    owner_name: str
    stage: str
    stage_entered_at: datetime
    value: int | None
    bant_budget: bool | None
    bant_authority: bool | None
    bant_need: bool | None
    bant_timing: bool | None
    qualification: str
    junk_reason: str | None
    lost_reason: str | None
    created_at: datetime
    first_call_at: datetime | None
    last_activity_at: datetime
    open_callbacks: tuple[CardCallback, ...]
    timeline: tuple[TimelineEntry, ...]
    contacts: tuple[Contact, ...] = ()  # every phone and e-mail, main ones first
    subject: str = ""
    job_title: str = ""
    tags: str = ""
    currency: str = ""
    comment: str = ""
    referred_by: str = ""  # the client that gave this lead as a referral (its name), if one did

    @property
    def latest_call_id(self) -> int | None:
        """The newest call on the timeline (the one `v` reviews)."""
        return next((entry.call_id for entry in self.timeline if isinstance(entry, CallEntry)), None)

    @property
    def open_objections(self) -> tuple[ObjectionEntry, ...]:
        return tuple(
            objection
            for entry in self.timeline
            if isinstance(entry, CallEntry)
            for objection in entry.objections
            if objection.is_open
        )


def lead_card(session: Session, lead_id: int, *, viewer_id: int, viewer_is_head: bool) -> LeadCard:
    """The card of ``lead_id``; NotFound when missing, PermissionDenied for another manager's lead."""
    row = session.execute(
        select(Lead, User.login, User.display_name).join(User, User.id == Lead.owner_id).where(Lead.id == lead_id)
    ).first()
    if row is None:
        raise NotFound(_("Lead #{id} does not exist.").format(id=lead_id))
    lead, owner_login, owner_name = row
    if not viewer_is_head and lead.owner_id != viewer_id:
        raise PermissionDenied(_("Lead #{id} belongs to another manager.").format(id=lead_id))
    timeline = sorted(
        (*_calls(session, lead_id), *_stage_moves(session, lead_id), *_lead_reviews(session, lead_id),
         *_rechecks(session, lead_id), *_closed_callbacks(session, lead_id)),
        key=lambda entry: entry.at,
        reverse=True,
    )
    return LeadCard(
        lead_id=lead.id, name=lead.name, company=lead.company, phone=lead.phone, email=lead.email,
        source=lead.source, owner_id=lead.owner_id, owner_login=owner_login, owner_name=owner_name,
        stage=lead.stage, stage_entered_at=lead.stage_entered_at, value=lead.value,
        bant_budget=lead.bant_budget, bant_authority=lead.bant_authority, bant_need=lead.bant_need,
        bant_timing=lead.bant_timing, qualification=lead.qualification, junk_reason=lead.junk_reason,
        lost_reason=lead.lost_reason, created_at=lead.created_at, first_call_at=lead.first_call_at,
        last_activity_at=lead.last_activity_at, open_callbacks=_open_callbacks(session, lead_id),
        timeline=tuple(timeline), contacts=tuple(contacts_of(session, [lead_id])[lead_id]), subject=lead.subject,
        job_title=lead.job_title, tags=lead.tags, currency=lead.currency, comment=lead.comment,
        referred_by=_referred_by(session, lead.referred_by_client_id),
    )


def _referred_by(session: Session, client_id: int | None) -> str:
    from ..money_tables import Client

    if client_id is None:
        return ""
    return session.scalar(select(Client.name).where(Client.id == client_id)) or ""


def _open_callbacks(session: Session, lead_id: int) -> tuple[CardCallback, ...]:
    rows = session.execute(
        select(Callback.id, Callback.due_at, User.display_name, Callback.note)
        .join(User, User.id == Callback.owner_id)
        .where(Callback.lead_id == lead_id, Callback.status == "open")
        .order_by(Callback.due_at, Callback.id)
    )
    return tuple(CardCallback(*row) for row in rows)


def _calls(session: Session, lead_id: int) -> list[CallEntry]:
    rows = session.execute(
        select(
            Call.id, Call.started_at, User.display_name, Call.direction, Call.outcome, Call.duration_seconds,
            Call.notes, CallReview.score, CallReview.passed, CallReview.failed_critical, CallReview.id,
        )
        .join(User, User.id == Call.manager_id)
        .outerjoin(CallReview, CallReview.call_id == Call.id)
        .where(Call.lead_id == lead_id)
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    objections: dict[int, list[ObjectionEntry]] = defaultdict(list)
    for call_id, key, label, handled, answer, resolved_at in session.execute(
        select(
            CallObjection.call_id, ObjectionType.key, ObjectionType.label, CallObjection.handled,
            CallObjection.answer, CallObjection.resolved_at,
        )
        .join(ObjectionType, ObjectionType.id == CallObjection.type_id)
        .where(CallObjection.lead_id == lead_id)
        .order_by(CallObjection.id)
    ):
        objections[call_id].append(ObjectionEntry(key, label, handled, answer, resolved_at))
    return [
        CallEntry(
            at=started, call_id=call_id, manager_name=manager, direction=direction, outcome=outcome,
            duration_seconds=duration, notes=notes, score=score, passed=passed,
            failed_critical=bool(failed), reviewed=review_id is not None,
            objections=tuple(objections.get(call_id, ())),
        )
        for call_id, started, manager, direction, outcome, duration, notes, score, passed, failed, review_id in rows
    ]


def _stage_moves(session: Session, lead_id: int) -> list[StageEntry]:
    rows = session.execute(
        select(StageHistory.moved_at, StageHistory.from_stage, StageHistory.to_stage, User.display_name,
               StageHistory.override_reason)
        .join(User, User.id == StageHistory.moved_by_id)
        .where(StageHistory.lead_id == lead_id)
        .order_by(StageHistory.moved_at.desc(), StageHistory.id.desc())
        .limit(TIMELINE_LIMIT)
    )
    return [StageEntry(*row) for row in rows]


def _lead_reviews(session: Session, lead_id: int) -> list[LeadReviewEntry]:
    rows = session.execute(
        select(LeadReview.created_at, User.display_name, LeadReview.verdict, LeadReview.action_text,
               LeadReview.action_done_at)
        .join(User, User.id == LeadReview.reviewer_id)
        .where(LeadReview.lead_id == lead_id)
        .order_by(LeadReview.created_at.desc(), LeadReview.id.desc())
        .limit(TIMELINE_LIMIT)
    )
    return [LeadReviewEntry(*row) for row in rows]


def _rechecks(session: Session, lead_id: int) -> list[RecheckEntry]:
    rows = session.execute(
        select(Recheck.created_at, User.display_name, Recheck.verdict, Recheck.original_verdict,
               Recheck.original_reason, Recheck.returned_stage, Recheck.note)
        .join(User, User.id == Recheck.reviewer_id)
        .where(Recheck.lead_id == lead_id)
        .order_by(Recheck.created_at.desc(), Recheck.id.desc())
        .limit(TIMELINE_LIMIT)
    )
    return [RecheckEntry(*row) for row in rows]


def _closed_callbacks(session: Session, lead_id: int) -> list[ClosedCallbackEntry]:
    owner = aliased(User)
    rows = session.execute(
        select(Callback.done_at, Callback.due_at, Callback.status, owner.display_name)
        .join(owner, owner.id == Callback.owner_id)
        .where(Callback.lead_id == lead_id, Callback.status != "open", Callback.done_at.is_not(None))
        .order_by(Callback.done_at.desc(), Callback.id.desc())
        .limit(TIMELINE_LIMIT)
    )
    return [ClosedCallbackEntry(*row) for row in rows]


def objection_catalog(session: Session) -> tuple[tuple[str, str], ...]:
    """The active objection types as (key, English label), in catalog order (for the call form)."""
    rows = session.execute(
        select(ObjectionType.key, ObjectionType.label).where(ObjectionType.active.is_(True)).order_by(ObjectionType.id)
    )
    return tuple((key, label) for key, label in rows)
