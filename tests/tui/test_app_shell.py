"""The app shell: key remaps from the config, the command palette's commands, mode keys."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from salescockpit.store.tables import LeadReview
from salescockpit.tui.app import build_app
from tests.tui.conftest import wait_ready


async def test_a_keys_table_in_the_config_remaps_a_binding(demo_path, settings, clock, open_db, tmp_path):
    remapped = replace(settings, keys={"queue.ok": "space"})
    app = build_app(db_target=str(demo_path), login="head", settings=remapped, clock=clock, drafts_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        lead_id = app.screen.rows[0].lead_id
        await pilot.press("o")  # no longer bound
        await wait_ready(pilot)
        assert app.screen.rows[0].lead_id == lead_id
        await pilot.press("space")
        await wait_ready(pilot)
        assert lead_id not in [row.lead_id for row in app.screen.rows]
    with open_db.read() as session:
        verdicts = session.scalars(select(LeadReview.verdict).where(LeadReview.lead_id == lead_id, LeadReview.day == "2026-11-23"))
        assert list(verdicts) == ["ok"]


async def test_the_palette_lists_screens_global_actions_and_the_screen_keys(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for wanted in ("Log a call", "Find lead", "Switch theme", "Go to Board", "Go to Reports", "Go to Compliance"):
            assert wanted in titles
        assert any(title.startswith("OK (o)") for title in titles)
        assert any(title.startswith("Action (a)") for title in titles)


async def test_every_mode_key_opens_its_screen(make_app):
    app = make_app("head")
    expected = {
        "2": ("board", "BoardScreen"), "3": ("callbacks", "CallbacksScreen"), "4": ("objections", "ObjectionsScreen"),
        "5": ("recheck", "RecheckScreen"), "6": ("reports", "ReportsScreen"), "7": ("compliance", "ComplianceScreen"),
        "1": ("queue", "QueueScreen"),
    }
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        for key, (mode, screen_name) in expected.items():
            await pilot.press(key)
            await wait_ready(pilot, mode)
            assert app.current_mode == mode
            assert type(app.screen).__name__ == screen_name
            assert mode.capitalize()[:4] in app.title or mode == "recheck"
