"""The head's reviews: call scores against the script, lead verdicts and the manager's actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

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


def test_a_second_verdict_on_the_same_day_replaces_the_first_audited(ctx, clock, head, anna, new_lead, fetch, audit):
    from salescockpit.store.queries.queue import pending_action_ids

    lead_id = new_lead(anna)
    first = record_lead_review(ctx, head, lead_id, "action", "Call back before noon")
    assert record_lead_review(ctx, head, lead_id, "action", "Call back before noon") == first  # the same: no change
    clock.advance(timedelta(minutes=5))
    assert record_lead_review(ctx, head, lead_id, "ok") == first
    [review] = fetch(LeadReview, LeadReview.lead_id == lead_id)
    assert (review.verdict, review.action_text, review.assignee_id) == ("ok", "", None)
    assert review.created_at == clock.now()
    changes = {row[1]: row[2:4] for row in audit("lead_review", first) if row[0] == "lead.review.change"}
    assert changes["verdict"] == ("action", "ok")
    assert changes["action_text"] == ("Call back before noon", "")
    assert changes["assignee_id"] == (str(anna.id), None)
    assert [row[0] for row in audit("lead_review", first)].count("lead.review") == 1
    assert record_lead_review(ctx, head, lead_id, "action", "Send the offer") == first
    with ctx.db.read() as session:
        assert pending_action_ids(session, lead_id) == [first]
    clock.advance(timedelta(days=1))  # a new team-day: a new verdict
    assert record_lead_review(ctx, head, lead_id, "ok") != first
    assert len(fetch(LeadReview, LeadReview.lead_id == lead_id)) == 2


def test_undo_takes_back_the_verdict_and_the_managers_copy_of_the_action(ctx, head, anna, new_lead, fetch, audit):
    from salescockpit.services.reviews import undo_lead_review
    from salescockpit.store.queries.queue import pending_action_ids
    from salescockpit.store.queries.queue_verdicts import undoable_verdicts

    first, second = new_lead(anna), new_lead(anna, name="Пётр Сидоров")
    ok_id = record_lead_review(ctx, head, first, "ok")
    action_id = record_lead_review(ctx, head, second, "action", "Send the offer")
    with ctx.db.read() as session:
        stack = undoable_verdicts(session, head, date(2026, 11, 23))
    assert [(v.review_id, v.lead_name) for v in stack] == [(action_id, "Пётр Сидоров"), (ok_id, "Иван Иванов")]
    [undone] = undo_lead_review(ctx, head, action_id)
    assert (undone.lead_id, undone.verdict, undone.action_text) == (second, "action", "Send the offer")
    assert fetch(LeadReview, LeadReview.lead_id == second) == []
    with ctx.db.read() as session:
        assert pending_action_ids(session, second) == []
        assert [v.review_id for v in undoable_verdicts(session, head, date(2026, 11, 23))] == [ok_id]
    removed = {row[1]: row[2:4] for row in audit("lead_review", action_id) if row[0] == "lead.review.undo"}
    assert removed == {"verdict": ("action", None), "action_text": ("Send the offer", None),
                       "assignee_id": (str(anna.id), None), "day": ("2026-11-23", None)}
    assert audit("lead_review", action_id)[-1][4] == head.id
    with pytest.raises(NotFound):
        undo_lead_review(ctx, head, action_id)


def test_undo_of_several_verdicts_is_one_call_and_all_or_nothing(ctx, clock, head, anna, new_lead, fetch):
    from salescockpit.services.reviews import undo_lead_review

    leads = [new_lead(anna, name=f"Лид {n}") for n in range(3)]
    ids = [record_lead_review(ctx, head, lead_id, "ok") for lead_id in leads]
    complete_id = record_lead_review(ctx, head, new_lead(anna), "action", "Call")
    complete_action(ctx, anna, complete_id)
    with pytest.raises(InvalidInput, match="already done"):
        undo_lead_review(ctx, head, [ids[0], complete_id])
    assert len(fetch(LeadReview, LeadReview.id.in_(ids))) == 3  # nothing undone
    assert [u.lead_id for u in undo_lead_review(ctx, head, ids[:2])] == leads[:2]
    assert [r.id for r in fetch(LeadReview, LeadReview.id.in_(ids))] == [ids[2]]


def test_undo_is_the_heads_own_and_only_today(ctx, clock, head, anna, new_lead):
    from salescockpit.services.reviews import undo_lead_review
    from salescockpit.services.users import add_user
    from salescockpit.services.actor import load_actor

    review_id = record_lead_review(ctx, head, new_lead(anna), "ok")
    with pytest.raises(PermissionDenied, match="head of sales"):
        undo_lead_review(ctx, anna, review_id)
    add_user(ctx, "vera", "Вера Лебедева", "head")
    with pytest.raises(PermissionDenied, match="another head"):
        undo_lead_review(ctx, load_actor(ctx, "vera"), review_id)
    clock.advance(timedelta(hours=14))  # 00:00 in Moscow: tomorrow
    with pytest.raises(InvalidInput, match="today's"):
        undo_lead_review(ctx, head, review_id)


def test_the_action_of_a_junk_recheck_is_not_on_the_undo_stack(ctx, clock, head, anna, new_lead):
    from salescockpit.services.reviews import undo_lead_review
    from salescockpit.services.rechecks import record_recheck
    from salescockpit.services.stages import mark_junk
    from salescockpit.store.queries.queue_verdicts import undoable_verdicts

    lead_id = new_lead(anna, stage="identification")
    mark_junk(ctx, anna, lead_id, "wrong_contact")
    record_recheck(ctx, head, lead_id, "returned")
    with ctx.db.read() as session:
        assert undoable_verdicts(session, head, date(2026, 11, 23)) == []
        [review_id] = session.scalars(select(LeadReview.id).where(LeadReview.lead_id == lead_id))
    with pytest.raises(InvalidInput, match="re-check"):
        undo_lead_review(ctx, head, review_id)


def test_the_undo_stack_is_the_heads_own_and_a_manager_reads_nothing_in_it(ctx, head, anna, new_lead):
    from salescockpit.store.queries.queue_verdicts import undoable_verdicts

    review_id = record_lead_review(ctx, head, new_lead(anna), "action", "Call")
    with ctx.db.read() as session:
        assert [v.review_id for v in undoable_verdicts(session, head, date(2026, 11, 23))] == [review_id]
        # Anna owns the lead, but the verdict is not hers to take back.
        assert undoable_verdicts(session, anna, date(2026, 11, 23)) == []
