"""The morning split's pure rules: order of today's list, the bound, housekeeping, due times."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from salescockpit.domain.morning import Candidate, fix_due_at, is_housekeeping, split_morning, working_days_before
from salescockpit.domain.review import Reason
from salescockpit.domain.workhours import WorkingHours

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc)  # Monday 10:00 Moscow
HOURS = WorkingHours(ZoneInfo("Europe/Moscow"))
FRESH_AFTER = NOW - timedelta(days=1)
AGED_BEFORE = working_days_before(NOW, 3, HOURS)


def split(candidates, capacity=60, reviewed=0, sent=()):
    return split_morning(candidates, sent=sent, capacity=capacity, reviewed_today=reviewed,
                         fresh_after=FRESH_AFTER, aged_before=AGED_BEFORE)


def test_a_hot_lead_with_no_next_step_comes_before_leads_not_contacted():
    standing = NOW - timedelta(days=2)
    hot = Candidate(1, 9, Reason.HOT_NO_NEXT_STEP, standing)
    new = [Candidate(n, 9, Reason.NEW_NOT_CONTACTED, standing - timedelta(minutes=n)) for n in range(2, 90)]
    assert split([*new, hot]).today[0] == 1


def test_action_overdue_then_fresh_then_aged_then_money():
    overdue = Candidate(1, 9, Reason.ACTION_PENDING, NOW - timedelta(days=5), action_overdue=True)
    fresh = Candidate(2, 9, Reason.UNREVIEWED_CALL, NOW - timedelta(hours=2))
    aged = Candidate(3, 9, Reason.UNREVIEWED_CALL, NOW - timedelta(days=20))
    rich = Candidate(4, 9, Reason.UNREVIEWED_CALL, NOW - timedelta(days=2), value=900_000)
    poor = Candidate(5, 9, Reason.UNREVIEWED_CALL, NOW - timedelta(days=2), value=1_000)
    assert split([poor, rich, aged, fresh, overdue]).today == (1, 2, 3, 4, 5)


def test_the_bound_counts_todays_verdicts_and_the_rest_waits_in_the_backlog():
    leads = [Candidate(n, 9, Reason.UNREVIEWED_CALL, NOW - timedelta(hours=n)) for n in range(1, 11)]
    result = split(leads, capacity=5, reviewed=2)
    assert len(result.today) == 3 and len(result.backlog) == 7
    assert set(result.today) | set(result.backlog) == set(range(1, 11))


def test_housekeeping_goes_to_its_managers_fix_list_and_sent_leads_stay_sent():
    chores = [Candidate(n, 7 + n % 2, Reason.NO_NEXT_STEP, NOW - timedelta(days=n), housekeeping=True)
              for n in range(1, 7)]
    result = split(chores, sent={6})
    assert result.today == () and set(result.backlog) == {1, 2, 3, 4, 5}
    assert result.fix_lists == {7: (4, 2), 8: (5, 3, 1)}


def test_an_overdue_callback_is_housekeeping_only_after_a_day():
    assert not is_housekeeping({Reason.OVERDUE_CALLBACK}, NOW - timedelta(hours=5), NOW)
    assert is_housekeeping({Reason.OVERDUE_CALLBACK, Reason.NO_NEXT_STEP}, NOW - timedelta(days=2), NOW)
    assert not is_housekeeping({Reason.NO_NEXT_STEP, Reason.HOT_NO_NEXT_STEP}, None, NOW)


def test_a_fix_is_due_at_the_end_of_the_next_working_day():
    friday = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    assert fix_due_at(NOW, HOURS) == datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
    assert fix_due_at(friday, HOURS) == datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)  # Monday 18:00


def test_a_lead_aged_in_the_backlog_enters_today_even_past_the_capacity():
    fresh = [Candidate(n, 9, Reason.UNREVIEWED_CALL, NOW - timedelta(hours=n)) for n in range(1, 4)]
    aged = Candidate(10, 9, Reason.UNREVIEWED_CALL, AGED_BEFORE - timedelta(minutes=1))
    waiting = Candidate(11, 9, Reason.UNREVIEWED_CALL, AGED_BEFORE + timedelta(minutes=1))
    result = split([*fresh, aged, waiting], capacity=2)
    assert result.today == (3, 2, 10) and result.over_capacity == 1  # the two oldest fresh ones, then the aged
    assert set(result.backlog) == {1, 11}


def test_an_aged_housekeeping_lead_leaves_its_draft_fix_list_for_today():
    chore = Candidate(1, 9, Reason.NO_NEXT_STEP, AGED_BEFORE - timedelta(days=1), housekeeping=True)
    young = Candidate(2, 9, Reason.NO_NEXT_STEP, NOW - timedelta(days=1), housekeeping=True)
    result = split([chore, young], capacity=60)
    assert result.today == (1,) and result.fix_lists == {9: (2,)} and result.backlog == (2,)


def test_a_verdict_restarts_the_wait():
    reviewed = Candidate(1, 9, Reason.STALE_IN_STAGE, NOW - timedelta(days=30), last_verdict_at=NOW - timedelta(days=1))
    forgotten = Candidate(2, 9, Reason.STALE_IN_STAGE, NOW - timedelta(days=30), last_verdict_at=NOW - timedelta(days=9))
    assert reviewed.waiting_since == NOW - timedelta(days=1)
    result = split([reviewed, forgotten], capacity=0)
    assert result.today == (2,) and result.backlog == (1,)
