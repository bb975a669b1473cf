"""The control section's backlog age: how long the head's backlog has kept its leads.

The backlog is the morning split's (`store.queries.queue_split.morning_plan`, the same the
queue's header counts): leads with a reason that are neither in today's list nor in a sent
fix list. Each one's age is the whole working days it has waited before today
(`domain.backlog_age`); the section shows the oldest and the median, and how many have waited
`review.backlog_max_days` or more, which the backlog guarantee keeps at 0. Leads count for
their owner now. The backlog is a "now" figure: it is reported for the day that is not over
(the report's "as of"); a past day's backlog cannot be rebuilt and shows no figure.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from salescockpit.domain.backlog_age import working_day_ages
from salescockpit.domain.morning import is_aged, working_days_before
from salescockpit.store.queries.queue import build_scope
from salescockpit.store.queries.queue_split import morning_plan

from .tally import Tallies
from .window import Window


def count_backlog_age(session: Session, window: Window, tallies: Tallies) -> None:
    """Fill `control_backlog_ages` and `control_backlog_past_limit` (team and per owner) for today."""
    if window.complete:
        return
    settings, now, hours = window.settings, window.end, window.working_hours
    scope = build_scope(settings, now=now, viewer_id=window.viewer_id or 0, viewer_is_head=True,
                        manager_id=window.user_id)
    plan = morning_plan(session, scope, capacity=settings.review_daily_capacity,
                        backlog_max_days=settings.review_backlog_max_days, hours=hours)
    waiting = [plan.candidates[lead_id] for lead_id in plan.split.backlog]
    ages = working_day_ages([candidate.waiting_since for candidate in waiting], now, hours)
    aged_before = working_days_before(now, settings.review_backlog_max_days, hours)
    for owner_id in {candidate.owner_id for candidate in waiting}:
        tallies.add(owner_id)  # every owner with a backlog gets a tally to append to
    for tally in (tallies.team, *tallies.users.values()):
        tally.control_backlog_ages, tally.control_backlog_past_limit = [], 0
    for candidate, age in zip(waiting, ages):
        tallies.append(candidate.owner_id, "control_backlog_ages", age)
        tallies.set_total(candidate.owner_id, "control_backlog_past_limit", int(is_aged(candidate, aged_before)))
