"""Raw counts for one day, per manager and for the team, before they become `Figures`.

The queries add what they find with `Tallies.add(user_id, ...)`: every amount goes to the
team and, when the user is known, to that user too. `finish` turns a `Tally` into frozen
figures (rates, means and medians computed in Python, see `numbers`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from .figures import (
    CallbackFigures,
    CallFigures,
    ComplianceFigures,
    ControlFigures,
    Count,
    FirstContactFigures,
    Figures,
    ObjectionFigures,
    PipelineFigures,
    QualificationFigures,
    ReviewFigures,
    TypeCount,
)
from .numbers import median, one_decimal, percent

TOP_MISSED = 3
_MICROSECOND = timedelta(microseconds=1)
_MINUTE_IN_MICROSECONDS = Decimal(60_000_000)


@dataclass
class Tally:
    """Everything counted for one scope; lists and counters keep what needs Python to finish."""

    calls_made: int = 0
    calls_reached: int = 0
    talk_seconds: int = 0
    new_leads: int = 0
    contacted_in_limit: int = 0
    contacted_late: int = 0
    not_contacted_late: int = 0
    still_in_limit: int = 0
    first_contact_waits: list[timedelta] = field(default_factory=list)  # in working time
    reviewed: int = 0
    score_count: int = 0
    score_tenths: int = 0
    passed: int = 0
    failed: int = 0
    critical_misses: int = 0
    missed_items: Counter[str] = field(default_factory=Counter)
    callbacks_due: int = 0
    kept_on_time: int = 0
    kept_late: int = 0
    not_kept: int = 0
    overdue_at_end: int = 0
    oldest_overdue_at: datetime | None = None
    objections_raised: Counter[str] = field(default_factory=Counter)
    objections_handled: Counter[str] = field(default_factory=Counter)
    marked_junk: int = 0
    confirmed: int = 0
    returned: int = 0
    moved_forward: int = 0
    moved_back: int = 0
    won: int = 0
    won_value: int = 0
    lost_reasons: Counter[str] = field(default_factory=Counter)
    no_next_step: int | None = None
    leads_reviewed: int = 0
    actions_given: int = 0
    actions_done: int = 0
    control_reviewed: int = 0
    control_sent: int = 0
    control_fixed_on_time: int = 0
    control_overdue: int = 0
    control_due_30d: int = 0
    control_kept_30d: int = 0
    #: The backlog's ages in working days and how many reached the limit (None: not reported).
    control_backlog_ages: list[int] | None = None
    control_backlog_past_limit: int | None = None

    def has_figures(self) -> bool:
        """True when anything was counted for this scope (a zero or an unknown is not a figure)."""
        return any(getattr(self, name) for name in self.__dataclass_fields__)


class Tallies:
    """The team's tally and one per user, filled by the section queries."""

    def __init__(self) -> None:
        self.team = Tally()
        self.users: dict[int, Tally] = {}

    def _targets(self, user_id: int | None) -> list[Tally]:
        if user_id is None:
            return [self.team]
        tally = self.users.get(user_id)
        if tally is None:
            tally = self.users[user_id] = Tally()
        return [self.team, tally]

    def add(self, user_id: int | None, **amounts: int) -> None:
        """Add integer ``amounts`` (by field name) to the team and to ``user_id``."""
        for tally in self._targets(user_id):
            for name, amount in amounts.items():
                setattr(tally, name, getattr(tally, name) + amount)

    def append(self, user_id: int | None, name: str, value: Decimal) -> None:
        for tally in self._targets(user_id):
            getattr(tally, name).append(value)

    def extend(self, user_id: int | None, name: str, values: list) -> None:
        for tally in self._targets(user_id):
            getattr(tally, name).extend(values)

    def count(self, user_id: int | None, name: str, key: str, amount: int = 1) -> None:
        for tally in self._targets(user_id):
            getattr(tally, name)[key] += amount

    def earliest(self, user_id: int | None, name: str, moment: datetime | None) -> None:
        """Keep the earliest instant seen in field ``name``."""
        if moment is None:
            return
        for tally in self._targets(user_id):
            current = getattr(tally, name)
            if current is None or moment < current:
                setattr(tally, name, moment)

    def set_total(self, user_id: int | None, name: str, amount: int) -> None:
        """Add to a figure that starts unknown (None) rather than zero."""
        for tally in self._targets(user_id):
            setattr(tally, name, (getattr(tally, name) or 0) + amount)


def backlog_age_figures(ages: list[int] | None, past_limit: int | None) -> dict:
    """The control section's backlog age (all None when it is not reported: a past day)."""
    if ages is None:
        return {}
    return {"backlog_oldest_days": max(ages) if ages else None, "backlog_median_days": median(ages),
            "backlog_past_limit": past_limit or 0}


