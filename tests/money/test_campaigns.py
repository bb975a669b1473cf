"""Campaigns: the filter picks clients, each gets one call task for its manager (never two), and a
campaign call's outcome closes the task in the call's transaction; a referral becomes a lead."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import update

from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.campaign_calls import CampaignOutcome, ReferralDraft
from salescockpit.services.campaigns import CampaignDraft, add_campaign, preview_campaign
from salescockpit.services.contracts import ContractDraft, create_contract
from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.store.client_task_tables import Campaign, ClientTask
from salescockpit.store.money_tables import Client
from salescockpit.store.queries.campaigns import (
    ClientFilter,
    campaign_call_for_lead,
    campaign_summaries,
    open_campaign_calls,
    picked_clients,
)
from salescockpit.store.tables import Call, Lead
from tests.conftest import TEST_NOW

DUE = date(2026, 12, 1)


@pytest.fixture
def crm_book(money_ctx, book, anna):
    """The book, and Василёк bought «Внедрение CRM» on 2026-06-01 (its only contract)."""
    book["c060"] = create_contract(money_ctx, anna, ContractDraft(
        "В-60", book["vasilek"], date(2026, 6, 1), Decimal("1000.00"), [(date(2026, 7, 1), Decimal("1000.00"))],
        "Внедрение CRM"))
    return book


def tasks_of(fetch, campaign_id):
    return {task.client_id: task for task in fetch(ClientTask, ClientTask.campaign_id == campaign_id)}


@pytest.mark.parametrize(("fields", "picked"), [
    ({}, {"romashka", "lutik", "vasilek"}),
    ({"product": "  внедрение  crm"}, {"vasilek"}),  # the subject in any case (Cyrillic too)
    ({"bought_before": date(2026, 10, 1)}, {"vasilek"}),  # the newest contract strictly before
    ({"bought_after": date(2026, 9, 15)}, {"romashka", "lutik"}),  # Лютик's newest is 2026-10-01
    ({"manager_login": "Boris"}, {"lutik"}),
])
def test_the_filter_picks_clients_and_each_gets_a_task_for_its_manager(money_ctx, crm_book, head, anna, boris,
                                                                      fetch, fields, picked):
    result = add_campaign(money_ctx, head, CampaignDraft("Допродажи", "upsell", DUE, **fields))
    tasks = tasks_of(fetch, result.campaign_id)
    assert set(tasks) == {crm_book[key] for key in picked}
    assert (result.picked, result.created, result.existed) == (len(picked), len(picked), False)
    managers = {crm_book["romashka"]: anna.id, crm_book["vasilek"]: anna.id, crm_book["lutik"]: boris.id}
    for client_id, task in tasks.items():
        assert (task.manager_id, task.kind, task.due_date, task.status) == (managers[client_id], "upsell", DUE, "open")


def test_adding_the_same_campaign_twice_does_not_double_its_tasks(money_ctx, crm_book, head, fetch, audit):
    draft = CampaignDraft("Рекомендации", "referral", DUE, bought_after=date(2026, 9, 15))
    first = add_campaign(money_ctx, head, draft)
    again = add_campaign(money_ctx, head, draft)
    assert again.campaign_id == first.campaign_id and again.existed
    assert (again.picked, again.created, again.already) == (2, 0, 2)
    assert len(fetch(ClientTask)) == 2 and len(fetch(Campaign)) == 1
    # a new contract makes the filter pick one client more: the second run adds just that one
    create_contract(money_ctx, head, ContractDraft("В-61", crm_book["vasilek"], date(2026, 11, 1), Decimal("5.00"),
                                                   [(date(2026, 12, 1), Decimal("5.00"))]))
    third = add_campaign(money_ctx, head, draft)
    assert (third.created, third.already) == (1, 2) and len(fetch(ClientTask)) == 3
    assert [row[0] for row in audit("campaign", first.campaign_id)] == ["campaign.create", "campaign.extend"]
    with pytest.raises(InvalidInput, match="exists already"):
        add_campaign(money_ctx, head, CampaignDraft("Рекомендации", "upsell", DUE))
    assert len(fetch(ClientTask)) == 3


def test_only_the_head_starts_a_campaign_and_a_preview_writes_nothing(money_ctx, crm_book, head, anna, fetch):
    with pytest.raises(PermissionDenied):
        add_campaign(money_ctx, anna, CampaignDraft("Мои", "upsell", DUE))
    preview = preview_campaign(money_ctx, head, CampaignDraft("Все", "upsell", DUE))
    assert (preview.picked, preview.created, preview.campaign_id) == (3, 3, None)
    assert fetch(Campaign) == [] and fetch(ClientTask) == []
    with pytest.raises(InvalidInput) as refused:
        add_campaign(money_ctx, head, CampaignDraft(" ", "sell", date(2026, 11, 1)))
    assert set(refused.value.errors) == {"name", "purpose", "due_date"}


@pytest.fixture
def called_client(money_ctx, crm_book, head, anna, new_lead):
    """Ромашка made from anna's lead, in a referral campaign: (its lead id, its open task)."""
    lead_id = new_lead(anna, name="Пётр Сидоров", company="ООО Ромашка")
    with money_ctx.db.write() as session:
        session.execute(update(Client).where(Client.id == crm_book["romashka"]).values(lead_id=lead_id))
    result = add_campaign(money_ctx, head, CampaignDraft("Рекомендации", "referral", DUE, manager_login="anna"))
    with money_ctx.db.read() as session:
        [task] = [c for c in open_campaign_calls(session, viewer=anna) if c.client_id == crm_book["romashka"]]
    return lead_id, task, result.campaign_id


