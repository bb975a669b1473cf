"""The main screens in Russian at 80x24: longer Russian labels must not cut or shift anything.

Each test builds the cockpit from a fresh Russian import (tests/tui/russian.py) on the demo copy
at the fixed clock, as `make_app` does in English.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import wait_ready
from tests.tui.russian import russian_tui
from tests.tui.test_snapshots_card_callbacks import _needs_lead, settle

SIZE = (80, 24)


@pytest.fixture
def russian_app(demo_path, settings, clock, tmp_path):
    """``russian_app(login)`` inside a `with russian_tui()` block kept open for the test."""
    with russian_tui() as app_module:
        def factory(login: str = "head"):
            return app_module.build_app(db_target=str(demo_path), login=login, settings=settings, clock=clock,
                                        drafts_dir=tmp_path / "drafts")

        yield factory


def _show(*keys: str):
    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize(
    ("name", "login", "keys"),
    [
        ("queue", "head", ()),
        ("queue_manager", "ivanov", ()),
        ("board", "head", ("2",)),
        ("callbacks", "head", ("3",)),
        ("objections", "head", ("4",)),
        ("recheck", "head", ("5",)),
        ("reports", "head", ("6",)),
        ("compliance", "head", ("7",)),
        ("help", "head", ("question_mark",)),
    ],
)
def test_screen_in_russian(name, login, keys, russian_app, snap_compare):
    assert snap_compare(russian_app(login), terminal_size=SIZE, run_before=_show(*keys))


async def _open_card(pilot, lead_id: int) -> None:
    await wait_ready(pilot)
    pilot.app.open_lead(lead_id)
    await settle(pilot)


def test_lead_card_in_russian(open_db, russian_app, snap_compare):
    lead_id = _needs_lead(open_db)

    async def open_card(pilot):
        await _open_card(pilot, lead_id)

    assert snap_compare(russian_app("head"), terminal_size=SIZE, run_before=open_card)


def test_log_call_form_in_russian(open_db, russian_app, snap_compare):
    lead_id = _needs_lead(open_db)

    async def open_form(pilot):
        await _open_card(pilot, lead_id)
        await pilot.press("c")
        await settle(pilot)
        pilot.app.screen.query_one("#next-callback").focus()
        await pilot.press(*"завтра 10:00")
        await pilot.pause(0.2)

    assert snap_compare(russian_app("head"), terminal_size=SIZE, run_before=open_form)
