"""The head's reviews: call scores against the script, lead verdicts and the manager's actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.errors import InvalidInput, NotFound, PermissionDenied
from salescockpit.services.reviews import complete_action, record_lead_review, review_call
from salescockpit.services.scripts import current_script_id
from salescockpit.store.tables import CallReview, CallReviewItem, LeadReview

FIRST_CONTACT_KEYS = ("greet", "confirm_contact", "decision_maker", "need", "budget", "timing", "next_step")


def _answers(**overrides):
    return {key: overrides.get(key, "done") for key in FIRST_CONTACT_KEYS}


@pytest.fixture
def call_id(ctx, anna, new_lead):
    lead_id = new_lead(anna)
    return log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 120, no_next_step_reason="-")).call_id


def test_head_scores_a_call_against_the_current_first_contact_script(ctx, head, call_id, fetch, audit):
    result = review_call(ctx, head, call_id, _answers(budget="missed", timing="na"), note="Good opening")
    assert result.passed is True and result.failed_critical is False and result.missed == ("budget",)
    [review] = fetch(CallReview, CallReview.call_id == call_id)
    assert (review.score, review.passed, review.reviewer_id) == (result.score, True, head.id)
    assert review.script_id == current_script_id(ctx, "First contact")
    items = {item.item_key: item.answer for item in fetch(CallReviewItem, CallReviewItem.review_id == review.id)}
    assert items == _answers(budget="missed", timing="na")
    assert audit("call_review", review.id)[0][0] == "call.review"


def test_critical_misses_need_a_note_each(ctx, head, call_id, fetch):
    answers = _answers(decision_maker="missed", need="missed", budget="missed")
    with pytest.raises(InvalidInput) as error:
        review_call(ctx, head, call_id, answers, item_notes={"need": "Skipped the needs"})
    assert error.value.field == "item_notes"
    assert "decision maker" in error.value.message and "need" not in error.value.message.split(":")[1]
    assert fetch(CallReview) == []
    result = review_call(ctx, head, call_id, answers,
                         item_notes={"need": "Skipped the needs", "decision_maker": "Never asked"})
    assert result.failed_critical and result.passed is False and result.score == 0


def test_incomplete_or_unknown_answers_are_refused(ctx, head, call_id):
    with pytest.raises(InvalidInput) as error:
        review_call(ctx, head, call_id, {"greet": "done"})
    assert error.value.field == "answers" and "Not answered" in error.value.message
    with pytest.raises(InvalidInput):
        review_call(ctx, head, call_id, {**_answers(), "smile": "done"})
    with pytest.raises(NotFound):
        review_call(ctx, head, 999, _answers())


def test_re_review_replaces_items_and_audits_the_old_and_new_score(ctx, head, call_id, fetch, audit):
    first = review_call(ctx, head, call_id, _answers())
    second = review_call(ctx, head, call_id, _answers(budget="missed"))
    [review] = fetch(CallReview)
    assert review.score == second.score != first.score
    assert len(fetch(CallReviewItem)) == len(FIRST_CONTACT_KEYS)
    assert ("call.rereview", "score", str(first.score), str(second.score)) in [r[:4] for r in audit("call_review", review.id)]


def test_managers_cannot_score_calls_or_change_the_heads_review(ctx, head, anna, call_id, fetch):
    review_call(ctx, head, call_id, _answers())
    with pytest.raises(PermissionDenied) as error:
        review_call(ctx, anna, call_id, _answers())
    assert error.value.message == "Only the head of sales can score calls."
    assert fetch(CallReview)[0].reviewer_id == head.id


def test_lead_review_action_goes_to_the_owner_who_completes_it(ctx, clock, head, anna, boris, new_lead, fetch):
    lead_id = new_lead(anna)
    clock.advance(timedelta(hours=14))  # 00:00 in Moscow on Tuesday, still Monday in UTC
    with pytest.raises(InvalidInput) as error:
        record_lead_review(ctx, head, lead_id, "action")
    assert error.value.field == "action_text"
    review_id = record_lead_review(ctx, head, lead_id, "action", "Call back before noon")
    [review] = fetch(LeadReview, LeadReview.id == review_id)
    assert (review.day, review.assignee_id, review.action_text) == (date(2026, 11, 24), anna.id, "Call back before noon")
    with pytest.raises(PermissionDenied):
        complete_action(ctx, boris, review_id)
    complete_action(ctx, anna, review_id)
    [review] = fetch(LeadReview, LeadReview.id == review_id)
    assert (review.action_done_at, review.action_done_by_id) == (clock.now(), anna.id)
    with pytest.raises(InvalidInput, match="already done"):
        complete_action(ctx, head, review_id)


def test_lead_review_ok_has_no_assignee_and_managers_cannot_review(ctx, head, anna, new_lead, fetch):
    lead_id = new_lead(anna)
    review_id = record_lead_review(ctx, head, lead_id, "ok")
    assert fetch(LeadReview, LeadReview.id == review_id)[0].assignee_id is None
    with pytest.raises(InvalidInput):
        complete_action(ctx, head, review_id)
    with pytest.raises(PermissionDenied, match="head of sales"):
        record_lead_review(ctx, anna, lead_id, "ok")
    with pytest.raises(InvalidInput):
        record_lead_review(ctx, head, lead_id, "meh")
