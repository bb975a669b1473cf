"""Which script a call is scored against when it names none."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.errors import PermissionDenied
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.scripts import current_script_id, set_default_script
from salescockpit.store.tables import Call, Lead


def _call(ctx, actor, lead_id):
    return log_call(ctx, actor, CallDraft(lead_id=lead_id, direction="out", outcome="no_answer", duration_seconds=0))


def _script_of(ctx, call_id):
    with ctx.db.read() as session:
        return session.get(Call, call_id).script_id


def test_the_lead_stage_picks_the_kind_of_call(ctx, anna):
    early = create_lead(ctx, anna, LeadDraft(name="Early"))
    late = create_lead(ctx, anna, LeadDraft(name="Late", stage="presentation", value=1000,
                                          bant_budget=True, bant_authority=True, bant_need=True, bant_timing=True))
    assert _script_of(ctx, _call(ctx, anna, early).call_id) == current_script_id(ctx, "First contact")
    assert _script_of(ctx, _call(ctx, anna, late).call_id) == current_script_id(ctx, "Presentation & closing")


def test_a_manager_default_script_wins_and_only_the_head_sets_it(ctx, head, anna):
    lead = create_lead(ctx, anna, LeadDraft(name="Any"))
    with pytest.raises(PermissionDenied):
        set_default_script(ctx, anna, "anna", "Presentation & closing")
    set_default_script(ctx, head, "anna", "Presentation & closing")
    assert _script_of(ctx, _call(ctx, anna, lead).call_id) == current_script_id(ctx, "Presentation & closing")
    set_default_script(ctx, head, "anna", None)
    assert _script_of(ctx, _call(ctx, anna, lead).call_id) == current_script_id(ctx, "First contact")
