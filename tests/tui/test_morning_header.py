"""The queue header's figures say what they are: today's list against the capacity, and the minutes."""

from __future__ import annotations

from salescockpit.store.queries.queue_morning import MorningOverview, ReviewPace
from salescockpit.tui.screens.queue_morning import morning_header


def overview(reviewed: int, today: int, over: int = 0) -> MorningOverview:
    return MorningOverview(today=(), drafts=(), today_count=today, sent_count=0, backlog_count=9,
                           reviewed_today=reviewed, capacity=60, lists_sent_today=1, over_capacity=over)


def test_the_minutes_are_time_spent_reviewing_and_time_left_at_that_pace():
    # 12 minutes over 4 gaps between verdicts: 3 minutes a lead; 40 leads left.
    assert morning_header(overview(5, 40), ReviewPace(12 * 60, 4)).startswith(
        "today 5 / 60 · 12 min reviewing, about 120 min left · ")


def test_no_minutes_before_there_is_a_pace_and_none_left_when_done():
    assert morning_header(overview(1, 59), ReviewPace()) == (
        "today 1 / 60 · sent to managers 1 list · in fix lists 0 · backlog 9")
    assert morning_header(overview(60, 0), ReviewPace(95 * 60, 59)).startswith(
        "today 60 / 60, done · 95 min reviewing · ")


def test_the_header_says_done_once_the_list_is_through_and_not_before():
    assert morning_header(overview(64, 0), ReviewPace()).startswith("today 64 / 64, done · ")  # past the capacity
    assert "done" not in morning_header(overview(63, 1), ReviewPace())
    assert "done" not in morning_header(overview(0, 0), ReviewPace())  # nothing given, nothing to give


def test_leads_aged_past_the_capacity_raise_the_target_and_say_why():
    assert morning_header(overview(4, 70, over=14), ReviewPace()).startswith(
        "today 4 / 74 (14 waited 3+ working days) · ")
