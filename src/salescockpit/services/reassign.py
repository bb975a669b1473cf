"""Handing a manager's work to another: what they hold open, and moving it in one transaction.

When a manager leaves (`salescockpit user deactivate`), their history stays theirs but their open
work must not be orphaned: `open_work` lists their open leads (not won, lost or disqualified,
or a closed lead that still has an open callback, such as a customer's follow-up) with each
lead's next callback, and the open callbacks they owe; `reassign_leads` moves those leads (or
the ones named) to another active user together with what hangs on them:

- the lead's owner (`lead.reassign`);
- the open callbacks the old manager owed on those leads (`callback.reassign`);
- the head's pending actions on those leads assigned to the old manager (`lead_review.reassign`).

A full hand-over (no lead ids named) also gives the old manager's open callbacks on other
managers' leads back to each lead's owner, so nothing they promised is left with nobody. Every
change is an audit row (old and new owner) and an owner change kept with its time
(`services.ownership`), so the reports of the days before still count the work for the old
manager. Head of sales only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from salescockpit.i18n import _
from salescockpit.store.tables import Callback, Lead, LeadReview, User

from .actor import Actor, normalize_login, require_active, require_head
from .audit import record_changes
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .lookups import active_user
from .ownership import record_owner_change


@dataclass(frozen=True)
class OpenLead:
    """A lead still in play: what the head needs to decide who takes it."""

    lead_id: int
    name: str
    company: str
    stage: str
    next_callback_at: datetime | None


@dataclass(frozen=True)
class OpenCallback:
    callback_id: int
    lead_id: int
    lead_name: str
    due_at: datetime


@dataclass(frozen=True)
class OpenWork:
    """A user's open leads (oldest first) and the open callbacks they owe (earliest due first)."""

    login: str
    leads: tuple[OpenLead, ...]
    callbacks: tuple[OpenCallback, ...]

    @property
    def empty(self) -> bool:
        return not self.leads and not self.callbacks


@dataclass(frozen=True)
class Reassigned:
    """How much moved: leads, callbacks and pending actions."""

    leads: int
    callbacks: int
    actions: int


def _user(session: Session, login: str) -> User:
    """Any user by login, active or not (a deactivated manager's work is what gets moved)."""
    user = session.scalars(select(User).where(User.login == normalize_login(login or ""))).first()
    if user is None:
        raise NotFound(_("There is no user {login}.").format(login=login))
    return user


def _is_open_work(ctx: ServiceContext) -> ColumnElement[bool]:
    """A lead still in play: not in a final stage, or something still promised on it."""
    promised = exists().where(Callback.lead_id == Lead.id, Callback.status == "open")
    return or_(Lead.stage.not_in(sorted(ctx.pipeline.terminal_keys)), promised)


def open_work(ctx: ServiceContext, actor: Actor, login: str) -> OpenWork:
    """What ``login`` holds open: their live leads and the open callbacks they owe (head only)."""
    require_head(actor, _("Only the head of sales can see another user's open work."))
    with ctx.db.read() as session:
        user = _user(session, login)
        next_due = (
            select(func.min(Callback.due_at))
            .where(Callback.lead_id == Lead.id, Callback.status == "open")
            .scalar_subquery()
        )
        leads = session.execute(
            select(Lead.id, Lead.name, Lead.company, Lead.stage, next_due)
            .where(Lead.owner_id == user.id, _is_open_work(ctx))
            .order_by(Lead.id)
        ).all()
        callbacks = session.execute(
            select(Callback.id, Callback.lead_id, Lead.name, Callback.due_at)
            .join(Lead, Lead.id == Callback.lead_id)
            .where(Callback.owner_id == user.id, Callback.status == "open")
            .order_by(Callback.due_at, Callback.id)
        ).all()
        return OpenWork(
            login=user.login,
            leads=tuple(OpenLead(lead_id, name, company or "", stage, due) for lead_id, name, company, stage, due in leads),
            callbacks=tuple(OpenCallback(*row) for row in callbacks),
        )


