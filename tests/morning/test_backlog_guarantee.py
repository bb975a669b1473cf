"""The backlog guarantee over simulated mornings: no lead waits past `backlog_max_days` working days.

Under a fixed clock the head works through the 400-lead demo for two weeks of mornings, giving
only `review.daily_capacity` verdicts a day (an overloaded head), and never sends a fix list.
Each morning every lead with a reason is in exactly one place, and no lead in the backlog has
waited `backlog_max_days` working days by the domain rules (checked in
`assert_each_lead_in_one_place`); the backlog's age says the same.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from salescockpit.domain.backlog_age import backlog_age
from salescockpit.services.actor import load_actor
from salescockpit.services.reviews import record_lead_review
from tests.morning.conftest import build_demo_file
from tests.morning.test_three_way_split import assert_each_lead_in_one_place, plan_of


@pytest.fixture(scope="module")
def demo400(tmp_path_factory):
    return build_demo_file(tmp_path_factory.mktemp("guarantee400"), 400)


def next_working_morning(ctx, clock):
    clock.instant += timedelta(days=1)
    while ctx.settings.working_hours().window(clock.today()) is None:
        clock.instant += timedelta(days=1)


@pytest.mark.parametrize("max_days", [1, 3])
def test_no_lead_stays_in_the_backlog_past_the_limit_over_two_weeks(max_days, demo400, fresh_copy, morning_ctx,
                                                                     clock):
    ctx = morning_ctx(fresh_copy(demo400), review_daily_capacity=20, review_backlog_max_days=max_days)
    head = load_actor(ctx, "head")
    hours = ctx.settings.working_hours()
    over_capacity_seen = 0
    for _morning in range(10):
        split = assert_each_lead_in_one_place(ctx)
        with ctx.db.read() as session:
            plan = plan_of(session, ctx)
        waits = [plan.candidates[lead_id].waiting_since for lead_id in split.backlog]
        age = backlog_age(waits, clock.now(), hours, max_days)
        assert age.past_limit == 0 and (age.oldest_days or 0) < max_days
        over_capacity_seen += split.over_capacity
        # The head gives verdicts up to the capacity, in the list's order, and stops.
        places = max(0, split.capacity - split.reviewed_today)
        if split.today[:places]:
            record_lead_review(ctx, head, list(split.today[:places]), "ok")
        next_working_morning(ctx, clock)
    assert over_capacity_seen > 0  # the guarantee was needed: more aged than a morning holds
