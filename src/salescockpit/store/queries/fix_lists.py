"""Fix lists, read side: the drafts the head can send this morning, and a manager's open actions.

A draft is one manager's housekeeping leads (`domain.morning.split_morning`), summed up by
reason ("Anna: 37 leads without a next step, 12 stale in Qualification"). Once sent, each
lead's action is a `lead_reviews` row tied to the list by `fix_list_items`, due with the list.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.morning import Candidate
from ...domain.review import Reason
from ...i18n import _, ngettext
from ..core_tables import users
from .queue_split import fix_list_items, fix_lists
from .queue_sql import lead_reviews, leads

#: A draft's summary counts reasons; the instant a reason began plays no part in it.
_NO_TIME = datetime.min.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class DraftFixList:
    manager_id: int
    manager_login: str
    manager_name: str
    lead_ids: tuple[int, ...]
    summary: str


def action_for(reason: Reason, stage: str) -> str:
    """What the manager must do about a housekeeping reason (the whole instruction)."""
    if reason is Reason.STALE_IN_STAGE:
        return _("Move the lead on from {stage} or close it").format(stage=stage)
    if reason is Reason.NEW_NOT_CONTACTED:
        return _("Make the first call to the new lead")
    if reason is Reason.OVERDUE_CALLBACK:
        return _("Call back: the promised callback is overdue")
    return _("Set a next step: plan a callback")


def summary_text(name: str, candidates: list[Candidate], stages: dict[int, str]) -> str:
    """ "Anna: 37 leads without a next step, 12 stale in Qualification"."""
    counts: Counter = Counter()
    for candidate in candidates:
        stage = stages.get(candidate.lead_id, "") if candidate.reason is Reason.STALE_IN_STAGE else ""
        counts[(candidate.reason.severity, candidate.reason, stage)] += 1
    parts = []
    for (_severity, reason, stage), n in sorted(counts.items(), key=lambda item: (item[0][0], item[0][2])):
        if reason is Reason.STALE_IN_STAGE:
            parts.append(ngettext("{n} stale in {stage}", "{n} stale in {stage}", n).format(n=n, stage=stage))
        elif reason is Reason.NEW_NOT_CONTACTED:
            parts.append(ngettext("{n} new lead not contacted", "{n} new leads not contacted", n).format(n=n))
        elif reason is Reason.OVERDUE_CALLBACK:
            parts.append(ngettext("{n} callback overdue over a day", "{n} callbacks overdue over a day", n)
                         .format(n=n))
        else:
            parts.append(ngettext("{n} lead without a next step", "{n} leads without a next step", n).format(n=n))
    return _("{name}: {parts}").format(name=name, parts=", ".join(parts))


def draft_fix_lists(session: Session, draft_leads, stage_label=str) -> list[DraftFixList]:
    """The drafts, one per manager, by manager login, from (owner id, lead id, reason, stage) rows in
    each list's order (`today_list.draft_leads`); ``stage_label`` names a stage key."""
    by_owner: dict[int, list] = {}
    for owner_id, lead_id, reason, stage in draft_leads:
        by_owner.setdefault(owner_id, []).append((lead_id, reason, stage))
    if not by_owner:
        return []
    people = {row[0]: row[1:] for row in session.execute(
        select(users.c.id, users.c.login, users.c.display_name).where(users.c.id.in_(list(by_owner))))}
    result = []
    for owner_id, chosen in by_owner.items():
        login, name = people[owner_id]
        lead_ids = tuple(lead_id for lead_id, _reason, _stage in chosen)
        counted = [Candidate(lead_id, owner_id, reason, _NO_TIME) for lead_id, reason, _stage in chosen]
        stages = {lead_id: stage_label(stage) for lead_id, reason, stage in chosen if reason is Reason.STALE_IN_STAGE}
        result.append(DraftFixList(owner_id, login, name, lead_ids, summary_text(name or login, counted, stages)))
    return sorted(result, key=lambda draft: draft.manager_login)


@dataclass(frozen=True)
class ManagerAction:
    """One of the head's actions for a manager: a fix-list item (with its due time) or a verdict."""

    review_id: int
    lead_id: int
    lead_name: str
    action_text: str
    due_at: datetime | None
    given_at: datetime


def open_actions(session: Session, manager_id: int) -> list[ManagerAction]:
    """The head's actions ``manager_id`` has not done, by due time (those without one last)."""
    query = (
        select(lead_reviews.c.id, lead_reviews.c.lead_id, leads.c.name, lead_reviews.c.action_text,
               fix_lists.c.due_at, lead_reviews.c.created_at)
        .select_from(
            lead_reviews.join(leads, leads.c.id == lead_reviews.c.lead_id)
            .outerjoin(fix_list_items, fix_list_items.c.lead_review_id == lead_reviews.c.id)
            .outerjoin(fix_lists, fix_lists.c.id == fix_list_items.c.fix_list_id)
        )
        .where(lead_reviews.c.verdict == "action", lead_reviews.c.action_done_at.is_(None),
               lead_reviews.c.assignee_id == manager_id)
    )
    rows = [ManagerAction(*row) for row in session.execute(query)]
    return sorted(rows, key=lambda a: (a.due_at is None, a.due_at or a.given_at, a.given_at, a.review_id))


@dataclass(frozen=True)
class FixOutcome:
    """One manager's fix-list actions due in a window: done on time, done late, not done, still open."""

    manager_login: str
    manager_name: str
    on_time: int
    late: int
    not_done: int
    open: int

    def text(self) -> str:
        """ "Anna: 3 done on time, 1 late, 2 not done, 4 not due yet"."""
        return _("{name}: {on_time} done on time, {late} late, {not_done} not done, {open} not due yet").format(
            name=self.manager_name or self.manager_login, on_time=self.on_time, late=self.late,
            not_done=self.not_done, open=self.open)

    @property
    def kept_share(self) -> float | None:
        """Share of the due actions done on time (None when none was due)."""
        due = self.on_time + self.late + self.not_done
        return self.on_time / due if due else None


def fix_outcomes(session: Session, due_from: datetime, now: datetime, manager_id: int | None = None) -> list[FixOutcome]:
    """Per manager, the fix-list actions due since ``due_from`` (and those still open), as of ``now``."""
    query = (
        select(users.c.login, users.c.display_name, fix_lists.c.due_at, lead_reviews.c.action_done_at)
        .select_from(
            fix_list_items.join(fix_lists, fix_lists.c.id == fix_list_items.c.fix_list_id)
            .join(lead_reviews, lead_reviews.c.id == fix_list_items.c.lead_review_id)
            .join(users, users.c.id == fix_lists.c.manager_id)
        )
        .where(fix_lists.c.due_at >= due_from)
    )
    if manager_id is not None:
        query = query.where(fix_lists.c.manager_id == manager_id)
    tally: dict[tuple[str, str], list[int]] = {}
    for login, name, due_at, done_at in session.execute(query):
        counts = tally.setdefault((login, name), [0, 0, 0, 0])
        if done_at is not None:
            counts[0 if done_at <= due_at else 1] += 1
        elif due_at < now:
            counts[2] += 1
        else:
            counts[3] += 1
    return [FixOutcome(login, name, *counts) for (login, name), counts in sorted(tally.items())]
