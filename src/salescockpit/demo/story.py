"""Each demo lead's story: owner, contact, the stages it walked, when, and how it stands now.

A `LeadPlan` is decided up front for every lead (cheap, no rows yet), so call counts can be
shared out over all leads before any call is made. Instants are whole seconds since the
epoch (UTC). The funnel: many leads early, few late; about 8% won, 15% lost and 20%
disqualified; managers mark many good leads as junk, and the head returned some of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random
from zoneinfo import ZoneInfo

from salescockpit.domain.pipeline import DEFAULT_PIPELINE
from salescockpit.domain.qualification import JUNK_REASONS, LOST_REASONS

from . import names
from .texts import RECHECK_CONFIRMED_NOTES, RECHECK_RETURNED_NOTES
from .workday import TeamHours, team_hours

MINUTE, HOUR, DAY = 60, 3600, 86400

OPEN_ORDER = ("new", "identification", "qualification", "nurture", "personal_contact", "needs",
              "presentation", "closing")
HOT = frozenset({"presentation", "closing"})
STAGE_SHARES = (("new", 10), ("identification", 8), ("qualification", 10), ("nurture", 8),
                ("personal_contact", 8), ("needs", 6), ("presentation", 4), ("closing", 3),
                ("won", 8), ("lost", 15), ("disqualified", 20))
#: How long ago (days) leads now in each stage came in.
CREATED_DAYS = {"new": (0.05, 3), "identification": (1, 14), "qualification": (2, 30), "nurture": (10, 60),
                "personal_contact": (5, 45), "needs": (7, 50), "presentation": (10, 55), "closing": (14, 60),
                "won": (14, 60), "lost": (7, 60), "disqualified": (1, 60)}
#: Relative number of calls a lead gets, by the stage it is in now.
CALL_WEIGHT = {"new": 1, "identification": 2.5, "qualification": 4, "nurture": 5, "personal_contact": 6,
               "needs": 8, "presentation": 10, "closing": 12, "won": 12, "lost": 8, "disqualified": 3}
SOURCES = (("email blast", 15), ("online ads", 20), ("search", 18), ("inbound content", 10), ("referral", 8),
           ("webinar", 7), ("cold list", 14), ("exhibition", 8))
LOST_FROM = (("new", 1), ("identification", 1), ("qualification", 2), ("nurture", 1), ("personal_contact", 3),
             ("needs", 3), ("presentation", 2), ("closing", 2))
JUNK_FROM = (("new", 3), ("identification", 3), ("qualification", 4), ("personal_contact", 1))
_LOST_WEIGHTS = {"price": 25, "competitor": 20, "no_budget": 12, "no_decision": 12, "timing": 8,
                 "no_response": 12, "not_a_real_lead": 8, "other": 3}
_JUNK_WEIGHTS = {"not_a_real_lead": 20, "wrong_contact": 20, "duplicate": 8, "no_need": 22, "no_budget": 14,
                 "out_of_area": 6, "spam": 5, "other": 5}
#: The domain's reasons with how often managers pick them (a reason added later gets weight 3).
LOST_WEIGHTS = tuple((key, _LOST_WEIGHTS.get(key, 3)) for key, _label in LOST_REASONS)
JUNK_WEIGHTS = tuple((key, _JUNK_WEIGHTS.get(key, 3)) for key, _label in JUNK_REASONS)
RETURNED_SHARE = 0.27  # open leads past "new" that a manager junked and the head returned
CONFIRMED_SHARE = 0.22  # junked leads the head re-checked and confirmed (the rest still wait)
#: Open callback of an open lead: overdue buckets and their weights.
OVERDUE_BUCKETS = (("under_1h", 10), ("h1_4", 15), ("today", 15), ("d1_3", 30), ("over_3d", 30))


def _weighted(rng: Random, pairs) -> str:
    return rng.choices([key for key, _w in pairs], [weight for _k, weight in pairs])[0]


@dataclass(slots=True)
class Recheck:
    verdict: str  # confirmed | returned
    at: int
    original_verdict: str
    original_reason: str | None
    marked_by: int
    marked_at: int
    note: str


@dataclass(slots=True)
class LeadPlan:
    id: int
    owner: int
    russian: bool
    stage: str
    created: int
    contact: tuple  # name, company, phone, phone_norm, email, email_norm
    source: str
    moves: list[tuple[str | None, str, int, int]] = field(default_factory=list)  # from, to, at, by
    qualification: str = "unknown"
    junk: tuple[str, int, int] | None = None  # reason, at, by
    lost_reason: str | None = None
    value: int | None = None
    bant: tuple = (None, None, None, None)
    recheck: Recheck | None = None
    call_weight: float = 0.0
    call_end: int = 0
    open_callback: tuple[str, int] | None = None  # (bucket or "future", due)

    @property
    def stage_entered(self) -> int:
        return self.moves[-1][2]


def _walk(rng: Random, start: str, target: str) -> list[str]:
    """Open stages from ``start`` to ``target``; identification and nurture are often skipped."""
    path = []
    for key in OPEN_ORDER[OPEN_ORDER.index(start): OPEN_ORDER.index(target) + 1]:
        if key != target and key != start and (
            (key == "identification" and rng.random() < 0.5) or (key == "nurture" and rng.random() < 0.8)
        ):
            continue
        path.append(key)
    return path


def _path(rng: Random, stage: str) -> tuple[list[str], bool]:
    """The stages a lead now in ``stage`` walked, and whether it was junked and returned."""
    if stage == "won":
        return _walk(rng, "new", "closing" if rng.random() < 0.75 else "presentation") + ["won"], False
    if stage == "lost":
        return _walk(rng, "new", _weighted(rng, LOST_FROM)) + ["lost"], False
    if stage == "disqualified":
        return _walk(rng, "new", _weighted(rng, JUNK_FROM)) + ["disqualified"], False
    if OPEN_ORDER.index(stage) >= 2 and rng.random() < RETURNED_SHARE:
        junked_at = _weighted(rng, JUNK_FROM[:3])
        return _walk(rng, "new", junked_at) + ["disqualified"] + _walk(rng, "qualification", stage), True
    return _walk(rng, "new", stage), False


def _bant(rng: Random, path: list[str]) -> tuple:
    """BANT answers: all four once past qualification (hot stages budget, authority, need yes)."""
    reached = set(path)
    if reached & {"presentation", "closing", "won"}:
        return (True, True, True, rng.random() < 0.7)
    if "nurture" in reached and path[-1] == "nurture":
        budget = rng.random() < 0.4
        return (budget, not budget, rng.random() < 0.7, rng.random() < 0.4)  # never hot: not ready yet
    if reached & {"nurture", "personal_contact", "needs"}:
        return tuple(rng.random() < 0.75 for _ in range(4))
    if path[-1] == "qualification" or ("qualification" in reached and path[-1] in ("lost", "disqualified")):
        return tuple(None if rng.random() < 0.5 else rng.random() < 0.6 for _ in range(4))
    return (None, None, None, None)


def plan_lead(rng: Random, lead_id: int, now: int, managers: list[tuple[int, bool, float]], head: int,
              midnight: int, tz: ZoneInfo) -> LeadPlan:
    """Decide one lead's whole story. ``managers``: (user id, speaks Russian, junk bias); ``tz`` the
    team's: the lead comes in, moves and is re-checked in its working hours."""
    hours = team_hours(tz)
    russian = rng.random() < 0.7
    owner, _ru, junk_bias = rng.choices(managers, [3 if ru == russian else 1 for _id, ru, _b in managers])[0]
    stage = rng.choices([k for k, _w in STAGE_SHARES],
                        [w * junk_bias if k == "disqualified" else w for k, w in STAGE_SHARES])[0]
    fresh = stage == "new" and rng.random() < 0.15
    if fresh:
        created = now - rng.randrange(5 * MINUTE, 6 * HOUR)
    else:
        low, high = CREATED_DAYS[stage]
        created = now - rng.randrange(int(low * DAY), int(high * DAY))
        # Entered by a manager at work (earlier, never later), with time left that day for its first moves.
        created = hours.latest(created, margin=2 * HOUR)
    person, first, last = names.person(rng, russian)
    company, domain = names.company(rng, russian) if rng.random() < 0.9 else ("", None)
    has_phone = stage not in ("new", "identification") or rng.random() < 0.75
    phone, phone_norm = names.phone(rng, russian) if has_phone else (None, None)
    has_email = rng.random() < 0.8 or not has_phone
    email, email_norm = names.email(rng, russian, first, last, domain) if has_email else (None, None)
    plan = LeadPlan(lead_id, owner, russian, stage, created, (person, company, phone, phone_norm, email, email_norm),
                    _weighted(rng, SOURCES))
    path, returned = _path(rng, stage)
    _schedule_moves(rng, plan, path, now, head, hours)
    plan.call_weight = 0.0 if fresh or phone is None else CALL_WEIGHT[stage] * (0.4 + 1.2 * rng.random())
    plan.call_end = now if stage in OPEN_ORDER else plan.stage_entered
    if stage in OPEN_ORDER and plan.call_weight:
        _plan_open_callback(rng, plan, now, midnight, hours)
    plan.bant = _bant(rng, path)
    _qualify(rng, plan, path, returned, now, head, hours)
    return plan


