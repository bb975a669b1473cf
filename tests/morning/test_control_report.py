"""The daily report's "control" section: reviewed, sent, fixed on time, overdue, kept on time over 30 days."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

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
    return build_demo_file(tmp_path_factory.mktemp("ctl400"), 400)


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
