"""Several marked leads get one verdict in one transaction; one refusal saves none."""

from __future__ import annotations

import pytest

from salescockpit.services.errors import NotFound
from salescockpit.services.reviews import record_lead_review
from salescockpit.store.tables import LeadReview


def test_several_leads_get_one_action_each_in_one_call(ctx, head, anna, boris, new_lead, fetch, audit):
    leads = [new_lead(anna, name="A1"), new_lead(anna, name="A2"), new_lead(boris, name="B1")]
    review_ids = record_lead_review(ctx, head, leads, "action", "Call back before noon and set the next step")
    assert len(review_ids) == 3
    rows = sorted(fetch(LeadReview), key=lambda row: row.lead_id)
    assert [(row.lead_id, row.assignee_id, row.action_text) for row in rows] == [
        (leads[0], anna.id, "Call back before noon and set the next step"),
        (leads[1], anna.id, "Call back before noon and set the next step"),
        (leads[2], boris.id, "Call back before noon and set the next step"),
    ]
    assert all(audit("lead_review", review_id) for review_id in review_ids)


def test_one_missing_lead_saves_no_verdict(ctx, head, anna, new_lead, fetch):
    lead_id = new_lead(anna, name="A1")
    with pytest.raises(NotFound):
        record_lead_review(ctx, head, [lead_id, 999_999], "ok")
    assert fetch(LeadReview) == []