def _schedule_moves(rng: Random, plan: LeadPlan, path: list[str], now: int, head: int, hours: TeamHours) -> None:
    created, steps = plan.created, len(path) - 1
    if steps == 0:
        final = created
    elif plan.stage in OPEN_ORDER:
        limit = DEFAULT_PIPELINE.spec(plan.stage).stale_days or 30
        in_stage = limit * DAY * (1 + 2 * rng.random() if rng.random() < 0.3 else 0.95 * rng.random())
        final = int(now - in_stage)
        if final < created + steps * 10 * MINUTE:
            final = created + int((now - created) * (0.5 + 0.5 * rng.random()))
    else:
        final = created + int((now - created) * (0.35 + 0.6 * rng.random()))
    cuts = sorted(rng.random() for _ in range(steps - 1)) + [1.0] if steps else []
    plan.moves.append((None, path[0], created, plan.owner))
    for index, cut in enumerate(cuts, start=1):
        at = created + int((final - created) * cut) if index < steps else final
        by = head if path[index - 1] == "disqualified" else plan.owner
        plan.moves.append((path[index - 1], path[index], at, by))
    _into_working_hours(plan, hours, now, now)


def _into_working_hours(plan: LeadPlan, hours: TeamHours, high: int, now: int) -> None:
    """Each move (after the lead came in) into working time, in order, by ``high`` if it can be
    (else by ``now``; a move with no working second left at all comes a second after the one before)."""
    moves, previous = plan.moves[:1], plan.moves[0][2]
    for source, target, at, by in plan.moves[1:]:
        placed = hours.place(at, previous + 1, high)
        if placed is None and high < now:
            placed = hours.place(at, previous + 1, now)
        previous = placed if placed is not None else previous + 1
        moves.append((source, target, previous, by))
    plan.moves = moves


