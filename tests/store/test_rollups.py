"""The per-lead roll-ups always equal what the raw tables say, after the demo and after every kind of write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.callbacks import complete_callback, reschedule_callback, schedule_callback
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.context import ServiceContext
from salescockpit.services.reviews import record_lead_review, review_call
from salescockpit.services.scripts import load_script
from salescockpit.services.stages import move_stage
from salescockpit.store.tables import Call, CallReview, Callback, Lead, LeadReview, User
from tests.conftest import TEST_NOW, TEST_TZ


def expected_rollups(session) -> dict[int, tuple]:
    """(open_due_min, open_due_max, unscored_since) per lead, computed in Python from the raw rows."""
    dues: dict[int, list] = {}
    for lead_id, due_at in session.execute(select(Callback.lead_id, Callback.due_at).where(Callback.status == "open")):
        dues.setdefault(lead_id, []).append(due_at)
    reviewed_calls = set(session.scalars(select(CallReview.call_id)))
    last_review: dict[int, object] = {}
    for lead_id, created_at in session.execute(select(LeadReview.lead_id, LeadReview.created_at)):
        last_review[lead_id] = max(created_at, last_review.get(lead_id, created_at))
    unscored: dict[int, object] = {}
    for call_id, lead_id, started_at in session.execute(select(Call.id, Call.lead_id, Call.started_at)):
        if call_id in reviewed_calls:
            continue
        reviewed_at = last_review.get(lead_id)
        if reviewed_at is not None and reviewed_at >= started_at:
            continue
        unscored[lead_id] = min(started_at, unscored.get(lead_id, started_at))
    return {
        lead_id: (min(dues[lead_id]) if lead_id in dues else None, max(dues[lead_id]) if lead_id in dues else None, unscored.get(lead_id))
        for lead_id in session.scalars(select(Lead.id))
    }


def stored_rollups(session) -> dict[int, tuple]:
    return {
        lead_id: (low, high, unscored)
        for lead_id, low, high, unscored in session.execute(
            select(Lead.id, Lead.open_due_min, Lead.open_due_max, Lead.unscored_since)
        )
    }


@pytest.fixture
def ctx(db, clock):
    from salescockpit.demo import build_demo

    build_demo(db, leads=80, seed=11, now=TEST_NOW, tz=TEST_TZ)
    return ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))


def test_the_demo_leaves_exact_rollups(ctx):
    with ctx.db.read() as session:
        assert stored_rollups(session) == expected_rollups(session)


def test_every_kind_of_write_keeps_the_rollups_exact(ctx, clock):
    head = load_actor(ctx, "head")
    with ctx.db.read() as session:
        lead = session.scalars(
            select(Lead).where(Lead.stage.in_(("needs", "presentation")), Lead.unscored_since.is_not(None)).order_by(Lead.id)
        ).first()
        owner_login = session.get(User, lead.owner_id).login
        lead_id = lead.id
    manager = load_actor(ctx, owner_login)
    logged = log_call(
        ctx, manager,
        CallDraft(lead_id=lead_id, direction="out", outcome="callback_requested", duration_seconds=120,
                  objections=(ObjectionDraft("price", handled=False),), next_callback_at=TEST_NOW + timedelta(days=1)),
    )
    callback_id = schedule_callback(ctx, manager, lead_id, TEST_NOW + timedelta(hours=3))
    reschedule_callback(ctx, manager, callback_id, TEST_NOW + timedelta(days=2), "client asked")
    complete_callback(ctx, manager, logged.callback_id)
    with ctx.db.read() as session:
        call = session.get(Call, logged.call_id)
        script = load_script(ctx, call.script_id) if call.script_id else None
    if script is not None:
        answers = {item.key: "done" for item in script.items()}
        review_call(ctx, head, logged.call_id, answers)
    clock.advance(timedelta(minutes=5))
    record_lead_review(ctx, head, lead_id, "ok")
    move_stage(ctx, manager, lead_id, "lost", lost_reason="price")
    with ctx.db.read() as session:
        assert stored_rollups(session) == expected_rollups(session)
        final = session.get(Lead, lead_id)
        assert final.open_due_min is None and final.unscored_since is None