def _top(counter: Counter[str], labels: dict[str, str], limit: int | None = None) -> tuple[Count, ...]:
    ordered = sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))
    if limit is not None:
        ordered = ordered[:limit]
    return tuple(Count(key, labels.get(key, key), count) for key, count in ordered if count)


def working_minutes(amount: timedelta) -> Decimal:
    """A working-time wait in minutes, exact to the microsecond."""
    return Decimal(amount // _MICROSECOND) / _MINUTE_IN_MICROSECONDS


def _median_minutes(waits: list[timedelta]) -> float | None:
    """`median` of the waits in minutes, converting only the middle one or two (the order is the same)."""
    if not waits:
        return None
    ordered, middle = sorted(waits), len(waits) // 2
    return median(working_minutes(wait) for wait in ordered[middle - 1 + len(waits) % 2: middle + 1])


def _average_score(tally: Tally) -> float | None:
    if not tally.score_count:
        return None
    return one_decimal(Decimal(tally.score_tenths) / Decimal(10 * tally.score_count))


def finish(tally: Tally, labels: dict[str, dict[str, str]]) -> Figures:
    """Frozen figures from ``tally``; ``labels`` maps "items"/"objections"/"lost" keys to labels."""
    in_limit_whole = tally.contacted_in_limit + tally.contacted_late + tally.not_contacted_late
    raised = sum(tally.objections_raised.values())
    handled = sum(tally.objections_handled.values())
    kinds = sorted(tally.objections_raised, key=lambda key: (-tally.objections_raised[key], key))
    rechecked = tally.confirmed + tally.returned
    return Figures(
        calls=CallFigures(
            made=tally.calls_made,
            reached=tally.calls_reached,
            reach_rate=percent(tally.calls_reached, tally.calls_made),
            talk_seconds=tally.talk_seconds,
        ),
        first_contact=FirstContactFigures(
            new_leads=tally.new_leads,
            contacted_in_limit=tally.contacted_in_limit,
            contacted_late=tally.contacted_late,
            not_contacted_late=tally.not_contacted_late,
            still_in_limit=tally.still_in_limit,
            in_limit_rate=percent(tally.contacted_in_limit, in_limit_whole),
            median_minutes=_median_minutes(tally.first_contact_waits),
        ),
        compliance=ComplianceFigures(
            reviewed=tally.reviewed,
            average_score=_average_score(tally),
            passed=tally.passed,
            failed=tally.failed,
            critical_misses=tally.critical_misses,
            top_missed=_top(tally.missed_items, labels.get("items", {}), TOP_MISSED),
        ),
        callbacks=CallbackFigures(
            due=tally.callbacks_due,
            kept_on_time=tally.kept_on_time,
            kept_late=tally.kept_late,
            not_kept=tally.not_kept,
            kept_rate=percent(tally.kept_on_time, tally.callbacks_due),
            overdue_at_end=tally.overdue_at_end,
            oldest_overdue_at=tally.oldest_overdue_at,
        ),
        objections=ObjectionFigures(
            raised=raised,
            handled=handled,
            handled_rate=percent(handled, raised),
            open_at_end=raised - handled,
            by_type=tuple(
                TypeCount(key, labels.get("objections", {}).get(key, key),
                          tally.objections_raised[key], tally.objections_handled[key])
                for key in kinds
            ),
        ),
        qualification=QualificationFigures(
            marked_junk=tally.marked_junk,
            rechecked=rechecked,
            confirmed=tally.confirmed,
            returned=tally.returned,
            false_junk_rate=percent(tally.returned, rechecked),
        ),
        pipeline=PipelineFigures(
            moved_forward=tally.moved_forward,
            moved_back=tally.moved_back,
            won=tally.won,
            won_value=tally.won_value,
            lost=sum(tally.lost_reasons.values()),
            lost_reasons=_top(tally.lost_reasons, labels.get("lost", {})),
            no_next_step=tally.no_next_step,
        ),
        review=ReviewFigures(
            leads_reviewed=tally.leads_reviewed,
            actions_given=tally.actions_given,
            actions_done=tally.actions_done,
        ),
        control=ControlFigures(
            reviewed=tally.control_reviewed,
            sent=tally.control_sent,
            fixed_on_time=tally.control_fixed_on_time,
            overdue=tally.control_overdue,
            kept_on_time_30d_rate=percent(tally.control_kept_30d, tally.control_due_30d),
            **backlog_age_figures(tally.control_backlog_ages, tally.control_backlog_past_limit),
        ),
    )