def _qualify(rng: Random, plan: LeadPlan, path: list[str], returned: bool, now: int, head: int,
             hours: TeamHours) -> None:
    """Qualification status, junk and lost fields, value and the head's re-check."""
    stage = plan.stage
    past_qualification = any(OPEN_ORDER.index(key) > 2 for key in path if key in OPEN_ORDER)
    if stage == "won" or (past_qualification and stage != "disqualified"):
        plan.qualification = "qualified"
    if stage == "lost":
        plan.lost_reason = _weighted(rng, LOST_WEIGHTS)
    reached_needs = {"needs", "presentation", "closing", "won"} & set(path)
    if reached_needs and (stage in ("won", "presentation", "closing") or rng.random() < 0.7):
        plan.value = rng.randrange(15, 3000) * (1000 if plan.russian else 10)
    if stage == "disqualified":
        plan.qualification = "junk" if rng.random() < 0.8 else "disqualified"
        marked_by = head if plan.qualification == "disqualified" and rng.random() < 0.3 else plan.owner
        source, target, marked_at, _by = plan.moves[-1]
        plan.moves[-1] = (source, target, marked_at, marked_by)
        reason = _weighted(rng, JUNK_WEIGHTS)
        plan.junk = (reason, marked_at, marked_by)
        checked_at = hours.place(marked_at + rng.randrange(2 * HOUR, 3 * DAY), marked_at + 1, now - 1)
        if rng.random() < CONFIRMED_SHARE and checked_at is not None:
            plan.recheck = Recheck("confirmed", checked_at, plan.qualification, reason, marked_by, marked_at,
                                   rng.choice(RECHECK_CONFIRMED_NOTES))
    elif stage == "lost" and plan.lost_reason == "not_a_real_lead" and rng.random() < 0.3:
        checked_at = hours.place(plan.stage_entered + rng.randrange(2 * HOUR, 2 * DAY), plan.stage_entered + 1,
                                 now - 1)
        if checked_at is not None:
            plan.recheck = Recheck("confirmed", checked_at, "lost", "not_a_real_lead", plan.owner,
                                   plan.stage_entered, rng.choice(RECHECK_CONFIRMED_NOTES))
    elif returned:
        index = next(i for i, move in enumerate(plan.moves) if move[1] == "disqualified")
        marked_at, returned_at = plan.moves[index][2], plan.moves[index + 1][2]
        reason = _weighted(rng, JUNK_WEIGHTS)
        notes = RECHECK_RETURNED_NOTES[:3] if plan.russian else RECHECK_RETURNED_NOTES[3:]
        plan.recheck = Recheck("returned", returned_at, "junk", reason, plan.owner, marked_at, rng.choice(notes))


