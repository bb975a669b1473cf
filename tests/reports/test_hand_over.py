"""A hand-over never rewrites a closed day: every figure stays with whoever owned the work then.

The story of conftest.py (Thursday and Friday), then on Monday the head hands all of Anna's open
work to Boris: her open leads, the callbacks she owes and the head's pending action. The reports
of Thursday and Friday, in every format, for the team and for Anna, must not change by a byte.
"""

from __future__ import annotations

from dataclasses import asdict

import pytest
from sqlalchemy import select

from salescockpit.reports import FORMATS, build_report, build_trend, render
from salescockpit.reports.wallboard import build_wallboard
from salescockpit.services.actor import load_actor
from salescockpit.services.callbacks import reassign_callback
from salescockpit.services.reassign import reassign_leads
from salescockpit.store.tables import Callback, Lead
from tests.reports.conftest import FRIDAY, THURSDAY, at

DAYS = (THURSDAY, FRIDAY)


def _rendered(ctx, **scope) -> dict:
    """Every format of Thursday's and Friday's reports (and the 30-day trend) for ``scope``."""
    reports = {day: build_report(ctx, day, **scope) for day in DAYS}
    found = {(day, fmt): render(report, fmt) for day, report in reports.items() for fmt in FORMATS}
    found["trend"] = build_trend(ctx, FRIDAY, **scope)
    return found


def _manager(report, login):
    return next(entry for entry in report.managers if entry.login == login)


def _hand_over(story):
    head = load_actor(story.ctx, "olga")
    moved = reassign_leads(story.ctx, head, "anna", "boris")
    assert moved.leads == 3 and moved.callbacks >= 2  # L1 (won, callback open), L3, L4
    with story.ctx.db.read() as session:
        owners = set(session.scalars(select(Lead.owner_id).where(Lead.id.in_(
            [story.leads["L1"], story.leads["L3"], story.leads["L4"]]))))
    assert owners == {load_actor(story.ctx, "boris").id}


def test_closed_days_give_the_same_bytes_after_a_hand_over(story):
    before = _rendered(story.ctx)
    head_on_anna = _rendered(story.ctx, manager_login="anna", actor=load_actor(story.ctx, "olga"))
    _hand_over(story)
    assert _rendered(story.ctx) == before
    assert _rendered(story.ctx, manager_login="anna", actor=load_actor(story.ctx, "olga")) == head_on_anna


def test_the_old_manager_keeps_her_figures_and_the_new_one_gains_none(story):
    thursday = build_report(story.ctx, THURSDAY)
    friday = build_report(story.ctx, FRIDAY)
    anna_own = build_report(story.ctx, FRIDAY, actor=load_actor(story.ctx, "anna"))
    assert _manager(thursday, "anna").figures.first_contact.new_leads == 3
    assert _manager(friday, "anna").figures.callbacks.overdue_at_end == 1  # L4's callback, due Friday 12:00
    _hand_over(story)
    for day, report in ((THURSDAY, thursday), (FRIDAY, friday)):
        again = build_report(story.ctx, day)
        for login in ("anna", "boris"):
            assert asdict(_manager(again, login).figures) == asdict(_manager(report, login).figures)
        assert [(p.kind, p.ref_id, p.manager_login) for p in again.problems] == [
            (p.kind, p.ref_id, p.manager_login) for p in report.problems]
    # Anna's own view: her figures and comparisons are hers; problems keep to the leads she owns now.
    mine = build_report(story.ctx, FRIDAY, actor=load_actor(story.ctx, "anna"))
    assert (mine.team, mine.managers, mine.deltas, mine.trend) == (
        anna_own.team, anna_own.managers, anna_own.deltas, anna_own.trend)
    assert not [p for p in mine.problems if p.lead_id == story.leads["L4"]]


def test_today_counts_the_overdue_callback_for_whoever_owes_it_now(story):
    """Monday: L4's callback (overdue since Friday) was Anna's at every day's end until the hand-over."""
    head = load_actor(story.ctx, "olga")
    with story.ctx.db.read() as session:
        callback_id = session.scalar(select(Callback.id).where(Callback.lead_id == story.leads["L4"]))
    reassign_callback(story.ctx, head, callback_id, "boris")
    story.clock.instant = at(story.clock.now().date(), 18)
    monday = build_report(story.ctx, story.clock.now().astimezone(story.ctx.tz).date())
    assert _manager(monday, "boris").figures.callbacks.overdue_at_end >= 1
    borises = build_report(story.ctx, monday.day, manager_login="boris", actor=head)
    overdue = next(delta for delta in borises.deltas if delta.key == "callbacks.overdue_at_end")
    assert (overdue.value, overdue.yesterday) == (1, 0)  # his since Monday, not at Sunday's end
    sunday = build_report(story.ctx, FRIDAY.replace(day=22), manager_login="anna", actor=head)
    assert sunday.team.callbacks.overdue_at_end == 1  # still hers at Sunday's end
    assert [p.manager_login for p in sunday.problems if p.ref_id == callback_id] == ["anna"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_wallboard_and_tables_name_managers_by_name(story, fmt):
    report = build_report(story.ctx, THURSDAY)
    text = render(report, fmt).decode("utf-8")
    assert "Анна Смирнова" in text and "Борис Иванов" in text
    board = build_wallboard(story.ctx, actor=load_actor(story.ctx, "olga"))
    assert {standing.name for standing in board.leaders} >= {"Анна Смирнова", "Борис Иванов"}


def test_the_workbook_is_stamped_with_the_report_time_not_the_wall_clock(story):
    import io
    import zipfile

    data = render(build_report(story.ctx, THURSDAY), "xlsx")
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "<dcterms:modified" in core and "2026-11-20T00:00:00Z</dcterms:modified>" in core
