"""The daily report's "control" section: reviewed, sent, fixed on time, overdue, kept on time over 30 days."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import select

from salescockpit.reports import render
from salescockpit.reports.build import build_report
from salescockpit.reports.render_json import render_json
from salescockpit.reports.render_md import render_markdown
from salescockpit.services.actor import load_actor
from salescockpit.services.fix_lists import send_fix_list
from salescockpit.services.reviews import complete_action
from salescockpit.store.tables import FixListItem, LeadReview, User
from tests.morning.conftest import build_demo_file
from tests.morning.test_three_way_split import plan_of


@pytest.fixture(scope="module")
def demo400(tmp_path_factory):
    # Without the demo's played mornings: the section's arithmetic over this test's fix list alone.
    return build_demo_file(tmp_path_factory.mktemp("ctl400"), 400, daily_control=False)


def test_control_section_counts_sent_kept_and_overdue(demo400, fresh_copy, morning_ctx, clock):
    ctx = morning_ctx(fresh_copy(demo400))
    with ctx.db.read() as session:
        drafts = plan_of(session, ctx).split.fix_lists.items()
        owner_id, lead_ids = next((owner, ids) for owner, ids in sorted(drafts) if len(ids) >= 3)
        login = session.scalars(select(User.login).where(User.id == owner_id)).one()
    head = load_actor(ctx, "head")
    send_fix_list(ctx, head, owner_id, lead_ids[:3])
    clock.instant += timedelta(minutes=1)
    monday = build_report(ctx, date(2026, 11, 23))
    assert monday.team.control.sent == 3
    with ctx.db.read() as session:
        review_ids = session.scalars(select(LeadReview.id).join(FixListItem, FixListItem.lead_review_id == LeadReview.id)
                                     .order_by(LeadReview.id)).all()
    complete_action(ctx, load_actor(ctx, login), review_ids[0], "Client asked for January")
    clock.instant += timedelta(days=2) - timedelta(minutes=1)  # Wednesday: Tuesday was the due day
    tuesday = build_report(ctx, date(2026, 11, 24))
    figures = {m.login: m.figures for m in tuesday.managers}[login].control
    assert (figures.fixed_on_time, figures.overdue) == (1, 2)
    assert float(figures.kept_on_time_30d_rate) == pytest.approx(33.3)
    assert "control" in json.loads(render_json(tuesday))["team"]
    assert "Control" in render_markdown(tuesday)


def test_backlog_age_is_in_every_format_of_todays_report_and_none_is_past_the_limit(demo400, fresh_copy,
                                                                                    morning_ctx):
    ctx = morning_ctx(fresh_copy(demo400), review_backlog_max_days=3)
    with ctx.db.read() as session:
        plan = plan_of(session, ctx)
    monday = build_report(ctx, date(2026, 11, 23))
    control = monday.team.control
    assert control.backlog_past_limit == 0
    assert control.backlog_oldest_days is not None and 0 < control.backlog_oldest_days < 3
    assert control.backlog_median_days is not None and 0 <= control.backlog_median_days <= control.backlog_oldest_days
    # Per manager, for the leads they own: the managers' oldest is the team's.
    managers = [m.figures.control for m in monday.managers]
    assert max(m.backlog_oldest_days or 0 for m in managers) == control.backlog_oldest_days
    assert all(m.backlog_past_limit == 0 for m in managers)
    assert len(plan.split.backlog) > 0
    data = json.loads(render_json(monday))
    assert data["team"]["control"]["backlog_oldest_days"] == control.backlog_oldest_days
    assert data["team"]["control"]["backlog_past_limit"] == 0
    assert "Backlog: oldest, working days" in render_markdown(monday)
    for fmt in ("csv", "html"):
        assert "Backlog: past the limit (should be 0)" in render(monday, fmt).decode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(render(monday, "xlsx")))
    cells = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert "Backlog: median age, working days" in cells


def test_a_past_days_report_has_no_backlog_age(demo400, fresh_copy, morning_ctx):
    ctx = morning_ctx(fresh_copy(demo400))
    friday = build_report(ctx, date(2026, 11, 20))
    control = friday.team.control
    assert (control.backlog_oldest_days, control.backlog_median_days, control.backlog_past_limit) == (None, None, None)
    assert json.loads(render_json(friday))["team"]["control"]["backlog_past_limit"] is None
