"""A morning a head can finish: today's bounded list, the managers' fix lists, and the backlog.

Every lead with a reason is in exactly one place:

- **sent**: it is in a fix list the head sent, whose action is not done and not yet due;
- **today**: the head's list, at most `capacity` leads a day (those already given a verdict
  today use up their places), in this order: an action from a fix list not done by its due
  time ("action overdue"), what is fresh (its reason began since the head's last review), what
  has waited in the backlog `backlog_max_days` working days, then the worst standing problems
  by severity and money at stake;
- **backlog**: everything else. Leads whose reasons are all the manager's own housekeeping are
  never walked lead by lead: the backlog groups them per manager into a draft fix list.

**The backlog guarantee.** A lead never stays in the backlog once it has waited
`backlog_max_days` whole working days before today: it enters today's list *even when that
takes the list past the capacity (the header then says "today 0 / 64 (4 waited 3+ working
days)"). The other way,
keeping the capacity and letting aged leads push out fresh ones, cannot keep the promise when
more leads age each day than a morning holds; an honest over-full list shows the head that the
capacity (or the fix lists sent) does not match the team's inflow. This holds for housekeeping
leads too: a draft fix list left unsent does not hide its leads for longer than anyone else.

**Waited since** (`Candidate.waiting_since`) is derived from what is stored: the later of the
instant the lead's worst reason began (`since`: the callback's due time, the unscored call,
the junk mark, the stage entry, the last activity...) and the head's last verdict on the lead
(a verdict takes the lead out of the backlog; if the reason is still there, it waits again
from then). Where the stored instant is earlier than the moment the reason truly appeared (a
stale lead's stage entry), the wait is overstated, so the lead comes back early, never late.
A lead's **age** is the number of whole working days it has waited before today
(`domain.backlog_age`); it is aged once that reaches `backlog_max_days` (`is_aged`).

The cost: a team whose backlog already holds more aged leads than a morning (the demos, whose
history had no bounded list; a team on its first morning) sees them all on the first days.
That is the truth of the promise, and the header and `salescockpit queue` say it; the screen
reads the list's rows a page at a time.

These are pure rules over plain candidates; `store.queries.queue_split` feeds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from salescockpit.domain.review import Reason
from salescockpit.domain.workhours import WorkingHours

#: The manager's own housekeeping: grouped into fix lists instead of reviewed one by one
#: (an overdue callback only once it is older than `HOUSEKEEPING_OVERDUE_AFTER`).
HOUSEKEEPING = frozenset(
    {Reason.NO_NEXT_STEP, Reason.STALE_IN_STAGE, Reason.NEW_NOT_CONTACTED, Reason.OVERDUE_CALLBACK}
)
HOUSEKEEPING_OVERDUE_AFTER = timedelta(days=1)

#: Order of the worst reason in today's list: a hot lead with no next step comes before a new
#: lead not yet contacted (the queue's own severity puts it after).
TODAY_RANK = {
    Reason.ACTION_PENDING: 0,
    Reason.OVERDUE_CALLBACK: 1,
    Reason.HOT_NO_NEXT_STEP: 2,
    Reason.UNREVIEWED_CALL: 3,
    Reason.NEW_NOT_CONTACTED: 4,
    Reason.JUNK_NOT_RECHECKED: 5,
    Reason.STALE_IN_STAGE: 6,
    Reason.NO_NEXT_STEP: 7,
}


@dataclass(frozen=True)
class Candidate:
    """A lead with a reason, as the split needs it (its worst reason and since when)."""

    lead_id: int
    owner_id: int
    reason: Reason
    since: datetime
    value: int | None = None
    housekeeping: bool = False
    action_overdue: bool = False
    #: The head's last verdict on the lead (any day before today), if any.
    last_verdict_at: datetime | None = None

    @property
    def waiting_since(self) -> datetime:
        """Since when it has waited for the head: its reason's start, or the last verdict if later."""
        if self.last_verdict_at is not None and self.last_verdict_at > self.since:
            return self.last_verdict_at
        return self.since


