"""Campaigns for current clients: the head picks clients by a filter and a purpose (upsell, or ask
for referrals), and each picked client becomes a call task for its manager, due on one day.

Adding a campaign twice never doubles its tasks: a campaign is known by its name (unique in the
database); adding one by a name that exists, with the same purpose, filter and due date, adds
tasks only for the clients the filter picks now that have none in it yet (usually none), and a
client has at most one task per campaign (a unique index on the campaign and the client). The
same name with another purpose, filter or due date is refused. One transaction, one audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.i18n import N_, _
from salescockpit.store.client_task_tables import Campaign, ClientTask
from salescockpit.store.queries.campaigns import ClientFilter, PickedClient, picked_clients
from salescockpit.store.tables import User

from .actor import Actor, require_active, require_head
from .audit import record_event
from .context import ServiceContext
from .errors import InvalidInput
from .lookups import active_user
from .text_input import text_problem

#: A campaign's purpose -> its English label (translate with `_()`); also the tasks' `kind`.
PURPOSES: dict[str, str] = {"upsell": N_("upsell"), "referral": N_("ask for referrals")}


@dataclass(frozen=True)
class CampaignDraft:
    """A campaign as typed: the filter's parts are optional (none: every client)."""

    name: str
    purpose: str
    due_date: date
    product: str = ""
    bought_before: date | None = None
    bought_after: date | None = None
    manager_login: str | None = None

    @property
    def filter_text(self) -> str:
        """The filter in one line, the same for the same filter (kept on the campaign for the record)."""
        parts = []
        if self.product.strip():
            parts.append(f"product={' '.join(self.product.split())}")
        if self.bought_before is not None:
            parts.append(f"bought_before={self.bought_before.isoformat()}")
        if self.bought_after is not None:
            parts.append(f"bought_after={self.bought_after.isoformat()}")
        if self.manager_login and self.manager_login.strip():
            parts.append(f"manager={self.manager_login.strip().casefold()}")
        return "; ".join(parts)


@dataclass(frozen=True)
class CampaignResult:
    """What adding a campaign did (or would do, for a dry run)."""

    campaign_id: int | None
    picked: int  # clients the filter picks
    created: int  # call tasks made now
    already: int  # picked clients that had a task in this campaign already
    inactive: int  # picked clients whose manager is deactivated: no task for them
    existed: bool  # the campaign was there before


def validate_campaign(draft: CampaignDraft, today: date) -> dict[str, str]:
    """Everything wrong with ``draft`` as {field: message}; empty = fine (the form shows the same)."""
    errors: dict[str, str] = {}
    name = " ".join((draft.name or "").split())
    if not name:
        errors["name"] = _("The campaign needs a name.")
    elif problem := text_problem(name, 200):
        errors["name"] = problem
    if draft.purpose not in PURPOSES:
        errors["purpose"] = _("The purpose is upsell or referral.")
    if not isinstance(draft.due_date, date):
        errors["due_date"] = _("Give the date the calls are due.")
    elif draft.due_date < today:
        errors["due_date"] = _("The calls are due today or later.")
    if draft.bought_before and draft.bought_after and draft.bought_after >= draft.bought_before:
        errors["bought_after"] = _("No purchase is after {after} and before {before}.").format(
            after=draft.bought_after.isoformat(), before=draft.bought_before.isoformat())
    if problem := text_problem(draft.product, 500):
        errors["product"] = problem
    return errors


def _filter(session: Session, draft: CampaignDraft) -> ClientFilter:
    manager_id = None
    if draft.manager_login and draft.manager_login.strip():
        manager_id = active_user(session, login=draft.manager_login, field="manager").id
    return ClientFilter(draft.product, draft.bought_before, draft.bought_after, manager_id)


def _check(ctx: ServiceContext, actor: Actor, draft: CampaignDraft) -> None:
    require_head(actor, _("Only the head of sales starts campaigns."))
    errors = validate_campaign(draft, ctx.clock.today())
    if errors:
        raise InvalidInput.from_errors(errors)


def _existing(session: Session, draft: CampaignDraft) -> Campaign | None:
    campaign = session.scalars(select(Campaign).where(Campaign.name == " ".join(draft.name.split()))).first()
    if campaign is not None and (campaign.purpose, campaign.filter_text, campaign.due_date) != (
            draft.purpose, draft.filter_text, draft.due_date):
        raise InvalidInput("name", _("A campaign named {name!r} exists already, with another purpose, filter or due "
                                     "date: choose another name.").format(name=campaign.name))
    return campaign


def _plan(session: Session, draft: CampaignDraft, campaign: Campaign | None) -> tuple[list[PickedClient], int, int, int]:
    """(the picked clients that get a task now, picked, already in the campaign, inactive manager)."""
    picked = picked_clients(session, _filter(session, draft))
    tasked: set[int] = set()
    if campaign is not None:
        tasked = set(session.scalars(select(ClientTask.client_id).where(ClientTask.campaign_id == campaign.id)))
    active = set(session.scalars(select(User.id).where(User.active.is_(True))))
    new = [row for row in picked if row.client_id not in tasked and row.manager_id in active]
    inactive = sum(1 for row in picked if row.client_id not in tasked and row.manager_id not in active)
    return new, len(picked), sum(1 for row in picked if row.client_id in tasked), inactive


def preview_campaign(ctx: ServiceContext, actor: Actor, draft: CampaignDraft) -> CampaignResult:
    """What `add_campaign` would do, writing nothing (the form's count and `--dry-run`)."""
    _check(ctx, actor, draft)
    with ctx.db.read() as session:
        campaign = _existing(session, draft)
        new, picked, already, inactive = _plan(session, draft, campaign)
        return CampaignResult(campaign.id if campaign else None, picked, len(new), already, inactive,
                              campaign is not None)


def add_campaign(ctx: ServiceContext, actor: Actor, draft: CampaignDraft) -> CampaignResult:
    """Make the campaign (or find it by its name) and a call task for each picked client without one."""
    _check(ctx, actor, draft)
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        campaign = _existing(session, draft)
        existed = campaign is not None
        new, picked, already, inactive = _plan(session, draft, campaign)
        if campaign is None:
            campaign = Campaign(name=" ".join(draft.name.split()), purpose=draft.purpose, filter_text=draft.filter_text,
                                due_date=draft.due_date, created_at=now, created_by_id=actor.id)
            session.add(campaign)
            session.flush()
        for row in new:
            session.add(ClientTask(client_id=row.client_id, manager_id=row.manager_id, kind=draft.purpose,
                                   due_date=draft.due_date, campaign_id=campaign.id, status="open", created_at=now))
        if new or not existed:
            action = "campaign.extend" if existed else "campaign.create"
            record_event(session, actor, action, "campaign", campaign.id,
                         f"{campaign.name} [{draft.purpose}] due {draft.due_date.isoformat()} "
                         f"filter: {draft.filter_text or 'all clients'}; {len(new)} task(s)", now)
        session.flush()
        return CampaignResult(campaign.id, picked, len(new), already, inactive, existed)
