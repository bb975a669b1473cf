"""Script compliance: the head scores a call with keys; managers read but cannot score; the failed-call gate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from textual.widgets import DataTable, Static

from salescockpit.domain.scoring import Criticality, score_call
from salescockpit.store.tables import Call, CallReview, CallReviewItem, Script
from salescockpit.tui.modals.review_note import NoteModal
from salescockpit.tui.screens.compliance import ComplianceScreen
from salescockpit.tui.screens.review_call import ReviewCallScreen, recording_target
from salescockpit.tui.widgets.checklist import Checklist
from tests.tui.conftest import wait_ready


def ensure_mode(app, mode, screen):
    """Use ``screen`` for ``mode`` (until the lead registers it in tui/screens/modes.py)."""
    if app._modes.get(mode) is not screen:
        app._modes[mode] = screen


async def settle(pilot):
    """Wait until the screen has loaded and no worker is running."""
    for _ in range(200):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if getattr(screen, "loaded", True) and not screen.workers:
            break
    await pilot.pause()


async def open_compliance(pilot):
    app = pilot.app
    ensure_mode(app, "compliance", ComplianceScreen)
    await wait_ready(pilot)
    app.switch_mode("compliance")
    await settle(pilot)
    return app.screen


async def open_first_call(pilot) -> ReviewCallScreen:
    await pilot.press("enter")
    for _ in range(100):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if isinstance(screen, ReviewCallScreen) and screen.query("#review-checklist"):
            return screen
    raise AssertionError("the checklist did not open")


def _score_line(screen) -> str:
    return str(screen.query_one("#review-score", Static).render())


async def test_head_scores_a_call_and_a_critical_miss_needs_a_note(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compliance(pilot)
        table = screen.query_one("#compliance-calls", DataTable)
        assert table.row_count > 10 and all(not row.reviewed for row in screen.rows)
        call_id = screen.rows[0].call_id
        review = await open_first_call(pilot)
        checklist = review.query_one(Checklist)
        script = review.call.script
        items = list(script.items())
        critical = next(item for item in items if item.criticality is Criticality.CALL)
        assert "to tick" in _score_line(review)
        for item in items:
            assert checklist.current_item == item
            await pilot.press("n" if item is critical else "y")
            await pilot.pause()
            assert app.screen is review  # no box opens by itself under the keys that follow
        assert "FAILED" in _score_line(review) and "Score: 0.0" in _score_line(review)
        assert "note needed" in str(checklist.get_option(critical.key).prompt)
        await pilot.press("ctrl+s")  # the missing note is asked now, at save
        await pilot.pause()
        assert isinstance(app.screen, NoteModal) and checklist.current_item == critical
        await pilot.press("enter")  # empty: refused, the box stays
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        await pilot.press(*"did not ask who decides", "enter")  # the note given, the save goes on
        await settle(pilot)
        assert isinstance(app.screen, ComplianceScreen)
        assert call_id not in [row.call_id for row in app.screen.rows]
    expected = score_call(script, {item.key: "missed" if item is critical else "done" for item in items})
    with open_db.read() as session:
        saved = session.scalars(select(CallReview).where(CallReview.call_id == call_id)).one()
        assert (saved.score, saved.passed, saved.failed_critical) == (expected.score, False, True)
        notes = dict(session.execute(select(CallReviewItem.item_key, CallReviewItem.note)
                                     .where(CallReviewItem.review_id == saved.id)).all())
        assert notes[critical.key] == "did not ask who decides" and len(notes) == len(items)


async def test_keys_typed_after_a_critical_miss_tick_the_next_items_not_a_note(make_app, open_db):
    """The issue: `n` on a critical item opened a note box that swallowed the next `y y y y`."""
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compliance(pilot)
        with open_db.read() as session:
            first_contact = set(session.scalars(
                select(Call.id).join(Script, Script.id == Call.script_id).where(Script.name == "First contact")))
        row = next(i for i, each in enumerate(screen.rows) if each.call_id in first_contact)
        await pilot.press(*["down"] * row)
        review = await open_first_call(pilot)
        checklist = review.query_one(Checklist)
        items = list(review.call.script.items())
        start = [item.key for item in items].index("decision_maker")  # call-critical, four items after it
        assert items[start].criticality is Criticality.CALL and len(items) >= start + 5
        while checklist.current_item != items[start]:
            await pilot.press("j")
        await pilot.press("n", "y", "y", "y", "y")
        await pilot.pause()
        assert app.screen is review
        assert [checklist.answers.get(item.key) for item in items[start:start + 5]] == ["missed"] + ["done"] * 4
        assert "yyyy" not in checklist.notes.values() and not checklist.notes.get(items[start].key)
        await pilot.press("k", "k", "k", "k")
        assert checklist.current_item == items[start]
        await pilot.press("e")  # the explicit key writes the note
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        await pilot.press(*"no decision maker", "enter")
        await pilot.pause()
        assert checklist.notes[items[start].key] == "no decision maker"
        assert "note needed" not in str(checklist.get_option(items[start].key).prompt)


async def test_na_refused_where_the_item_forbids_it_and_score_is_live(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compliance(pilot)
        review = await open_first_call(pilot)
        checklist = review.query_one(Checklist)
        first = checklist.current_item
        assert not first.na_allowed  # every default script opens with an item that always applies
        await pilot.press("minus")
        await pilot.pause()
        assert first.key not in checklist.answers
        assert any("cannot be n.a." in n.message for n in app._notifications)
        await pilot.press("y")
        assert "Score: 100.0" in _score_line(review)
        await pilot.press("ctrl+s")  # not complete: nothing saved, a message says why
        await pilot.pause()
        assert isinstance(app.screen, ReviewCallScreen)
        assert any("Tick every item first" in n.message for n in app._notifications)


async def test_recording_messages(make_app, tmp_path, monkeypatch):
    from pathlib import Path

    from salescockpit.tui.screens import recording_opener

    monkeypatch.setattr(recording_opener, "system_opener", lambda: None)  # never launch a desktop program here
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compliance(pilot)
        review = await open_first_call(pilot)
        await pilot.press("o")
        await settle(pilot)
        ref = review.call.recording_ref
        if ref and recording_target(ref):  # the demo's first call has a real (espeak-ng) recording
            expected = "No program to open recordings was found"
            assert Path(ref).name in str(review.query_one("#review-recording", Static).render())
        elif ref:
            expected = f"not a file or a link: {ref}"
        else:
            expected = "no recording"
        assert any(expected in n.message for n in app._notifications)
    recording = tmp_path / "call.mp3"
    recording.write_bytes(b"ID3")
    assert recording_target(str(recording)) == str(recording)
    assert recording_target("https://pbx.example/rec/42") == "https://pbx.example/rec/42"
    assert recording_target("tape 14, shelf 3") is None and recording_target(None) is None


async def test_manager_sees_own_calls_and_cannot_score(make_app):
    app = make_app("ivanov")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compliance(pilot)
        me = app.cockpit.actor
        assert screen.rows and {row.manager_login for row in screen.rows} == {"ivanov"}
        figures = screen.query_one("#compliance-figures", DataTable)
        assert figures.row_count == 1 and str(figures.get_row_at(0)[0]) == me.name
        review = await open_first_call(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert not review.query_one(Checklist).answers
        assert any("Only the head of sales can score calls" in n.message for n in app._notifications)


async def test_views_and_period_toggle(make_app):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compliance(pilot)
        await pilot.press("v", "v")  # failed only
        await settle(pilot)
        assert screen.rows and all(row.reviewed and row.passed is False for row in screen.rows)
        assert "Reviewed and failed" in str(screen.query_one("#compliance-status", Static).render())
        await pilot.press("p")
        await settle(pilot)
        assert "30 days" in str(screen.query_one("#compliance-figures-title", Static).render())
        await pilot.press("o")
        await settle(pilot)
        assert all(row.outcome == "reached" for row in screen.rows)


def test_a_failed_critical_call_blocks_moving_forward_until_a_later_call_passes(db, clock):
    """The gate lives in move_stage; proven here end to end through the services."""
    from salescockpit.config import Settings
    from salescockpit.services.actor import load_actor
    from salescockpit.services.calls import CallDraft, log_call
    from salescockpit.services.catalog import ensure_catalog
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.errors import GateRefused
    from salescockpit.services.leads import LeadDraft, create_lead
    from salescockpit.services.reviews import review_call
    from salescockpit.services.scripts import current_script_id
    from salescockpit.services.stages import move_stage
    from salescockpit.services.users import add_user

    ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(ctx)
    add_user(ctx, "olga", "Ольга", "head")
    add_user(ctx, "anna", "Анна", "manager")
    head, anna = load_actor(ctx, "olga"), load_actor(ctx, "anna")
    lead = create_lead(ctx, anna, LeadDraft(name="Лид", stage="personal_contact"))
    script = current_script_id(ctx, "First contact")
    good = {"greet": "done", "confirm_contact": "done", "decision_maker": "done", "need": "done",
            "budget": "done", "timing": "done", "next_step": "done"}

    def reviewed_call(answers, notes=None):
        clock.advance(timedelta(hours=1))
        call = log_call(ctx, anna, CallDraft(lead, "out", "reached", 200, script_id=script, no_next_step_reason="x"))
        return review_call(ctx, head, call.call_id, answers, notes or {})

    assert reviewed_call(dict(good, next_step="missed"), {"next_step": "no date agreed"}).failed_critical
    with pytest.raises(GateRefused) as refused:
        move_stage(ctx, anna, lead, "needs")
    assert "critical script item" in refused.value.message and refused.value.overridable
    with pytest.raises(GateRefused):
        move_stage(ctx, head, lead, "needs")  # the head too, unless a reason is given
    assert move_stage(ctx, head, lead, "needs", override_reason="heard the follow-up myself").to_stage == "needs"
    assert reviewed_call(dict(good, decision_maker="missed"), {"decision_maker": "?"}).failed_critical
    with pytest.raises(GateRefused):
        move_stage(ctx, anna, lead, "presentation")
    assert reviewed_call(good).passed
    assert move_stage(ctx, anna, lead, "presentation").to_stage == "presentation"
    assert move_stage(ctx, anna, lead, "needs").to_stage == "needs"  # moving back never was blocked
