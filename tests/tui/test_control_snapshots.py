"""Snapshots of the strict-control screens on the demo data at the fixed clock."""

from __future__ import annotations

from salescockpit.tui.screens.compliance import ComplianceScreen
from salescockpit.tui.screens.objections import ObjectionsScreen
from salescockpit.tui.screens.recheck import RecheckScreen
from tests.tui.conftest import wait_ready
from tests.tui.test_compliance import ensure_mode, open_first_call, settle


def _mode(mode: str, screen, *keys: str):
    async def run_before(pilot) -> None:
        ensure_mode(pilot.app, mode, screen)
        await wait_ready(pilot)
        pilot.app.switch_mode(mode)
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


def test_compliance_list_snapshot(make_app, snap_compare):
    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=_mode("compliance", ComplianceScreen))


def test_review_call_snapshot_at_80x24(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await _mode("compliance", ComplianceScreen)(pilot)
        await open_first_call(pilot)
        await pilot.press("y", "y", "y", "j", "n")
        await settle(pilot)

    assert snap_compare(make_app("head"), terminal_size=(80, 24), run_before=run_before)


def test_objection_ledger_snapshot(make_app, snap_compare):
    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=_mode("objections", ObjectionsScreen))


def test_open_objections_snapshot(make_app, snap_compare):
    run_before = _mode("objections", ObjectionsScreen, "v")
    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=run_before)


def test_recheck_snapshot(make_app, snap_compare):
    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=_mode("recheck", RecheckScreen))


def test_critical_miss_asks_for_a_note_snapshot_at_80x24(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await _mode("compliance", ComplianceScreen)(pilot)
        await open_first_call(pilot)
        await pilot.press("y", "y", "n")
        await settle(pilot)

    assert snap_compare(make_app("head"), terminal_size=(80, 24), run_before=run_before)


def test_manager_recheck_snapshot_at_80x24(make_app, snap_compare):
    assert snap_compare(make_app("ivanov"), terminal_size=(80, 24), run_before=_mode("recheck", RecheckScreen))