def _plan_open_callback(rng: Random, plan: LeadPlan, now: int, midnight: int, hours: TeamHours) -> None:
    """The open lead's promised next call: none, in the future, or overdue by a chosen bucket.

    "today" (at least 4 h overdue, yet due today) cannot exist before 04:00 local: those go to 1-3 days.
    """
    draw = rng.random()
    if draw < 0.12:
        return
    since_midnight = now - midnight
    if draw < 0.55:
        plan.open_callback = ("future", now + rng.randrange(30 * MINUTE, 7 * DAY))
        return
    bucket = _weighted(rng, OVERDUE_BUCKETS)
    if bucket == "today" and since_midnight <= 4 * HOUR + 2 * MINUTE:
        bucket = "d1_3"
    if bucket == "under_1h":
        age = rng.randrange(MINUTE, 59 * MINUTE)
    elif bucket == "h1_4":
        age = rng.randrange(HOUR + MINUTE, 4 * HOUR - MINUTE)
    elif bucket == "today":
        age = rng.randrange(4 * HOUR + MINUTE, since_midnight - MINUTE)
    elif bucket == "d1_3":
        age = rng.randrange(max(4 * HOUR, since_midnight) + MINUTE, 3 * DAY - MINUTE)
    else:
        age = rng.randrange(3 * DAY + MINUTE, 20 * DAY)
    due = now - age
    earliest = plan.created + 10 * MINUTE
    end = due - rng.randrange(15 * MINUTE, 2 * DAY)
    if end <= earliest:
        end = due - 2 * MINUTE
    if end <= earliest:
        plan.open_callback = ("future", now + rng.randrange(30 * MINUTE, 7 * DAY))
        return
    plan.open_callback = (bucket, due)
    plan.call_end = end
    if plan.stage_entered > end:  # the lead went quiet: squeeze its moves before the last call
        span, created = plan.stage_entered - plan.created, plan.created
        plan.moves = [(a, b, created + (at - created) * (end - created) // span, by) for a, b, at, by in plan.moves]
        _into_working_hours(plan, hours, end, now)
