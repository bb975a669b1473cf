"""Marks on a call's recording: the head ties a moment to an item or objection; who may see them."""

from __future__ import annotations

import pytest

from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.errors import InvalidInput, NotFound, PermissionDenied
from salescockpit.services.marks import add_mark, call_marks, lead_marks
from salescockpit.store.listening_tables import ReviewMark


@pytest.fixture
def lead_id(anna, new_lead):
    return new_lead(anna)


@pytest.fixture
def call_id(ctx, anna, lead_id):
    return log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 120, no_next_step_reason="-")).call_id


def test_the_head_marks_moments_and_reads_them_in_recording_order(ctx, head, anna, call_id, lead_id, fetch, audit, clock):
    later = add_mark(ctx, head, call_id, 42.5, "item", "budget", " asked late ")
    earlier = add_mark(ctx, head, call_id, 7.25, "objection", "price")
    assert [m.at_ms for m in call_marks(ctx, head, call_id)] == [7250, 42500]
    assert call_marks(ctx, anna, call_id) == [earlier, later]  # the lead's owner reads them too
    assert lead_marks(ctx, anna, lead_id) == {call_id: [earlier, later]}
    [row, _other] = fetch(ReviewMark)
    assert (row.call_id, row.author_id, row.at_ms, row.target_kind, row.target_key, row.note) == (
        call_id, head.id, 42500, "item", "budget", "asked late")
    assert row.created_at == clock.now()
    assert audit("review_mark", later.id)[0][0] == "call.mark"


def test_only_the_head_marks_and_a_mark_needs_a_moment(ctx, head, anna, call_id, fetch):
    with pytest.raises(PermissionDenied):
        add_mark(ctx, anna, call_id, 3.0, "item", "greet")
    with pytest.raises(InvalidInput):
        add_mark(ctx, head, call_id, -1, "item", "greet")
    with pytest.raises(InvalidInput):
        add_mark(ctx, head, call_id, 1, "lead", "greet")
    with pytest.raises(NotFound):
        add_mark(ctx, head, 999_999, 1.0)
    assert fetch(ReviewMark) == []


def test_another_manager_sees_no_marks_of_a_lead_not_theirs(ctx, head, boris, call_id, lead_id):
    add_mark(ctx, head, call_id, 1.0, "item", "greet")
    with pytest.raises(PermissionDenied):
        call_marks(ctx, boris, call_id)
    assert lead_marks(ctx, boris, lead_id) == {}
