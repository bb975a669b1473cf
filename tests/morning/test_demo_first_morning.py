"""The demo's first morning fits: its head has kept up with the daily control (demo/daily_control.py).

The demo's history alone has no bounded morning, so the backlog guarantee pulled every lead that
had waited three working days into the first morning (about a hundred past the capacity of 60).
With the head's last mornings played through the services, the first morning is today's list at
the capacity (what is fresh fills it), a handful of fix lists to send, a backlog younger than
the limit, and yesterday's fix lists done on time, late and not at all; `doctor` finds nothing.
"""

from __future__ import annotations

import pytest

from salescockpit.domain.backlog_age import backlog_age
from salescockpit.store.health import run_checks
from salescockpit.store.queries.queue_morning import morning_overview
from tests.conftest import TEST_TZ
from tests.morning.conftest import build_demo_file
from tests.morning.test_three_way_split import assert_each_lead_in_one_place, plan_of


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    return build_demo_file(tmp_path_factory.mktemp("played400"), 400)


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    return build_demo_file(tmp_path_factory.mktemp("bare400"), 400, daily_control=False)


def first_morning(ctx):
    split = assert_each_lead_in_one_place(ctx)
    with ctx.db.read() as session:
        plan = plan_of(session, ctx)
        overview = morning_overview(session, ctx.settings, now=ctx.clock.now(), viewer_id=1, first_rows=0)
    waits = [plan.candidates[lead_id].waiting_since for lead_id in split.backlog]
    age = backlog_age(waits, ctx.clock.now(), ctx.settings.working_hours(), ctx.settings.review_backlog_max_days)
    return split, overview, age


def test_the_demos_first_morning_fits_in_the_capacity(played, bare, fresh_copy, morning_ctx):
    split, overview, age = first_morning(morning_ctx(fresh_copy(played)))
    assert split.over_capacity <= 2  # a lead that went stale overnight counts its wait from its stage entry
    assert split.reviewed_today + len(split.today) <= split.capacity + split.over_capacity
    assert 1 <= len(overview.drafts) <= 6  # a handful of fix lists, one per manager at most
    assert age.past_limit == 0 and (age.oldest_days or 0) < 3
    # The next-morning view: the lists due since yesterday, kept on time, late, and not done.
    assert overview.outcomes and sum(outcome.on_time for outcome in overview.outcomes) > 0
    assert sum(outcome.late + outcome.not_done for outcome in overview.outcomes) > 0

    before, _overview, _age = first_morning(morning_ctx(fresh_copy(bare)))
    assert before.over_capacity > 50  # what the bare history gave: the aged pile on the first morning


def test_the_played_mornings_are_audited_and_sealed_as_the_app_does(played, fresh_copy, morning_ctx):
    ctx = morning_ctx(fresh_copy(played))
    problems = {result.name: result.problems for result in run_checks(ctx.db, tz=TEST_TZ) if result.problems}
    assert problems == {}
