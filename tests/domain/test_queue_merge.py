"""Clients merged into the leads' review queue by severity, each list's own order kept."""

from __future__ import annotations

from salescockpit.domain.client_reasons import ClientReason
from salescockpit.domain.queue_merge import LAST_PLACE, client_place, merge_queue


def test_a_client_goes_before_the_first_lead_milder_than_it_and_after_its_equals():
    leads = [("lead-a", 1), ("lead-b", 2), ("lead-c", 2), ("lead-d", 6)]
    clients = [("dispute", 1), ("broken", 2), ("silent", 7)]
    merged = merge_queue(leads, lambda lead: lead[1], clients, lambda client: client[1])
    assert [item[0] for item in merged] == ["lead-a", "dispute", "lead-b", "lead-c", "broken", "lead-d", "silent"]


def test_each_lists_own_order_is_kept_even_when_the_leads_are_not_sorted_by_severity():
    leads = [("fresh-mild", 7), ("old-bad", 1)]  # the morning list puts what is fresh first
    merged = merge_queue(leads, lambda lead: lead[1], [("due-soon", 4)], lambda client: client[1])
    assert [item[0] for item in merged] == ["due-soon", "fresh-mild", "old-bad"]
    assert merge_queue([], len, [], len) == []


def test_a_clients_place_is_its_worst_reason_or_a_reminder_owed_today():
    assert client_place([ClientReason.CLIENT_SILENT], has_reminder_due=False) == 7
    assert client_place([ClientReason.CLIENT_SILENT], has_reminder_due=True) == 2
    assert client_place([ClientReason.DUE_SOON_NOT_CALLED, ClientReason.DISPUTE], has_reminder_due=False) == 1
    assert client_place([ClientReason.INSTALMENT_OVERDUE], has_reminder_due=False) == 2
    assert client_place([], has_reminder_due=False) == LAST_PLACE


def test_the_mornings_actions_overdue_stay_first_and_the_places_bound_the_list():
    leads = [("action-overdue", 6), ("lead-b", 2), ("lead-c", 5)]
    clients = [("broken", 2), ("due-soon", 4)]
    merged = merge_queue(leads, lambda lead: lead[1], clients, lambda client: client[1], keep_first=1, places=4)
    assert [item[0] for item in merged] == ["action-overdue", "lead-b", "broken", "due-soon"]
    assert merge_queue(leads, lambda lead: lead[1], clients, lambda client: client[1], places=0) == []