def call(lead_id, outcome):
    return CallDraft(lead_id, "out", "reached", 120, no_next_step_reason="кампания", campaign_outcome=outcome)


def test_a_referral_given_on_the_call_becomes_a_lead_and_closes_the_task(money_ctx, crm_book, anna, boris, head,
                                                                         fetch, audit, called_client):
    lead_id, task, campaign_id = called_client
    with money_ctx.db.read() as session:  # the call form finds the lead's campaign call (its manager's, not boris's)
        assert campaign_call_for_lead(session, lead_id, viewer=anna).task_id == task.task_id
        assert campaign_call_for_lead(session, lead_id, viewer=boris) is None
    referral = ReferralDraft("Мария Кузнецова", "+7 495 765-43-21", "ООО Фиалка")
    logged = log_call(money_ctx, anna, call(lead_id, CampaignOutcome(task.task_id, "referral", referral)))
    [done] = fetch(ClientTask, ClientTask.id == task.task_id)
    assert (done.status, done.outcome, done.call_id, done.done_at) == ("done", "referral", logged.call_id, TEST_NOW)
    with money_ctx.db.read() as session:
        assert campaign_call_for_lead(session, lead_id, viewer=anna) is None
    [lead] = fetch(Lead, Lead.id == logged.referral_lead_id)
    assert (lead.name, lead.company, lead.source, lead.owner_id, lead.referred_by_client_id) == (
        "Мария Кузнецова", "ООО Фиалка", "referral", anna.id, crm_book["romashka"])
    assert [row[0] for row in audit("lead", lead.id)] == ["lead.create", "lead.referral"]
    assert ("client_task.done", "outcome", None, "referral", anna.id) in audit("client_task", task.task_id)
    with money_ctx.db.read() as session:
        [summary] = campaign_summaries(session, viewer=head)
    assert (summary.campaign_id, summary.open, summary.done, summary.outcomes) == (campaign_id, 1, 1, {"referral": 1})


def test_a_wrong_outcome_writes_neither_the_call_nor_a_lead(money_ctx, crm_book, anna, boris, fetch, called_client):
    lead_id, task, _campaign_id = called_client
    with pytest.raises(InvalidInput) as refused:
        log_call(money_ctx, anna, call(lead_id, CampaignOutcome(task.task_id, "referral", ReferralDraft("Мария"))))
    assert "phone or company" in refused.value.errors["referral"]
    other_lead = fetch(Lead)[0].id
    log_call(money_ctx, anna, call(lead_id, CampaignOutcome(task.task_id, "not_now")))
    with pytest.raises(InvalidInput, match="already closed"):
        log_call(money_ctx, anna, call(other_lead, CampaignOutcome(task.task_id, "refused")))
    assert len(fetch(Call)) == 1 and len(fetch(Lead)) == 1
    [done] = fetch(ClientTask, ClientTask.id == task.task_id)
    assert (done.status, done.outcome) == ("done", "not_now")


def test_a_manager_sees_only_the_campaign_calls_they_owe(money_ctx, crm_book, head, anna, boris):
    add_campaign(money_ctx, head, CampaignDraft("Допродажи", "upsell", DUE))
    with money_ctx.db.read() as session:
        assert {c.client_name for c in open_campaign_calls(session, viewer=anna)} == {"ООО Ромашка", "ООО Василёк"}
        assert {c.client_name for c in open_campaign_calls(session, viewer=boris)} == {"ООО Лютик"}
        assert len(open_campaign_calls(session, viewer=head)) == 3
        [mine] = campaign_summaries(session, viewer=boris)
        assert (mine.open, mine.done) == (1, 0)
        assert [row.client_id for row in picked_clients(session, ClientFilter(), viewer=boris)] == [crm_book["lutik"]]


def test_one_call_gives_both_the_reminder_and_the_campaign_outcome_in_one_write(money_ctx, crm_book, anna, head,
                                                                                fetch, called_client):
    """A client who owes money and is in a campaign: the form asks both; one call closes both tasks."""
    from salescockpit.services.reminder_outcomes import OutcomeDraft, log_reminder_call
    from salescockpit.services.reminders import run_reminders
    from salescockpit.store.money_tables import Instalment

    lead_id, task, _campaign_id = called_client
    run_reminders(money_ctx, head, date(2026, 11, 23))
    instalment = fetch(Instalment, Instalment.contract_id == crm_book["c041"])[1]
    [reminder] = fetch(ClientTask, ClientTask.instalment_id == instalment.id, ClientTask.status == "open")
    logged, _made = log_reminder_call(money_ctx, anna, call(lead_id, CampaignOutcome(task.task_id, "not_now")),
                                      OutcomeDraft(reminder.id, "paid", note="оплатили вчера"))
    [campaign_task] = fetch(ClientTask, ClientTask.id == task.task_id)
    [reminder_task] = fetch(ClientTask, ClientTask.id == reminder.id)
    assert (campaign_task.status, campaign_task.outcome, campaign_task.call_id) == ("done", "not_now", logged.call_id)
    assert (reminder_task.status, reminder_task.outcome, reminder_task.call_id) == ("done", "paid", logged.call_id)
    assert len(fetch(Call, Call.lead_id == lead_id)) == 1
