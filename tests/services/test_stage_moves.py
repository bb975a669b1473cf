"""Moving leads: the stage gates, the head's override, junk marks and re-opening."""

from __future__ import annotations

from datetime import timedelta

import pytest

from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.callbacks import schedule_callback
from salescockpit.services.errors import GateRefused, InvalidInput, PermissionDenied
from salescockpit.services.reviews import review_call
from salescockpit.services.scripts import current_script_id
from salescockpit.services.stages import StageMove, mark_junk, move_stage
from salescockpit.store.tables import Callback, Lead, StageHistory


def _one(fetch, table, row_id):
    [row] = fetch(table, table.id == row_id)
    return row


def test_leaving_qualification_needs_all_four_bant_answers(ctx, anna, new_lead, fetch):
    lead_id = new_lead(anna, stage="qualification", bant_budget=True)
    with pytest.raises(GateRefused) as error:
        move_stage(ctx, anna, lead_id, "needs")
    assert [problem.field for problem in error.value.problems] == ["bant"]
    assert "BANT" in error.value.message and not error.value.overridable
    move = move_stage(ctx, anna, lead_id, "needs", bant={"authority": True, "need": True, "timing": False})
    assert move == StageMove(lead_id, "qualification", "needs")
    lead = _one(fetch, Lead, lead_id)
    assert (lead.stage, lead.qualification, lead.bant_timing) == ("needs", "qualified", False)
    assert lead.stage_entered_at == ctx.clock.now()


def test_a_refused_move_leaves_the_lead_untouched(ctx, anna, new_lead, fetch, audit):
    lead_id = new_lead(anna, stage="presentation")
    with pytest.raises(GateRefused):
        move_stage(ctx, anna, lead_id, "won", value=0)
    lead = _one(fetch, Lead, lead_id)
    assert (lead.stage, lead.value) == ("presentation", None)
    assert [row[0] for row in audit("lead", lead_id)] == ["lead.create"]


def test_lost_needs_a_known_reason_and_cancels_open_callbacks(ctx, clock, anna, new_lead, fetch, audit):
    lead_id = new_lead(anna, stage="needs")
    callback_id = schedule_callback(ctx, anna, lead_id, clock.now() + timedelta(days=1))
    with pytest.raises(GateRefused) as error:
        move_stage(ctx, anna, lead_id, "lost")
    assert error.value.problems[0].field == "lost_reason"
    with pytest.raises(InvalidInput):
        move_stage(ctx, anna, lead_id, "lost", lost_reason="bored")
    move_stage(ctx, anna, lead_id, "lost", lost_reason="price")
    assert _one(fetch, Lead, lead_id).lost_reason == "price"
    assert _one(fetch, Callback, callback_id).status == "cancelled"
    assert ("lead.move", "stage", "needs", "lost") in [row[:4] for row in audit("lead", lead_id)]
    assert ("callback.cancel", "status", "open", "cancelled") in [row[:4] for row in audit("callback", callback_id)]


def test_won_needs_a_value_and_a_hot_stage(ctx, anna, new_lead, fetch):
    cold = new_lead(anna, stage="needs", value=1000)
    with pytest.raises(GateRefused) as error:
        move_stage(ctx, anna, cold, "won")
    assert error.value.problems[0].field == "stage"
    hot = new_lead(anna, stage="closing")
    with pytest.raises(GateRefused) as error:
        move_stage(ctx, anna, hot, "won")
    assert error.value.problems[0].field == "value"
    move_stage(ctx, anna, hot, "won", value=250_000)
    assert _one(fetch, Lead, hot).value == 250_000