def _leads_to_move(session: Session, ctx: ServiceContext, source: User, lead_ids: Sequence[int] | None) -> list[Lead]:
    if lead_ids is None:
        return list(session.scalars(select(Lead).where(Lead.owner_id == source.id, _is_open_work(ctx)).order_by(Lead.id)))
    wanted = sorted(set(lead_ids))
    found = {lead.id: lead for lead in session.scalars(select(Lead).where(Lead.id.in_(wanted)))}
    for lead_id in wanted:
        lead = found.get(lead_id)
        if lead is None:
            raise NotFound(_("Lead #{id} does not exist.").format(id=lead_id))
        if lead.owner_id != source.id:
            raise InvalidInput(
                "lead", _("Lead #{id} does not belong to {login}.").format(id=lead_id, login=source.login)
            )
    return [found[lead_id] for lead_id in wanted]


def reassign_leads(
    ctx: ServiceContext, actor: Actor, from_login: str, to_login: str, lead_ids: Sequence[int] | None = None
) -> Reassigned:
    """Move ``from_login``'s open leads (or just ``lead_ids``) to ``to_login``, in one transaction."""
    require_head(actor, _("Only the head of sales can reassign leads."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        source = _user(session, from_login)
        target = active_user(session, login=to_login, field="to")
        if source.id == target.id:
            raise InvalidInput("to", _("The leads already belong to {login}.").format(login=target.login))
        moved = _leads_to_move(session, ctx, source, lead_ids)
        moved_ids = [lead.id for lead in moved]
        for lead in moved:
            record_changes(session, actor, "lead.reassign", "lead", lead.id, {"owner_id": (source.id, target.id)}, now)
            record_owner_change(session, actor, "lead", lead.id, lead.id, source.id, target.id, now)
            lead.owner_id, lead.updated_at = target.id, now
        callbacks = 0
        for callback in _open_callbacks(session, source.id, moved_ids, everywhere=lead_ids is None):
            new_owner = target.id if callback.lead_id in moved_ids else _lead_owner(session, callback.lead_id)
            if new_owner == callback.owner_id:
                continue
            record_changes(session, actor, "callback.reassign", "callback", callback.id,
                           {"owner_id": (callback.owner_id, new_owner)}, now)
            record_owner_change(session, actor, "callback", callback.id, callback.lead_id,
                                callback.owner_id, new_owner, now)
            callback.owner_id = new_owner
            callbacks += 1
        actions = 0
        for review in _pending_actions(session, source.id, moved_ids):
            record_changes(session, actor, "lead_review.reassign", "lead_review", review.id,
                           {"assignee_id": (source.id, target.id)}, now)
            record_owner_change(session, actor, "lead_review", review.id, review.lead_id, source.id, target.id, now)
            review.assignee_id = target.id
            actions += 1
        return Reassigned(leads=len(moved), callbacks=callbacks, actions=actions)


def _open_callbacks(session: Session, owner_id: int, lead_ids: list[int], *, everywhere: bool) -> list[Callback]:
    """The open callbacks ``owner_id`` owes: on ``lead_ids``, or (``everywhere``) on any lead."""
    query = select(Callback).where(Callback.owner_id == owner_id, Callback.status == "open")
    if not everywhere:
        if not lead_ids:
            return []
        query = query.where(Callback.lead_id.in_(lead_ids))
    return list(session.scalars(query.order_by(Callback.id)))


def _lead_owner(session: Session, lead_id: int) -> int:
    return session.execute(select(Lead.owner_id).where(Lead.id == lead_id)).scalar_one()


def _pending_actions(session: Session, assignee_id: int, lead_ids: list[int]) -> list[LeadReview]:
    if not lead_ids:
        return []
    return list(
        session.scalars(
            select(LeadReview)
            .where(
                LeadReview.lead_id.in_(lead_ids),
                LeadReview.assignee_id == assignee_id,
                LeadReview.verdict == "action",
                LeadReview.action_done_at.is_(None),
            )
            .order_by(LeadReview.id)
        )
    )
