"""The head's daily control in the demo's last working days: a team whose head has kept up.

Without it the demo's history has no bounded morning, so the backlog guarantee pulls every lead
that has waited `backlog_max_days` working days into the first morning (a 400-lead demo opened
at "today 1 / 156"). Here the head's last `CONTROL_DAYS` working mornings before the as-of day
are played through the same services the cockpit calls, each under a fixed clock at that
morning's instant, so every row is audited and sealed as the app would do it (`doctor` clean):

- the head walks that morning's today list (`store.queries.queue_split.morning_plan`) in order,
  a verdict every 20-90 seconds: mostly "ok", now and then an action for the manager; a lead
  marked junk and not re-checked is re-checked (confirmed) first;
- then sends every manager's fix list;
- the managers do the actions they were given: most on time, some late, some not at all
  (`ACTION_FATES`), each marked done with a comment through `complete_action`, at its moment.

The plan of a past morning is read from today's data (the roll-ups hold the present): a lead
whose reason began after that morning is left for a later one. Everything comes from one
`Random` of the seed and from the as-of instant, never from the wall clock, so the same seed
and day give the same rows. The head's own morning of the as-of day has not started yet.

A head's morning has bounds: a morning's verdicts and a fix list's leads are capped
(`MAX_VERDICTS`, `MAX_FIX_LIST`). A demo of more than `CONTROL_MAX_LEADS` leads gets no played
mornings: no one head keeps up with that team (its first morning shows the aged leads, the
backlog guarantee's honest answer), and its seeding time stays what it was (each played write
goes through the services, about 10 ms a lead).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from random import Random
from zoneinfo import ZoneInfo

from salescockpit.clock import FixedClock
from salescockpit.config import Settings
from salescockpit.domain.review import Reason
from salescockpit.store.engine import Database

from . import texts

#: Working days before the as-of day whose mornings the head's control is played for.
CONTROL_DAYS = 4
#: How the managers deal with an action: done before its due time, done after it, never.
ACTION_FATES = (("on_time", 70), ("late", 22), ("not_done", 8))
#: Share of the head's verdicts that give the manager an action instead of "ok".
ACTION_SHARE = 0.12
#: At most this many verdicts a morning (the list past the capacity holds the aged leads), and
#: this many leads a fix list (the oldest problems first): a head's morning, even at 100k leads.
MAX_VERDICTS = 150
MAX_FIX_LIST = 60
#: Demos bigger than this get no played mornings (see the module doc).
CONTROL_MAX_LEADS = 5000


@dataclass
class ControlSummary:
    """What the played mornings wrote."""

    mornings: int = 0
    verdicts: int = 0
    rechecks: int = 0
    fix_lists: int = 0
    fix_actions: int = 0
    actions_done: int = 0


@dataclass(order=True)
class _Completion:
    at: datetime
    review_id: int
    manager_login: str


class _Morning:
    """Services at one fixed clock: the head's verdicts, fix lists and the managers' completions."""

    def __init__(self, db: Database, settings: Settings, rng: Random, now: datetime) -> None:
        from salescockpit.services.context import ServiceContext

        self.db, self.settings, self.rng = db, settings, rng
        self.clock = FixedClock(now, settings.tz)
        self.ctx = ServiceContext(db=db, clock=self.clock, settings=settings)
        self.hours = settings.working_hours()
        self.pending: list[_Completion] = []
        self.summary = ControlSummary()
        self._actors: dict[str, object] = {}
        self._logins: dict[int, str] = {}

    def actor(self, login: str):
        from salescockpit.services.actor import load_actor

        if login not in self._actors:
            self._actors[login] = load_actor(self.ctx, login)
        return self._actors[login]

    def play(self, day: date) -> None:
        """The head's morning of ``day``: the completions before it, the list, the fix lists."""
        opens = self.hours.window(day)[0]
        start = opens + timedelta(minutes=5 + self.rng.randrange(20), seconds=self.rng.randrange(60))
        self.complete_until(start)
        self.clock.instant = start
        plan = self._plan()
        head = self.actor("head")
        candidates = plan.candidates
        to_send = {owner_id: [lead_id for lead_id in lead_ids if candidates[lead_id].since <= start][:MAX_FIX_LIST]
                   for owner_id, lead_ids in sorted(plan.split.fix_lists.items())}
        sending = {lead_id for lead_ids in to_send.values() for lead_id in lead_ids}
        waiting = [lead_id for lead_id in plan.split.today if candidates[lead_id].since <= start]
        waiting += self._ageing_tomorrow(plan, start, sending)
        marked: list[int] = []  # runs of "ok" are marked (space) and given one verdict together
        for lead_id in waiting[:MAX_VERDICTS]:
            following = self.clock.instant + timedelta(seconds=20 + self.rng.randrange(70))
            if self.pending and self.pending[0].at < following:  # a manager marks an action done meanwhile
                self._give_ok(head, marked)
                self.complete_until(following)
            self.clock.instant = following
            candidate = candidates[lead_id]
            if candidate.reason is Reason.JUNK_NOT_RECHECKED:
                self._recheck(head, lead_id)
                marked.append(lead_id)
            elif self.rng.random() < ACTION_SHARE:
                self._give_ok(head, marked)
                self._action(head, lead_id, candidate.owner_id)
            else:
                marked.append(lead_id)
        self._give_ok(head, marked)
        for owner_id, lead_ids in to_send.items():
            if lead_ids:
                self.clock.instant += timedelta(seconds=15 + self.rng.randrange(45))
                self._send(head, owner_id, lead_ids)
        self.summary.mornings += 1

    def _ageing_tomorrow(self, plan, start: datetime, sending: set[int]) -> list[int]:
        """Backlog leads that would have waited `backlog_max_days` by the next morning: a head who
        keeps up finds them by a filter after the list and gives them a verdict today."""
        from salescockpit.domain.morning import is_aged, working_days_before

        days = self.settings.review_backlog_max_days
        ageing_before = working_days_before(start, max(0, days - 1), self.hours)
        ageing = [plan.candidates[lead_id] for lead_id in plan.split.backlog if lead_id not in sending]
        ageing = [candidate for candidate in ageing if is_aged(candidate, ageing_before)]
        return [candidate.lead_id for candidate in sorted(ageing, key=lambda c: (c.waiting_since, c.lead_id))]

    def _plan(self):
        from salescockpit.store.queries.queue import build_scope
        from salescockpit.store.queries.queue_split import morning_plan

        head = self.actor("head")
        with self.db.read() as session:
            scope = build_scope(self.settings, now=self.clock.instant, viewer_id=head.id, viewer_is_head=True)
            return morning_plan(session, scope, capacity=self.settings.review_daily_capacity,
                                backlog_max_days=self.settings.review_backlog_max_days, hours=self.hours)

    def _give_ok(self, head, marked: list[int]) -> None:
        """One "ok" for every marked lead, in one transaction (the queue's marked rows); unmarks them."""
        from salescockpit.services.reviews import record_lead_review

        if marked:
            record_lead_review(self.ctx, head, list(marked), "ok")
            self.summary.verdicts += len(marked)
            marked.clear()

    def _recheck(self, head, lead_id: int) -> None:
        """A lead marked junk and not re-checked: the head re-checks it (confirmed) before the verdict."""
        from salescockpit.services.rechecks import record_recheck

        record_recheck(self.ctx, head, lead_id, "confirmed", note=self.rng.choice(texts.RECHECK_CONFIRMED_NOTES))
        self.summary.rechecks += 1
        self.clock.instant += timedelta(seconds=5 + self.rng.randrange(20))

    def _action(self, head, lead_id: int, owner_id: int) -> None:
        """An action for the lead's manager, due by the end of the day."""
        from salescockpit.services.reviews import record_lead_review

        review_id = record_lead_review(self.ctx, head, lead_id, "action", self.rng.choice(texts.LEAD_ACTIONS))
        self._fate(review_id, owner_id, due=self.hours_end(self.clock.instant))
        self.summary.verdicts += 1

    def _send(self, head, owner_id: int, lead_ids: list[int]) -> None:
        from sqlalchemy import select

        from salescockpit.services.fix_lists import send_fix_list
        from salescockpit.store.tables import FixListItem

        sent = send_fix_list(self.ctx, head, owner_id, lead_ids)
        with self.db.read() as session:
            review_ids = sorted(session.scalars(
                select(FixListItem.lead_review_id).where(FixListItem.fix_list_id == sent.fix_list_id)))
        for review_id in review_ids:
            self._fate(review_id, owner_id, due=sent.due_at)
        self.summary.fix_lists += 1
        self.summary.fix_actions += len(review_ids)

    def hours_end(self, moment: datetime) -> datetime:
        """The close of the working day of ``moment`` (an action given in the morning is for today)."""
        window = self.hours.window(moment.astimezone(self.settings.tz).date())
        return window[1] if window is not None else moment + timedelta(hours=8)

    def _fate(self, review_id: int, owner_id: int, *, due: datetime) -> None:
        """Decide now (one draw per action, in order) when the manager will mark it done, if ever."""
        fates, weights = zip(*ACTION_FATES)
        fate = self.rng.choices(fates, weights)[0]
        given = self.clock.instant
        if fate == "on_time":
            span = max(60, int((due - given).total_seconds()) - 600)
            at = given + timedelta(seconds=600 + self.rng.randrange(span))
        elif fate == "late":
            at = due + timedelta(hours=1, seconds=self.rng.randrange(2 * 86400))
        else:
            return
        at = self._working(at)
        if at is not None:
            heapq.heappush(self.pending, _Completion(at, review_id, self._login(owner_id)))

    def _working(self, moment: datetime) -> datetime | None:
        """``moment`` moved to the next working minute (a manager marks actions done at work)."""
        for _ in range(14):
            window = self.hours.window(moment.astimezone(self.settings.tz).date())
            if window is not None and moment < window[1]:
                return max(moment, window[0] + timedelta(minutes=self.rng.randrange(30)))
            moment = datetime.combine(moment.astimezone(self.settings.tz).date() + timedelta(days=1),
                                      datetime.min.time(), tzinfo=self.settings.tz)
        return None

    def _login(self, user_id: int) -> str:
        from sqlalchemy import select

        from salescockpit.store.tables import User

        if user_id not in self._logins:
            with self.db.read() as session:
                self._logins[user_id] = session.scalars(select(User.login).where(User.id == user_id)).one()
        return self._logins[user_id]

    def complete_until(self, moment: datetime) -> None:
        """The managers mark done, in time order, every action they do before ``moment``."""
        from salescockpit.services.reviews import complete_action

        while self.pending and self.pending[0].at < moment:
            done = heapq.heappop(self.pending)
            self.clock.instant = done.at
            actor = self.actor(done.manager_login)
            comment = self.rng.choice(texts.ACTION_DONE_NOTES)
            complete_action(self.ctx, actor, done.review_id, comment)
            self.summary.actions_done += 1


def control_days(day: date, settings: Settings, count: int = CONTROL_DAYS) -> list[date]:
    """The ``count`` working days before ``day``, oldest first."""
    hours, found, cursor = settings.working_hours(), [], day
    while len(found) < count:
        cursor -= timedelta(days=1)
        if hours.window(cursor) is not None:
            found.append(cursor)
    return found[::-1]


def build_demo_control(db: Database, *, seed: int, now: datetime, tz: ZoneInfo) -> ControlSummary:
    """Play the head's last `CONTROL_DAYS` mornings before ``now``'s day into ``db`` (see the module doc)."""
    zone = getattr(tz, "key", None) or "UTC"
    settings = Settings(timezone=zone)  # the defaults (capacity 60, 3 days): the same demo whatever the config
    rng = Random(seed * 6007 + 23)
    morning = _Morning(db, settings, rng, now.astimezone(timezone.utc))
    for day in control_days(now.astimezone(tz).date(), settings):
        morning.play(day)
    morning.complete_until(now)
    return morning.summary
