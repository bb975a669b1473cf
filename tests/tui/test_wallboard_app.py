"""The wallboard app on the demo database: what it shows, that it refreshes, that no key writes."""

from __future__ import annotations

import ast
import hashlib
import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

import salescockpit.tui.wallboard as wallboard_package
from salescockpit.tui.wallboard.app import WallboardApp

WIDE, NARROW = (120, 40), (80, 24)


@pytest.fixture
def make_wallboard(demo_path, settings, clock):
    def factory(login: str = "head") -> WallboardApp:
        return WallboardApp(db_target=str(demo_path), login=login, settings=settings, clock=clock)

    return factory


async def wait_figures(pilot, *, after=None) -> None:
    """Until a board newer than ``after`` is on screen (bounded: fails the test after 10 s)."""
    app = pilot.app
    for _ in range(500):
        await pilot.pause(0.02)
        if app.board is not None and app.board is not after and not any(not w.is_finished for w in app.workers):
            break
    else:
        pytest.fail("the wallboard showed no figures within 10 s")
    await pilot.pause()


def screen_text(app) -> str:
    """Every line of the screen as plain text (what a person reads)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def fingerprint(path: Path) -> dict[str, tuple]:
    """Every table's row count, largest id and a digest of its rows: any write shows."""
    connection = sqlite3.connect(path)
    try:
        tables = "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        names = [row[0] for row in connection.execute(tables)]
        result = {}
        for name in names:
            rows = connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            result[name] = (len(rows), max((row[0] for row in rows), default=None),
                            hashlib.sha256(repr(rows).encode()).hexdigest())
        return result
    finally:
        connection.close()


def test_wallboard_snapshot_at_120x40(make_wallboard, snap_compare):
    assert snap_compare(make_wallboard(), terminal_size=WIDE, run_before=wait_figures)


async def test_the_board_shows_the_reports_figures_for_today(make_wallboard, demo_path, settings, clock):
    from salescockpit.reports.wallboard import WallboardFeed

    feed = WallboardFeed.open(str(demo_path), "head", settings, clock)
    try:
        expected = feed.read()
    finally:
        feed.close()
    app = make_wallboard()
    async with app.run_test(size=WIDE) as pilot:
        await wait_figures(pilot)
        text = screen_text(app)
    assert app.board == expected
    assert "updated 10:00" in text and "Mon 23 Nov 2026" in text
    team_line = next(line for line in text.splitlines() if " Team " in line)
    team = expected.team
    assert team_line.split()[2:4] == [str(team.calls), str(team.reached)]
    assert f"{team.objections_handled}/{team.objections_raised}" in team_line
    for leader in expected.leaders:
        line = next(line for line in text.splitlines() if leader.name in line)
        assert line.split(leader.name, 1)[1].split()[:2] == [str(leader.calls), str(leader.reached)], line
    for stage in expected.open_stages:
        assert stage.label in text


async def test_the_money_line_shows_the_reports_money_for_today(make_wallboard, demo_path, settings, clock):
    from salescockpit.reports import build_report
    from salescockpit.services.actor import load_actor
    from salescockpit.services.context import ServiceContext
    from salescockpit.store.read_only import open_read_only

    db = open_read_only(str(demo_path))
    try:
        context = ServiceContext(db=db, clock=clock, settings=settings)
        money = build_report(context, clock.today(), actor=load_actor(context, "head")).money.team
    finally:
        db.close()
    assert money.collected_month > 0 and money.plan is not None and money.overdue > 0  # the demo has them
    app = make_wallboard()
    async with app.run_test(size=WIDE) as pilot:
        await wait_figures(pilot)
        text = " ".join(screen_text(app).split())
    month = f"month ₽{money.collected_month:,.2f} of ₽{money.plan:,.2f} ({round(money.plan_rate)}%)"
    assert f"Collected today ₽{money.collected_today:,.2f} · {month}" in text
    assert f"overdue ₽{money.overdue:,.2f}" in text


async def test_at_80x24_every_manager_the_team_and_the_pipeline_fit(make_wallboard):
    app = make_wallboard()
    async with app.run_test(size=NARROW) as pilot:
        await wait_figures(pilot)
        text = screen_text(app)
        assert app.screen.has_class("-narrow", "-short")
    assert len(text.splitlines()) == 24
    for leader in app.board.leaders:
        assert leader.name in text
    assert " Team " in text and "Pipeline now" in text and "updated 10:00" in text
    for label in ("Calls", "Reach %", "Score", "Overdue", "Objections", "Deals won"):
        assert label in text
    assert "Closing" in text, "the last open stage is on screen"


