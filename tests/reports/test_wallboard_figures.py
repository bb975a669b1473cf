"""The wallboard's figures for the story of conftest.py: today as of "now", for the head only.

The story's database already holds every event up to Monday; moving the clock back to a moment
on Thursday shows that the day's figures stop at "now". Stage counts are the leads' current
stages (the board's rule), so they are checked at the end of the story only.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from salescockpit.reports import build_report
from salescockpit.reports.wallboard import Standing, build_wallboard
from salescockpit.services.actor import load_actor
from salescockpit.services.errors import PermissionDenied

from tests.reports.conftest import FRIDAY, THURSDAY, at


def _at(story, moment: datetime):
    story.clock.instant = moment.astimezone(timezone.utc)
    return build_wallboard(story.ctx, actor=load_actor(story.ctx, "olga"))


def test_thursday_midday_counts_only_what_happened_by_now(story):
    board = _at(story, at(THURSDAY, 12, 30))
    assert board.day == THURSDAY
    assert board.as_of == at(THURSDAY, 12, 30).astimezone(timezone.utc)
    team = board.team
    assert (team.calls, team.reached, team.reach_rate) == (3, 2, 66.7)
    assert (team.overdue_callbacks, team.objections_raised, team.objections_handled) == (0, 2, 1)
    assert (team.reviewed, team.average_score, team.deals_won) == (0, None, 0)
    # Boris made two calls, Anna one: nobody won yet, so calls decide the order.
    assert [(row.login, row.calls) for row in board.leaders] == [("boris", 2), ("anna", 1)]


def test_an_overdue_callback_counts_as_soon_as_its_time_passes(story):
    board = _at(story, at(THURSDAY, 16, 30))
    assert board.team.overdue_callbacks == 1
    overdue = {row.login: row.overdue_callbacks for row in board.leaders}
    assert overdue == {"anna": 0, "boris": 1}
    assert (board.team.reviewed, board.team.average_score) == (2, 50.0)


def test_friday_evening_a_deal_won_puts_anna_first(story):
    board = _at(story, at(FRIDAY, 18))
    assert board.team == Standing(
        login="", name="Team", calls=2, reached=2, reach_rate=100.0, reviewed=1, average_score=83.3,
        overdue_callbacks=1, objections_raised=1, objections_handled=1, deals_won=1, won_value=50000,
    )
    assert [row.login for row in board.leaders] == ["anna", "boris"]
    anna, boris = board.leaders
    assert (anna.name, anna.calls, anna.deals_won, anna.won_value, anna.overdue_callbacks) == (
        "Анна Смирнова", 2, 1, 50000, 1)
    assert (boris.calls, boris.reach_rate, boris.deals_won) == (0, None, 0)


def test_the_figures_are_the_daily_reports_figures(story):
    """One source of truth: the wallboard never counts differently from the report."""
    moment = at(FRIDAY, 18).astimezone(timezone.utc)
    board = _at(story, at(FRIDAY, 18))
    report = build_report(story.ctx, FRIDAY, now=moment)
    assert board.team == Standing.of("", "Team", report.team)
    assert sorted(board.leaders, key=lambda row: row.login) == [
        Standing.of(entry.login, entry.name, entry.figures) for entry in report.managers
    ]


def test_pipeline_counts_every_stage_in_order_with_stale_leads(story):
    board = _at(story, at(date(2026, 11, 23), 10))
    counts = {stage.key: (stage.count, stage.stale, stage.value) for stage in board.stages}
    assert [stage.key for stage in board.stages][:3] == ["new", "identification", "qualification"]
    # L4 waits in "new" since Thursday evening (stale after a day); the re-checked L3 is back in
    # qualification since Friday 10:00 (stale after three days: exactly three days now, not yet).
    assert counts["new"] == (1, 1, 0)
    assert counts["qualification"] == (1, 0, 0)
    assert counts["won"] == (1, 0, 50000) and counts["lost"] == (1, 0, 0)
    assert [stage.key for stage in board.open_stages] == [
        "new", "identification", "qualification", "nurture", "personal_contact", "needs", "presentation", "closing",
    ]
    assert sum(stage.count for stage in board.stages) == len(story.leads)


def test_a_manager_may_not_build_the_wallboard(story):
    with pytest.raises(PermissionDenied):
        build_wallboard(story.ctx, actor=load_actor(story.ctx, "anna"))


def test_a_session_source_needs_an_explicit_now(story):
    head = load_actor(story.ctx, "olga")
    with story.ctx.db.read() as session:
        with pytest.raises(ValueError):
            build_wallboard(session, actor=head)
        board = build_wallboard(session, actor=head, now=at(FRIDAY, 18).astimezone(timezone.utc),
                                settings=story.ctx.settings)
    assert board.team.deals_won == 1 and board.timezone == "Europe/Moscow"


def test_the_feed_reads_read_only_and_stops_when_its_head_is_deactivated(story):
    from salescockpit.reports.wallboard import WallboardFeed, WallboardRefused
    from salescockpit.services.users import add_user, deactivate_user

    add_user(story.ctx, "ivan", "Иван Орлов", "head")
    story.clock.instant = at(FRIDAY, 18).astimezone(timezone.utc)
    feed = WallboardFeed.open(story.ctx.db.url, "ivan", story.ctx.settings, story.clock)
    try:
        assert feed.read().team.deals_won == 1
        deactivate_user(story.ctx, load_actor(story.ctx, "olga"), "ivan")
        with pytest.raises(WallboardRefused, match="deactivated"):
            feed.read()
    finally:
        feed.close()
    with pytest.raises(WallboardRefused, match="Only the head of sales"):
        WallboardFeed.open(story.ctx.db.url, "anna", story.ctx.settings, story.clock)
    with pytest.raises(WallboardRefused, match="not a salescockpit user"):
        WallboardFeed.open(story.ctx.db.url, "nobody", story.ctx.settings, story.clock)
