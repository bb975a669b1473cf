"""The Reports screen: stepping through days, the trends, and exporting, on the demo database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, Static

from salescockpit.tui.screens.reports import ExportModal, ReportsScreen
from tests.tui.conftest import wait_ready

MONDAY = date(2026, 11, 23)


async def settle(pilot, wanted_day: date | None = None) -> ReportsScreen:
    """Wait until the Reports screen has no worker running (and shows ``wanted_day``)."""
    screen = pilot.app.screen
    for _ in range(400):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        report = getattr(screen, "report", None)
        done = isinstance(screen, ReportsScreen) and not screen.workers and report is not None
        if done and (wanted_day is None or report.day == wanted_day):
            break
    await pilot.pause()
    return screen


async def open_reports(pilot) -> ReportsScreen:
    """Switch to the Reports mode (registered here until the lead adds it to tui/screens/modes.py)."""
    app = pilot.app
    if app._modes.get("reports") is not ReportsScreen:
        app._modes["reports"] = ReportsScreen
    await wait_ready(pilot)
    app.switch_mode("reports")
    return await settle(pilot, MONDAY)


def status(screen: ReportsScreen) -> str:
    return str(screen.query_one("#reports-status", Static).render())


def body(screen: ReportsScreen) -> str:
    return "\n".join(line.text for line in screen.query_one("#reports-body", Static).render_lines(screen.region))


async def test_steps_through_the_days_and_never_past_today(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        assert screen.report.day == MONDAY and screen.report.scope == "team"
        assert "Mon 23 Nov 2026" in status(screen)
        assert "Calls made" in body(screen) and "Алексей Иванов" in body(screen)  # names, not logins
        await pilot.press("left_square_bracket", "left_square_bracket")
        screen = await settle(pilot, date(2026, 11, 21))
        assert "Sat 21 Nov 2026" in status(screen)
        assert screen.report.complete
        saturday_calls = screen.report.team.calls.made
        await pilot.press("right_square_bracket")
        screen = await settle(pilot, date(2026, 11, 22))
        assert screen.report.day == date(2026, 11, 22)
        await pilot.press("t")
        screen = await settle(pilot, MONDAY)
        await pilot.press("right_square_bracket")
        screen = await settle(pilot, MONDAY)
        assert screen.day == MONDAY, "no report for tomorrow"
        assert not screen.report.complete
        await pilot.press("left_square_bracket", "left_square_bracket")
        screen = await settle(pilot, date(2026, 11, 21))
        assert screen.report.team.calls.made == saturday_calls, "the same day gives the same figures"


async def test_trend_window_switches_between_7_and_30_days(make_app):
    app = make_app("head")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        assert screen.window == 7
        await pilot.press("w")
        screen = await settle(pilot)
        assert screen.window == 30
        assert len(screen.report.trend) == 7


async def test_a_manager_sees_only_their_own_figures(make_app):
    app = make_app("ivanov")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        assert screen.report.scope == "ivanov"
        assert [entry.login for entry in screen.report.managers] == ["ivanov"]
        assert "petrova" not in body(screen)


async def test_export_writes_the_chosen_format(make_app, tmp_path):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("x")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ExportModal)
        shown = Path(modal.query_one("#export-path", Input).value)
        assert shown.is_absolute() and shown.name == "salescockpit-report-2026-11-23.md"
        modal.query_one("#export-format", Select).value = "json"
        await pilot.pause()
        assert modal.query_one("#export-path", Input).value.endswith(".json")
        target = tmp_path / "monday.json"
        path_input = modal.query_one("#export-path", Input)
        path_input.value = str(target)
        path_input.focus()
        await pilot.press("enter")
        for _ in range(200):
            await pilot.pause(0.05)
            if target.exists() and not screen.workers:
                break
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["date"] == "2026-11-23" and data["scope"] == "team"
        assert data["team"]["calls"]["made"] == screen.report.team.calls.made


async def test_an_export_says_the_full_path_it_wrote(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("x")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = "monday.md"  # a bare name: the current folder
        path_input.focus()
        await pilot.press("enter")
        target = tmp_path / "monday.md"
        for _ in range(200):
            await pilot.pause(0.05)
            if target.exists() and not screen.workers:
                break
        await pilot.pause()
        said = [note.message for note in app._notifications if note.title == "Exported"]
        assert said == [f"Report saved to {target}"]
        assert target.read_text(encoding="utf-8").strip()
        await pilot.press("x")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "no-such-folder" / "monday.md")
        path_input.focus()
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if any(note.severity == "error" for note in app._notifications):
                break
        errors = [note.message for note in app._notifications if note.severity == "error"]
        assert errors == [f"Cannot write {tmp_path / 'no-such-folder' / 'monday.md'}: No such file or directory"]


def test_report_snapshot(make_app, snap_compare):
    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=open_reports)


def test_trends_snapshot_at_80x24(make_app, snap_compare):
    async def run_before(pilot) -> None:
        screen = await open_reports(pilot)
        screen.query_one("#reports-tabs").active = "reports-trends"
        await settle(pilot)

    assert snap_compare(make_app("head"), terminal_size=(80, 24), run_before=run_before)


def whole_body(screen: ReportsScreen) -> str:
    """Every line of the report, also those below the fold (the view scrolls)."""
    from textual.geometry import Region

    widget = screen.query_one("#reports-body", Static)
    return "\n".join(line.text for line in widget.render_lines(Region(0, 0, widget.size.width, widget.virtual_size.height)))


async def test_the_report_shows_the_money_section(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        text = whole_body(screen)
        team = screen.report.money.team
    assert "Money (RUB, month 2026-11)" in text
    line = next(row for row in text.splitlines() if row.strip().startswith("Collected in the month"))
    assert line.split()[4] == f"₽{team.collected_month:,.2f}"  # the team's column comes first


async def test_the_head_sets_a_managers_monthly_plan_with_a_key(make_app, open_db):
    from sqlalchemy import text as sql

    from salescockpit.tui.modals.plan_form import PlanForm

    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("p")
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, PlanForm):
                break
        form = app.screen
        assert isinstance(form, PlanForm)
        assert form.query_one("#plan-month", Input).value == "2026-11"
        form.query_one("#plan-manager", Select).value = "petrova"
        await pilot.press(*"123 456,78")
        await pilot.press("ctrl+s")
        await settle(pilot)
        for _ in range(100):
            await pilot.pause(0.05)
            if not screen.workers and screen.report is not None:
                break
        screen = await settle(pilot, MONDAY)
        petrova = next(scope for scope in screen.report.money.managers if scope.login == "petrova")
        shown = whole_body(screen)
    with open_db.read() as session:
        rows = session.execute(sql(
            "SELECT p.amount_minor, p.month_start FROM monthly_plans p JOIN users u ON u.id = p.manager_id"
            " WHERE u.login = 'petrova' AND p.month_start = '2026-11-01'")).all()
    assert [row[0] for row in rows] == [12345678]
    assert str(petrova.plan) == "123456.78" and "₽123,456.78" in shown


async def test_a_manager_cannot_set_plans(make_app):
    app = make_app("ivanov")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is screen