async def test_it_refreshes_itself_with_new_calls(make_wallboard, demo_path, settings, clock, monkeypatch):
    """A call logged elsewhere shows up at the next refresh, without any key."""
    from salescockpit.services.actor import load_actor
    from salescockpit.services.calls import CallDraft, log_call
    from salescockpit.services.context import ServiceContext
    from salescockpit.store.engine import Database
    from salescockpit.tui.wallboard import app as app_module

    monkeypatch.setattr(app_module, "REFRESH_SECONDS", 0.3)
    app = make_wallboard()
    async with app.run_test(size=WIDE) as pilot:
        await wait_figures(pilot)
        before = app.board
        database = Database.open(demo_path)
        try:
            ctx = ServiceContext(db=database, clock=clock, settings=settings)
            smith = load_actor(ctx, "smith")
            with database.read() as session:
                lead_id = session.connection().exec_driver_sql(
                    "SELECT id FROM leads WHERE owner_id = ? AND stage = 'qualification' ORDER BY id LIMIT 1",
                    (smith.id,),
                ).scalar_one()
            promise = clock.now() + timedelta(days=1)
            log_call(ctx, smith, CallDraft(lead_id, "out", "reached", 120, next_callback_at=promise))
        finally:
            database.close()
        clock.advance(timedelta(minutes=1))
        await wait_figures(pilot, after=before)
        for _ in range(100):
            if app.board.team.calls == before.team.calls + 1:
                break
            await pilot.pause(0.05)
        text = screen_text(app)
    assert app.board.team.calls == before.team.calls + 1
    smith_before = next(row for row in before.leaders if row.login == "smith")
    smith_row = next(row for row in app.board.leaders if row.login == "smith")
    # The demo's day already has his morning calls (09:00-10:00): the new call adds one to each.
    assert (smith_row.calls, smith_row.reached) == (smith_before.calls + 1, smith_before.reached + 1)
    assert "updated 10:01" in text


async def test_hundreds_of_random_keys_change_no_data(make_wallboard, demo_path):
    """300 keys (Pilot waits ~45 ms for the app to settle after each), then ctrl+q."""
    keys = list("abcdefghijklmnopqrstuvwxyz0123456789!?/[]-=+ ") + [
        "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown", "home", "end",
        "delete", "backspace", "space", "ctrl+s", "ctrl+l", "ctrl+f", "ctrl+p", "ctrl+d", "ctrl+x", "ctrl+n", "f1",
        "f2", "f5", "ctrl+c",
    ]
    before = fingerprint(demo_path)
    rng = random.Random(10)
    app = make_wallboard()
    async with app.run_test(size=WIDE) as pilot:
        await wait_figures(pilot)
        shown = app.board
        for step in range(300):
            await pilot.press(rng.choice(keys))
            if step % 50 == 0:
                await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        assert app.is_running and app.board == shown
        assert len(app.screen_stack) == 1, "no key opened a screen or a modal"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running, "ctrl+q closes the wallboard"
    assert fingerprint(demo_path) == before


async def test_a_manager_sees_a_refusal_and_no_figures(make_wallboard):
    app = make_wallboard("petrova")
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if "Only the head of sales" in screen_text(app):
                break
        text = screen_text(app)
    assert app.board is None
    assert "Only the head of sales may show the wallboard" in text
    assert "Анна Соколова" not in text


async def test_figures_leave_the_page_when_its_head_is_deactivated(make_wallboard, demo_path, settings, clock,
                                                                    monkeypatch):
    """The page has no login: it lives on its viewer's standing, checked at every refresh."""
    from salescockpit.services.actor import load_actor
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.users import add_user, deactivate_user
    from salescockpit.store.engine import Database
    from salescockpit.tui.wallboard import app as app_module

    database = Database.open(demo_path)
    ctx = ServiceContext(db=database, clock=clock, settings=settings)
    try:
        add_user(ctx, "deputy", "Deputy Head", "head")
        monkeypatch.setattr(app_module, "REFRESH_SECONDS", 0.3)
        app = make_wallboard("deputy")
        async with app.run_test(size=WIDE) as pilot:
            await wait_figures(pilot)
            assert "Анна Соколова" in screen_text(app)
            deactivate_user(ctx, load_actor(ctx, "head"), "deputy")
            for _ in range(200):
                await pilot.pause(0.02)
                if app.board is None:
                    break
            await pilot.pause()
            text = screen_text(app)
    finally:
        database.close()
    assert app.board is None
    assert "deactivated" in text
    assert "Анна Соколова" not in text and "Team" not in text


async def test_a_database_that_is_not_there_is_reported_and_not_created(tmp_path, settings, clock):
    missing = tmp_path / "nowhere.db"
    app = WallboardApp(db_target=str(missing), login="head", settings=settings, clock=clock)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if "Cannot show the figures" in screen_text(app):
                break
        text = screen_text(app)
    assert "There is no database at" in text
    assert not missing.exists()


def test_the_only_binding_quits_and_says_so():
    bindings = WallboardApp.BINDINGS
    assert [(binding.key, binding.action) for binding in bindings] == [("ctrl+q", "quit")]
    assert all(binding.id and binding.tooltip for binding in bindings)
    assert WallboardApp.ENABLE_COMMAND_PALETTE is False


def test_the_wallboard_package_imports_no_service_no_modal_and_no_store():
    """Its one door to the data is `reports.wallboard` (read-only); nothing else that could write."""
    forbidden = ("salescockpit.services", "salescockpit.store", "salescockpit.tui.modals", "salescockpit.tui.screens")
    package = Path(wallboard_package.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = _absolute(node, path, package)
                assert not module.startswith(forbidden), f"{path.name} imports {module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith(forbidden), f"{path.name} imports {alias.name}"


def _absolute(node: ast.ImportFrom, path: Path, package: Path) -> str:
    if not node.level:
        return node.module or ""
    parts = ["salescockpit", "tui", "wallboard"][: 3 - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))