def test_open_objection_blocks_won_until_the_head_overrides_with_a_reason(ctx, head, anna, new_lead, fetch, audit):
    lead_id = new_lead(anna, stage="closing", value=90_000)
    log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 300, no_next_step_reason="signing today",
                                  objections=(ObjectionDraft("price", handled=False),)))
    with pytest.raises(GateRefused) as error:
        move_stage(ctx, anna, lead_id, "won")
    assert [p.field for p in error.value.problems] == ["open_objection"]
    assert error.value.overridable and "head of sales can override" in error.value.message
    with pytest.raises(GateRefused):
        move_stage(ctx, anna, lead_id, "won", override_reason="I say so")
    with pytest.raises(GateRefused):
        move_stage(ctx, head, lead_id, "won", override_reason="   ")
    move_stage(ctx, head, lead_id, "won", override_reason="Price agreed by phone with the director")
    history = fetch(StageHistory, StageHistory.lead_id == lead_id)[-1]
    assert history.to_stage == "won" and history.override_reason == "Price agreed by phone with the director"
    assert history.moved_by_id == head.id
    rows = [row for row in audit("lead", lead_id) if row[0] == "lead.move"]
    assert ("lead.move", "override_reason", None, "Price agreed by phone with the director", head.id) in rows


def test_a_handled_objection_on_a_later_call_resolves_the_open_one(ctx, anna, new_lead):
    lead_id = new_lead(anna, stage="closing", value=90_000)
    log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 300, no_next_step_reason="-",
                                  objections=(ObjectionDraft("price", handled=False),)))
    log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 300, no_next_step_reason="-",
                                  objections=(ObjectionDraft("price", handled=True, answer="Discount 5%"),)))
    assert move_stage(ctx, anna, lead_id, "won").to_stage == "won"


def test_failed_critical_call_blocks_moving_forward_not_back(ctx, head, anna, new_lead):
    lead_id = new_lead(anna, stage="needs")
    first_contact = current_script_id(ctx, "First contact")
    logged = log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 200, no_next_step_reason="-", script_id=first_contact))
    answers = {key: "done" for key in ("greet", "confirm_contact", "need", "budget", "timing", "next_step")}
    review_call(ctx, head, logged.call_id, {**answers, "decision_maker": "missed"},
                item_notes={"decision_maker": "Never asked who decides"})
    with pytest.raises(GateRefused) as error:
        move_stage(ctx, anna, lead_id, "presentation")
    assert error.value.problems[0].field == "failed_call"
    assert move_stage(ctx, anna, lead_id, "personal_contact").to_stage == "personal_contact"
    move_stage(ctx, head, lead_id, "presentation", override_reason="Re-called, decision maker confirmed")


def test_manager_cannot_move_another_managers_lead(ctx, anna, boris, new_lead):
    lead_id = new_lead(anna)
    with pytest.raises(PermissionDenied) as error:
        move_stage(ctx, boris, lead_id, "identification")
    assert "belongs to another manager" in error.value.message


def test_mark_junk_then_reopen_clears_the_marks(ctx, clock, anna, new_lead, fetch):
    lead_id = new_lead(anna, stage="identification")
    with pytest.raises(GateRefused):
        mark_junk(ctx, anna, lead_id, None)
    move = mark_junk(ctx, anna, lead_id, "spam")
    assert move.to_stage == "disqualified"
    lead = _one(fetch, Lead, lead_id)
    assert (lead.qualification, lead.junk_reason, lead.junk_marked_by_id) == ("junk", "spam", anna.id)
    assert lead.junk_marked_at == clock.now()
    clock.advance(timedelta(hours=1))
    move_stage(ctx, anna, lead_id, "qualification")
    lead = _one(fetch, Lead, lead_id)
    assert (lead.stage, lead.qualification, lead.junk_reason, lead.junk_marked_at) == ("qualification", "unknown", None, None)


def test_disqualify_sets_disqualified_status(ctx, anna, new_lead, fetch):
    lead_id = new_lead(anna)
    move_stage(ctx, anna, lead_id, "disqualified", disqualify_reason="duplicate")
    lead = _one(fetch, Lead, lead_id)
    assert (lead.qualification, lead.junk_reason) == ("disqualified", "duplicate")