@dataclass(frozen=True)
class MorningSplit:
    """Where each lead with a reason is this morning (lead ids; `today` in the order to review)."""

    today: tuple[int, ...]
    sent: frozenset[int]
    backlog: tuple[int, ...]
    fix_lists: dict[int, tuple[int, ...]] = field(default_factory=dict)  # owner id -> draft lead ids
    reviewed_today: int = 0
    capacity: int = 60
    #: Leads in `today` only because they had waited `backlog_max_days` (past the places left).
    over_capacity: int = 0


def is_housekeeping(reasons: Iterable[Reason], overdue_since: datetime | None, now: datetime) -> bool:
    """True when every reason is the manager's housekeeping (an overdue callback older than a day)."""
    reasons = set(reasons)
    if not reasons or not reasons <= HOUSEKEEPING:
        return False
    if Reason.OVERDUE_CALLBACK in reasons:
        return overdue_since is not None and overdue_since <= now - HOUSEKEEPING_OVERDUE_AFTER
    return True


def working_days_before(now: datetime, days: int, hours: WorkingHours) -> datetime:
    """The start of the working day ``days`` working days before today's (today's own start for 0)."""
    day: date = now.astimezone(hours.tz).date()
    counted = 0
    while True:
        bounds = hours.window(day)
        if bounds is not None:
            if counted >= days:
                return bounds[0]
            counted += 1
        day -= timedelta(days=1)


def is_aged(candidate: Candidate, aged_before: datetime) -> bool:
    """True when the lead has waited `backlog_max_days` working days (``aged_before`` is that day's start)."""
    return candidate.waiting_since < aged_before


def today_order_key(candidate: Candidate, fresh_after: datetime, aged_before: datetime):
    """Ascending: action overdue, fresh, aged in the backlog, then severity and money at stake."""
    since = candidate.since  # aware: compared as instants, whatever their zone (no conversion per lead)
    if candidate.action_overdue:
        group = 0
    elif since >= fresh_after:
        group = 1
    elif is_aged(candidate, aged_before):
        group = 2
    else:
        group = 3
    return (group, TODAY_RANK[candidate.reason], -(candidate.value or 0), since, candidate.lead_id)


def split_morning(
    candidates: Iterable[Candidate],
    *,
    sent: Iterable[int],
    capacity: int,
    reviewed_today: int,
    fresh_after: datetime,
    aged_before: datetime,
) -> MorningSplit:
    """Put each candidate in today's list or the backlog; ``sent`` leads stay with their fix list.

    Today takes the places left by the capacity in `today_order_key` order, plus every lead that
    has waited `backlog_max_days` (housekeeping or not) beyond them: the backlog guarantee.
    """
    sent_ids = frozenset(sent)
    waiting = [c for c in candidates if c.lead_id not in sent_ids]
    reviewable = [c for c in waiting if c.action_overdue or not c.housekeeping]
    reviewable.sort(key=lambda c: today_order_key(c, fresh_after, aged_before))
    places = max(0, capacity - reviewed_today)
    within = reviewable[:places]
    chosen = {c.lead_id for c in within}
    aged = [c for c in waiting if c.lead_id not in chosen and is_aged(c, aged_before)]
    ordered = sorted([*within, *aged], key=lambda c: today_order_key(c, fresh_after, aged_before))
    today = tuple(c.lead_id for c in ordered)
    chosen = set(today)
    backlog = tuple(c.lead_id for c in waiting if c.lead_id not in chosen)
    drafts: dict[int, list[int]] = {}
    for candidate in sorted(waiting, key=lambda c: (c.owner_id, c.since, c.lead_id)):
        if candidate.housekeeping and not candidate.action_overdue and candidate.lead_id not in chosen:
            drafts.setdefault(candidate.owner_id, []).append(candidate.lead_id)
    return MorningSplit(
        today=today,
        sent=sent_ids,
        backlog=backlog,
        fix_lists={owner: tuple(ids) for owner, ids in drafts.items()},
        reviewed_today=reviewed_today,
        capacity=capacity,
        over_capacity=len(aged),
    )


def fix_due_at(now: datetime, hours: WorkingHours) -> datetime:
    """When a fix-list action is due: the end of the next working day after today."""
    day = now.astimezone(hours.tz).date() + timedelta(days=1)
    while (bounds := hours.window(day)) is None:
        day += timedelta(days=1)
    return bounds[1]
