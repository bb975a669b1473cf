"""Campaigns, read side: the clients a campaign's filter picks, the open campaign calls, and the
campaigns with their tasks and outcomes counted.

Visibility (the money rule): the head sees every client, task and campaign figure; a manager only
the clients they manage and the tasks they owe (``client_tasks.manager_id``), as a WHERE.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..client_task_tables import Campaign, ClientTask
from ..money_tables import Client, Contract
from ..tables import User
from .visibility import Viewer, restricted

clients, contracts, users = Client.__table__, Contract.__table__, User.__table__
campaigns, tasks = Campaign.__table__, ClientTask.__table__
CAMPAIGN_KINDS = ("upsell", "referral")


@dataclass(frozen=True)
class ClientFilter:
    """Which clients a campaign picks: a contract subject holding ``product`` (any case), the newest
    contract signed before ``bought_before`` / after ``bought_after`` (both strict), a manager."""

    product: str = ""
    bought_before: date | None = None
    bought_after: date | None = None
    manager_id: int | None = None


@dataclass(frozen=True)
class PickedClient:
    client_id: int
    manager_id: int


def picked_clients(session: Session, chosen: ClientFilter, *, viewer: Viewer | None = None) -> list[PickedClient]:
    """The clients ``chosen`` picks, by id (a manager: only among their own clients)."""
    query = select(clients.c.id, clients.c.manager_id).order_by(clients.c.id)
    if chosen.manager_id is not None:
        query = query.where(clients.c.manager_id == chosen.manager_id)
    if restricted(viewer):
        query = query.where(clients.c.manager_id == viewer.id)
    if chosen.bought_before is not None or chosen.bought_after is not None:
        newest = (select(contracts.c.client_id, func.max(contracts.c.signed_on).label("last"))
                  .group_by(contracts.c.client_id).subquery())
        query = query.join(newest, newest.c.client_id == clients.c.id)
        if chosen.bought_before is not None:
            query = query.where(newest.c.last < chosen.bought_before)
        if chosen.bought_after is not None:
            query = query.where(newest.c.last > chosen.bought_after)
    rows = [PickedClient(row.id, row.manager_id) for row in session.execute(query)]
    product = " ".join(chosen.product.split()).casefold()
    if not product or not rows:
        return rows
    # SQLite's lower() folds ASCII only (house rule 6): the subjects are folded here, in Python.
    subjects = session.execute(select(contracts.c.client_id, contracts.c.subject)
                               .where(contracts.c.subject != "")).all()
    buyers = {client_id for client_id, subject in subjects if product in " ".join(subject.split()).casefold()}
    return [row for row in rows if row.client_id in buyers]


@dataclass(frozen=True)
class CampaignCall:
    """One open campaign call: whom to call, why, by when, for whom."""

    task_id: int
    client_id: int
    client_name: str
    lead_id: int | None
    campaign_name: str
    purpose: str
    due_date: date
    manager_name: str


def open_campaign_calls(session: Session, *, viewer: Viewer | None = None, limit: int = 200) -> list[CampaignCall]:
    """Open campaign tasks, the earliest due first (a manager: the ones they owe)."""
    query = (
        select(tasks.c.id, tasks.c.client_id, clients.c.name, clients.c.lead_id, campaigns.c.name.label("campaign"),
               campaigns.c.purpose, tasks.c.due_date, users.c.display_name)
        .join(clients, clients.c.id == tasks.c.client_id)
        .join(campaigns, campaigns.c.id == tasks.c.campaign_id)
        .join(users, users.c.id == tasks.c.manager_id)
        .where(tasks.c.status == "open", tasks.c.kind.in_(CAMPAIGN_KINDS))
        .order_by(tasks.c.due_date, tasks.c.id)
        .limit(limit)
    )
    if restricted(viewer):
        query = query.where(tasks.c.manager_id == viewer.id)
    return [CampaignCall(*row) for row in session.execute(query)]


def campaign_call_for_lead(session: Session, lead_id: int, *, viewer: Viewer | None = None) -> CampaignCall | None:
    """The earliest-due open campaign call with the client made from lead ``lead_id`` (a manager: one they owe)."""
    query = (
        select(tasks.c.id, tasks.c.client_id, clients.c.name, clients.c.lead_id, campaigns.c.name.label("campaign"),
               campaigns.c.purpose, tasks.c.due_date, users.c.display_name)
        .join(clients, clients.c.id == tasks.c.client_id)
        .join(campaigns, campaigns.c.id == tasks.c.campaign_id)
        .join(users, users.c.id == tasks.c.manager_id)
        .where(clients.c.lead_id == lead_id, tasks.c.status == "open", tasks.c.kind.in_(CAMPAIGN_KINDS))
        .order_by(tasks.c.due_date, tasks.c.id)
        .limit(1)
    )
    if restricted(viewer):
        query = query.where(tasks.c.manager_id == viewer.id)
    row = session.execute(query).first()
    return None if row is None else CampaignCall(*row)


@dataclass(frozen=True)
class CampaignSummary:
    """A campaign and its calls: open, done, and the done ones by outcome (``referral`` = a new lead)."""

    campaign_id: int
    name: str
    purpose: str
    due_date: date
    filter_text: str
    open: int = 0
    done: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def campaign_summaries(session: Session, *, viewer: Viewer | None = None) -> list[CampaignSummary]:
    """Every campaign, newest first, with its tasks counted (a manager: counting the tasks they owe)."""
    counts = (select(tasks.c.campaign_id, tasks.c.status, tasks.c.outcome, func.count().label("n"))
              .where(tasks.c.campaign_id.is_not(None))
              .group_by(tasks.c.campaign_id, tasks.c.status, tasks.c.outcome))
    if restricted(viewer):
        counts = counts.where(tasks.c.manager_id == viewer.id)
    by_campaign: dict[int, Counter] = {}
    for campaign_id, status, outcome, number in session.execute(counts):
        counter = by_campaign.setdefault(campaign_id, Counter())
        counter[status] += number
        if status == "done" and outcome:
            counter["outcome:" + outcome] += number
    rows = session.execute(select(campaigns.c.id, campaigns.c.name, campaigns.c.purpose, campaigns.c.due_date,
                                  campaigns.c.filter_text).order_by(campaigns.c.id.desc()))
    summaries = []
    for campaign_id, name, purpose, due_date, filter_text in rows:
        counter = by_campaign.get(campaign_id, Counter())
        if restricted(viewer) and not counter:
            continue  # a manager sees the campaigns that gave them calls
        outcomes = {key.split(":", 1)[1]: n for key, n in sorted(counter.items()) if key.startswith("outcome:")}
        summaries.append(CampaignSummary(campaign_id, name, purpose, due_date, filter_text,
                                         counter["open"], counter["done"], outcomes))
    return summaries
