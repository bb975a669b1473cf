"""Qualification re-check: confirm, return to a manager (who then sees the head's action), skip, refusals."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable, Select, Static

from salescockpit.config import Settings
from salescockpit.store.queries.queue import build_scope, review_queue_page
from salescockpit.store.tables import Lead, LeadReview, Recheck, User
from salescockpit.tui.modals.recheck_return import RecheckReturnForm
from salescockpit.tui.screens.recheck import RecheckScreen
from tests.conftest import TEST_NOW
from tests.tui.conftest import wait_ready
from tests.tui.test_compliance import ensure_mode, settle


async def open_recheck(pilot) -> RecheckScreen:
    app = pilot.app
    ensure_mode(app, "recheck", RecheckScreen)
    await wait_ready(pilot)
    app.switch_mode("recheck")
    await settle(pilot)
    return app.screen


def _detail(screen) -> str:
    return str(screen.query_one("#recheck-detail", Static).render())


async def test_head_confirms_junk_and_skips(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_recheck(pilot)
        assert len(screen.rows) >= 5
        first = screen.rows[0]
        assert first.name in _detail(screen) and "BANT" in _detail(screen)
        await pilot.press("s")
        await settle(pilot)
        assert screen.query_one("#recheck-leads", DataTable).cursor_row == 1
        assert screen.rows[1].name in _detail(screen)
        await pilot.press("k", "c")
        await settle(pilot)
        assert first.lead_id not in [row.lead_id for row in screen.rows]
    with open_db.read() as session:
        recheck = session.scalars(select(Recheck).where(Recheck.lead_id == first.lead_id)
                                  .order_by(Recheck.id.desc())).first()
        assert recheck.verdict == "confirmed" and recheck.reviewer_id is not None
        assert recheck.created_at == TEST_NOW
        assert session.get(Lead, first.lead_id).stage == first.stage  # confirmed junk stays closed


async def test_returned_lead_reaches_the_chosen_managers_queue(make_app, open_db, settings):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_recheck(pilot)
        row = screen.rows[0]
        new_owner = "petrova" if row.owner_login != "petrova" else "smith"
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecheckReturnForm)
        assert form.query_one("#return-stage", Select).value == "qualification"
        assert form.query_one("#return-owner", Select).value == row.owner_login
        form.query_one("#return-owner", Select).value = new_owner
        await pilot.press(*"real company, call the buyer", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RecheckScreen)
        assert row.lead_id not in [r.lead_id for r in screen.rows]
    with open_db.read() as session:
        lead = session.get(Lead, row.lead_id)
        owner = session.scalars(select(User).where(User.login == new_owner)).one()
        assert (lead.stage, lead.owner_id, lead.qualification, lead.junk_reason) == (
            "qualification", owner.id, "unknown", None)
        action = session.scalars(select(LeadReview).where(LeadReview.lead_id == row.lead_id,
                                                          LeadReview.verdict == "action")).one()
        assert action.assignee_id == owner.id and "real company, call the buyer" in action.action_text
        scope = build_scope(Settings(timezone="Europe/Moscow"), now=TEST_NOW, viewer_id=owner.id, viewer_is_head=False)
        page = review_queue_page(session, scope)
        mine = [queued for queued in page.rows if queued.lead_id == row.lead_id]
        assert mine and mine[0].action_text == action.action_text
        assert page.rows[0].action_text is not None  # the head's actions come first in a manager's queue


async def test_manager_sees_own_marks_and_cannot_decide(make_app, open_db):
    app = make_app("kuznetsov")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_recheck(pilot)
        me = app.cockpit.actor
        assert screen.rows and {row.owner_login for row in screen.rows} == {"kuznetsov"}
        stats = screen.query_one("#recheck-stats", DataTable)
        assert stats.row_count == 1 and str(stats.get_row_at(0)[0]) == me.name
        lead_id = screen.rows[0].lead_id
        await pilot.press("c")
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, RecheckScreen)
        assert any("Only the head of sales can re-check" in n.message for n in app._notifications)
    with open_db.read() as session:
        assert session.scalars(select(Recheck).where(Recheck.lead_id == lead_id,
                                                     Recheck.created_at >= TEST_NOW)).first() is None


async def test_rates_toggle_between_30_and_7_days(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_recheck(pilot)
        title = screen.query_one("#recheck-stats-title", Static)
        stats = screen.query_one("#recheck-stats", DataTable)
        assert "30 days" in str(title.render())
        month = [stats.get_row_at(i) for i in range(stats.row_count)]
        await pilot.press("p")
        await settle(pilot)
        assert "7 days" in str(title.render())
        week = [stats.get_row_at(i) for i in range(stats.row_count)]
        assert sum(int(r[2]) for r in week) <= sum(int(r[2]) for r in month)
        assert any(str(r[5]).endswith("%") for r in month)  # false-junk rates are shown
