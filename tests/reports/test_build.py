"""Every figure of the story in conftest.py, for Thursday and Friday, for the team and each manager."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timezone

import pytest

from salescockpit.reports import build_report, build_trend
from salescockpit.reports.figures import Count, TypeCount
from salescockpit.services.actor import load_actor
from salescockpit.services.errors import NotFound, PermissionDenied

from tests.reports.conftest import EVIL_NAME, FRIDAY, THURSDAY, at


def figures(report, login=None):
    """The figures of the team (login None) or of one manager, as nested dicts."""
    if login is None:
        return asdict(report.team)
    return asdict(next(entry.figures for entry in report.managers if entry.login == login))


def test_thursday_team_and_managers(story):
    report = build_report(story.ctx, THURSDAY)
    assert report.complete and report.scope == "team"
    assert report.as_of == at(date(2026, 11, 20), 0).astimezone(timezone.utc)
    assert [entry.login for entry in report.managers] == ["anna", "boris"]
    team, anna, boris = figures(report), figures(report, "anna"), figures(report, "boris")
    assert team["calls"] == {"made": 4, "reached": 3, "reach_rate": 75.0, "talk_seconds": 1020}
    assert anna["calls"] == {"made": 2, "reached": 2, "reach_rate": 100.0, "talk_seconds": 900}
    assert boris["calls"] == {"made": 2, "reached": 1, "reach_rate": 50.0, "talk_seconds": 120}
    assert team["first_contact"] == {
        "new_leads": 4, "contacted_in_limit": 2, "contacted_late": 0, "not_contacted_late": 1,
        "still_in_limit": 1, "in_limit_rate": 66.7, "median_minutes": 45.0,
    }
    assert anna["first_contact"]["median_minutes"] == 30.0 and boris["first_contact"]["median_minutes"] == 60.0
    assert (anna["first_contact"]["not_contacted_late"], anna["first_contact"]["still_in_limit"]) == (1, 1)
    decision_maker = Count("decision_maker", "Find out whether this is the decision maker", 1)
    assert report.team.compliance.top_missed == (decision_maker,)
    assert team["compliance"] | {"top_missed": ()} == {
        "reviewed": 2, "average_score": 50.0, "passed": 1, "failed": 1, "critical_misses": 1, "top_missed": (),
    }
    assert (anna["compliance"]["average_score"], boris["compliance"]["average_score"]) == (100.0, 0.0)
    assert team["callbacks"] == {
        "due": 2, "kept_on_time": 0, "kept_late": 1, "not_kept": 1, "kept_rate": 0.0,
        "overdue_at_end": 1, "oldest_overdue_at": at(THURSDAY, 16).astimezone(timezone.utc),
    }
    assert (anna["callbacks"]["kept_late"], boris["callbacks"]["not_kept"]) == (1, 1)
    assert (anna["callbacks"]["overdue_at_end"], boris["callbacks"]["overdue_at_end"]) == (0, 1)
    assert report.team.objections.by_type == (
        TypeCount("price", "Price", 1, 0), TypeCount("think_about_it", "I'll think about it", 1, 1),
    )
    assert (team["objections"]["raised"], team["objections"]["handled"]) == (2, 1)
    assert (team["objections"]["handled_rate"], team["objections"]["open_at_end"]) == (50.0, 1)
    assert anna["objections"]["open_at_end"] == 1 and boris["objections"]["open_at_end"] == 0
    assert team["qualification"] == {
        "marked_junk": 1, "rechecked": 0, "confirmed": 0, "returned": 0, "false_junk_rate": None,
    }
    assert team["pipeline"] == {
        "moved_forward": 1, "moved_back": 0, "won": 0, "won_value": 0, "lost": 0, "lost_reasons": (),
        "no_next_step": 2,
    }
    assert (anna["pipeline"]["no_next_step"], boris["pipeline"]["no_next_step"]) == (1, 1)
    assert team["review"] == {"leads_reviewed": 1, "actions_given": 1, "actions_done": 0}
    assert anna["review"] == team["review"]


def test_thursday_problems(story):
    report = build_report(story.ctx, THURSDAY)
    shown = [(p.kind, p.lead_id, p.manager_login, p.at) for p in report.problems]
    assert shown == [
        ("overdue_callback", story.leads["L2"], "boris", at(THURSDAY, 16).astimezone(timezone.utc)),
        ("failed_call", story.leads["L2"], "boris", at(THURSDAY, 12).astimezone(timezone.utc)),
        ("open_objection", story.leads["L1"], "anna", at(THURSDAY, 9, 30).astimezone(timezone.utc)),
    ]
    assert report.problems[2].lead_name == EVIL_NAME
    assert report.problems_total == {"overdue_callback": 1, "failed_call": 1, "open_objection": 1}


def test_friday_team_and_managers(story):
    report = build_report(story.ctx, FRIDAY)
    team, anna, boris = figures(report), figures(report, "anna"), figures(report, "boris")
    assert team["calls"] == {"made": 2, "reached": 2, "reach_rate": 100.0, "talk_seconds": 90}
    assert boris["calls"] == {"made": 0, "reached": 0, "reach_rate": None, "talk_seconds": 0}
    assert team["first_contact"]["new_leads"] == 0 and team["first_contact"]["median_minutes"] is None
    assert team["compliance"]["average_score"] == 83.3 and team["compliance"]["passed"] == 1
    assert [item.key for item in report.team.compliance.top_missed] == ["budget", "timing"]
    assert team["callbacks"] == {
        "due": 2, "kept_on_time": 1, "kept_late": 0, "not_kept": 1, "kept_rate": 50.0,
        "overdue_at_end": 1, "oldest_overdue_at": at(FRIDAY, 12).astimezone(timezone.utc),
    }
    assert boris["callbacks"]["overdue_at_end"] == 0, "done on Friday morning, no longer overdue"
    assert team["objections"] | {"by_type": ()} == {
        "raised": 1, "handled": 1, "handled_rate": 100.0, "open_at_end": 0, "by_type": (),
    }
    assert team["qualification"] == {
        "marked_junk": 0, "rechecked": 1, "confirmed": 0, "returned": 1, "false_junk_rate": 100.0,
    }
    assert anna["qualification"]["false_junk_rate"] == 100.0
    assert team["pipeline"] | {"lost_reasons": ()} == {
        "moved_forward": 6, "moved_back": 0, "won": 1, "won_value": 50000, "lost": 1, "lost_reasons": (),
        "no_next_step": 2,
    }
    assert report.team.pipeline.lost_reasons == (Count("price", "Price", 1),)
    assert (anna["pipeline"]["moved_forward"], boris["pipeline"]["moved_forward"]) == (5, 1)
    assert (anna["pipeline"]["no_next_step"], boris["pipeline"]["no_next_step"]) == (2, 0)
    assert team["review"] == {"leads_reviewed": 2, "actions_given": 1, "actions_done": 1}
    assert [(p.kind, p.lead_id) for p in report.problems] == [("overdue_callback", story.leads["L4"])]


def test_friday_against_thursday_and_the_week(story):
    report = build_report(story.ctx, FRIDAY)
    deltas = {delta.key: delta for delta in report.deltas}
    made = deltas["calls.made"]
    assert (made.value, made.yesterday, made.change, made.mean_7d, made.change_vs_mean) == (2, 4, -2.0, 0.6, 1.4)
    reach = deltas["calls.reach_rate"]
    assert (reach.value, reach.yesterday, reach.change, reach.mean_7d) == (100.0, 75.0, 25.0, 75.0)
    assert deltas["compliance.average_score"].change == 33.3
    assert "pipeline.no_next_step" not in deltas and "compliance.top_missed" not in deltas
    assert [point.day for point in report.trend] == [date(2026, 11, day) for day in range(14, 21)]
    assert [point.reach_rate for point in report.trend[-2:]] == [75.0, 100.0]
    assert [point.overdue_at_end for point in report.trend[-2:]] == [1, 1]


def test_a_manager_gets_only_their_own_figures(story):
    anna = load_actor(story.ctx, "anna")
    report = build_report(story.ctx, FRIDAY, actor=anna)
    assert report.scope == "anna" and [entry.login for entry in report.managers] == ["anna"]
    assert report.team == report.managers[0].figures
    assert figures(report)["calls"] == {"made": 2, "reached": 2, "reach_rate": 100.0, "talk_seconds": 90}
    assert report.team.pipeline.moved_forward == 5 and report.team.pipeline.lost == 0
    assert [p.manager_login for p in report.problems] == ["anna"]
    thursday = build_report(story.ctx, THURSDAY, actor=anna)
    assert thursday.team.qualification.marked_junk == 1 and thursday.team.objections.open_at_end == 1
    assert [p.kind for p in thursday.problems] == ["open_objection"]
    with pytest.raises(PermissionDenied):
        build_report(story.ctx, FRIDAY, "boris", actor=anna)


def test_the_head_may_narrow_to_one_manager(story):
    head = load_actor(story.ctx, "olga")
    report = build_report(story.ctx, THURSDAY, "boris", actor=head)
    assert report.scope == "boris"
    assert report.team.calls.made == 2 and report.team.callbacks.overdue_at_end == 1
    assert report.team.pipeline.no_next_step == 1
    with pytest.raises(NotFound):
        build_report(story.ctx, THURSDAY, "nobody", actor=head)


def test_the_same_day_gives_the_same_report_whenever_it_runs(story):
    first = build_report(story.ctx, THURSDAY)
    story.clock.instant = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)
    assert build_report(story.ctx, THURSDAY) == first


def test_today_stops_at_now(story):
    story.clock.instant = at(FRIDAY, 12, 30).astimezone(timezone.utc)
    report = build_report(story.ctx, FRIDAY)
    assert not report.complete and report.as_of == story.clock.instant
    assert report.team.calls.made == 2 and report.team.pipeline.won == 0
    assert report.team.callbacks.due == 2 and report.team.callbacks.not_kept == 1
    assert any("not over" in note for note in report.notes)


def test_build_from_a_plain_session(story):
    with story.ctx.db.read() as session:
        report = build_report(session, THURSDAY, settings=story.ctx.settings)
    assert report.complete and report.team.calls.made == 4


def test_trend_over_30_days(story):
    points = build_trend(story.ctx, FRIDAY, 30)
    assert len(points) == 30 and points[-1].day == FRIDAY
    assert [(p.reach_rate, p.average_score, p.overdue_at_end) for p in points[-2:]] == [
        (75.0, 50.0, 1), (100.0, 83.3, 1),
    ]
    assert all(p.reach_rate is None for p in points[:-2])

