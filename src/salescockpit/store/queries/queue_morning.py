"""The head's morning in one read: today's list with reasons, the draft fix lists, the three counts.

What `salescockpit queue` prints and the queue screen's header shows. Reasons are the queue's
reason codes (`domain.review.Reason` values, worst first), plus "action_overdue" for a fix-list
action not done by its due time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.review import reason_tags
from ...domain.morning import working_days_before
from .fix_lists import DraftFixList, FixOutcome, draft_fix_lists, fix_outcomes
from .queue import build_scope, queue_rows
from .queue_split import fix_lists
from .queue_sql import lead_reviews
from .today_list import TodayPosition, draft_leads, today_after, today_slice

ACTION_OVERDUE = "action_overdue"
#: `first_rows=None`: the whole of today's list (a LIMIT no list reaches).
ALL_OF_TODAY = 1 << 40


@dataclass(frozen=True)
class TodayLead:
    lead_id: int
    name: str
    company: str
    manager_login: str
    manager_name: str
    stage: str
    reasons: tuple[str, ...]
    hits: tuple = ()


@dataclass(frozen=True)
class MorningOverview:
    today: tuple[TodayLead, ...]
    drafts: tuple[DraftFixList, ...]
    today_count: int
    sent_count: int
    backlog_count: int
    reviewed_today: int
    capacity: int
    lists_sent_today: int
    #: Per manager, the fix-list actions due since the start of the previous working day.
    outcomes: tuple[FixOutcome, ...] = ()
    #: Today's leads as queue rows (for the queue screen), in the same order as `today`.
    rows: tuple = ()
    #: The lead ids of `today`, in order (all of today's list when it was read whole).
    today_ids: tuple[int, ...] = ()
    #: Where today's list goes on after `today` (None: it is all there).
    rest: TodayPosition | None = None
    #: How many managers have a draft fix list (`drafts` holds them when they were read).
    draft_count: int = 0
    #: Leads in today's list past the capacity: they had waited `backlog_max_days` working days.
    over_capacity: int = 0
    backlog_max_days: int = 3


def morning_overview(
    session: Session, settings, *, now: datetime, viewer_id: int, viewer_is_head: bool = True,
    manager_id: int | None = None, first_rows: int | None = None, with_drafts: bool = True,
) -> MorningOverview:
    """The morning of ``viewer_id`` (a manager gets their own leads only) at ``now``.

    ``first_rows`` limits `today` and `rows` to the list's first leads (the screen's first page:
    the list can pass the capacity when leads have aged in the backlog); `rest` is where the list
    goes on (`today_list.today_after`). Without it the whole list is read. The drafts' leads are
    read only ``with_drafts`` (`draft_count` says how many there are either way).
    """
    if not viewer_is_head:
        manager_id = viewer_id
    scope = build_scope(settings, now=now, viewer_id=viewer_id, viewer_is_head=True, manager_id=manager_id)
    hours = settings.working_hours()
    days = settings.review_backlog_max_days
    today = today_slice(session, scope, capacity=settings.review_daily_capacity, backlog_max_days=days, hours=hours,
                        first=ALL_OF_TODAY if first_rows is None else first_rows)
    shown = [entry.lead_id for entry in today.first]
    overdue = {entry.lead_id for entry in today.first if entry.action_overdue}
    rows = {row.lead_id: row for row in queue_rows(session, scope, shown)}
    leads_today = []
    for lead_id in shown:
        row = rows[lead_id]
        codes = tuple(str(reason) for reason in reason_tags(row.hits))
        if lead_id in overdue:
            codes = (ACTION_OVERDUE, *codes)
        leads_today.append(TodayLead(lead_id, row.name, row.company, row.owner_login, row.owner_name, row.stage,
                                     codes, row.hits))
    day_start = datetime.combine(scope.today, time(0), tzinfo=settings.tz).astimezone(timezone.utc)
    sent_query = select(func.count()).select_from(fix_lists).where(fix_lists.c.sent_at >= day_start)
    if manager_id is not None:
        sent_query = sent_query.where(fix_lists.c.manager_id == manager_id)
    drafts = ()
    if with_drafts and today.draft_owners:
        drafts = tuple(draft_fix_lists(session, draft_leads(session, scope, backlog_max_days=days, hours=hours),
                                       settings.pipeline.label))
    return MorningOverview(
        today=tuple(leads_today),
        drafts=drafts,
        draft_count=today.draft_owners,
        today_count=today.today_count,
        sent_count=len(today.sent),
        backlog_count=today.backlog_count,
        reviewed_today=today.reviewed_today,
        capacity=today.capacity,
        lists_sent_today=int(session.execute(sent_query).scalar_one()),
        rows=tuple(rows[lead_id] for lead_id in shown),
        today_ids=tuple(shown),
        rest=today.rest,
        over_capacity=today.over_capacity,
        backlog_max_days=days,
        outcomes=tuple(fix_outcomes(session, working_days_before(now, 1, hours), now, manager_id)),
    )


def today_more(session: Session, settings, *, now: datetime, viewer_id: int, manager_id: int | None,
               rest: TodayPosition, limit: int):
    """The next ``limit`` leads of the head's today list after ``rest`` (queue rows), and where it goes on."""
    scope = build_scope(settings, now=now, viewer_id=viewer_id, viewer_is_head=True, manager_id=manager_id)
    entries, position = today_after(session, scope, rest, backlog_max_days=settings.review_backlog_max_days,
                                    hours=settings.working_hours(), limit=limit)
    ids = [entry.lead_id for entry in entries]
    rows = {row.lead_id: row for row in queue_rows(session, scope, ids)}
    return [rows[lead_id] for lead_id in ids if lead_id in rows], position


#: A pause between two verdicts longer than this is a break, not time spent reviewing.
BREAK_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class ReviewPace:
    """The head's review time today: seconds between verdicts (breaks left out) over ``gaps`` of them."""

    seconds: int = 0
    gaps: int = 0

    @property
    def minutes(self) -> int:
        return self.seconds // 60

    def minutes_for(self, leads: int) -> int | None:
        """Minutes ``leads`` more take at this pace (None before the first counted gap)."""
        return round(self.seconds / self.gaps * leads / 60) if self.gaps else None


def minutes_reviewing_today(session: Session, reviewer_id: int, today) -> ReviewPace:
    """Time the head spent giving today's verdicts: the gaps from one verdict to the next, each
    at most `BREAK_AFTER` (a longer pause is a break: coffee, a call, the night before). One
    verdict given to several marked rows is one moment."""
    moments = sorted(set(session.scalars(
        select(lead_reviews.c.created_at).where(lead_reviews.c.reviewer_id == reviewer_id, lead_reviews.c.day == today)
    )))
    gaps = [later - earlier for earlier, later in zip(moments, moments[1:]) if later - earlier <= BREAK_AFTER]
    return ReviewPace(int(sum(gaps, timedelta(0)).total_seconds()), len(gaps))
