"""Campaigns in the Accounts mode: the head starts one seeing how many clients it picks first; a
manager lists the campaign calls they owe, logs one with a referral, and the new lead's card
says who referred it."""

from __future__ import annotations

from sqlalchemy import text
from textual.widgets import DataTable, Input, Select, Static

from salescockpit.tui.modals.campaign_calls import CampaignCallsList
from salescockpit.tui.modals.campaign_form import CampaignForm
from salescockpit.tui.modals.log_call import LogCallForm
from tests.tui.test_accounts_screen import open_accounts
from tests.tui.test_compliance import settle


def rows(database, sql: str, **params):
    with database.read() as session:
        return session.execute(text(sql), params).all()


async def test_the_head_starts_a_campaign_seeing_how_many_clients_it_picks(make_app, open_db):
    [(petrova_clients,)] = rows(open_db, "SELECT COUNT(*) FROM clients c JOIN users u ON u.id = c.manager_id"
                                         " WHERE u.login = 'petrova'")
    assert petrova_clients >= 1
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_accounts(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CampaignForm)
        await pilot.press(*"Допродажи")
        form.query_one("#campaign-manager", Select).value = "petrova"
        await settle(pilot)
        count = str(form.query_one("#campaign-count", Static).render())
        assert f"picks {petrova_clients} client(s): {petrova_clients} call task(s) will be made" in count
        assert rows(open_db, "SELECT id FROM campaigns WHERE name = 'Допродажи'") == []  # nothing made yet
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CampaignForm)
    made = rows(open_db, "SELECT t.kind, u.login, t.status FROM client_tasks t JOIN campaigns c ON c.id = t.campaign_id"
                         " JOIN users u ON u.id = t.manager_id WHERE c.name = 'Допродажи'")
    assert made == [("upsell", "petrova", "open")] * petrova_clients


async def test_a_manager_may_not_start_a_campaign(make_app, open_db):
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_accounts(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen


async def test_a_manager_lists_only_the_campaign_calls_they_owe(make_app, open_db):
    [(owed,)] = rows(open_db, "SELECT COUNT(*) FROM client_tasks t JOIN users u ON u.id = t.manager_id"
                              " WHERE u.login = 'petrova' AND t.status = 'open'")
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_accounts(pilot)
        await pilot.press("t")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert owed >= 1 and table.row_count == owed
        assert {str(table.get_row_at(r)[4]) for r in range(owed)} == {"Мария Петрова"}


async def test_a_campaign_call_is_logged_with_a_referral_that_becomes_a_lead(make_app, open_db):
    [(owed,)] = rows(open_db, "SELECT COUNT(*) FROM client_tasks WHERE status = 'open'")
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_accounts(pilot)
        await pilot.press("t")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, CampaignCallsList) and listing.query_one(DataTable).row_count == owed
        chosen = listing.calls[0]
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogCallForm) and chosen.client_name in str(form.query_one("#campaign-task").render())
        form.query_one("#outcome", Select).value = "reached"
        form.query_one("#duration", Input).value = "3"
        form.query_one("#no-next-step", Input).value = "кампания"
        form.query_one("#campaign-outcome", Select).value = "referral"
        await pilot.pause()
        form.query_one("#referral-name", Input).value = "Мария Кузнецова"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # a referral needs a phone or a company
        assert "phone or company" in str(form.query_one("#error-form", Static).render())
        form.query_one("#referral-company", Input).value = "ООО Фиалка"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CampaignCallsList)  # back to the list, one call fewer
        assert app.screen.query_one(DataTable).row_count == owed - 1
        counted = str(app.screen.query_one("#campaign-summaries", Static).render())
        assert f"open {owed - 1}" in counted and "referral given 1" in counted  # each campaign counted
        [(status, outcome, call_lead, lead_id, task_manager)] = rows(
            open_db, "SELECT t.status, t.outcome, k.lead_id, l.id, t.manager_id FROM client_tasks t"
                     " JOIN calls k ON k.id = t.call_id JOIN leads l ON l.referred_by_client_id = t.client_id"
                     " WHERE t.id = :id", id=chosen.task_id)
        assert (status, outcome, call_lead) == ("done", "referral", chosen.lead_id)
        [(source, company, owner)] = rows(open_db, "SELECT source, company, owner_id FROM leads WHERE id = :id",
                                          id=lead_id)
        assert (source, company, owner) == ("referral", "ООО Фиалка", task_manager)  # the client's manager's lead
        await pilot.press("escape")
        app.open_lead(lead_id)
        await settle(pilot)
        facts = str(app.screen.query_one("#card-facts-text", Static).render())
        assert "Referred by" in facts and chosen.client_name in facts


def test_campaign_calls_snapshot_at_120x40(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await open_accounts(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=run_before)


def test_campaign_form_snapshot_at_120x40(make_app, snap_compare):
    async def run_before(pilot) -> None:
        await open_accounts(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Допродажи")
        await settle(pilot)

    assert snap_compare(make_app("head"), terminal_size=(120, 40), run_before=run_before)


async def test_a_call_from_the_lead_card_offers_the_campaign_and_without_an_outcome_leaves_it_open(make_app, open_db):
    [(task_id, lead_id, client)] = rows(open_db, "SELECT t.id, c.lead_id, c.name FROM client_tasks t JOIN clients c"
                                                 " ON c.id = t.client_id WHERE t.status = 'open' ORDER BY t.id LIMIT 1")
    [(calls_before,)] = rows(open_db, "SELECT COUNT(*) FROM calls WHERE lead_id = :id", id=lead_id)
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_accounts(pilot)
        app.open_lead(lead_id)
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogCallForm) and client in str(form.query_one("#campaign-task").render())
        form.query_one("#outcome", Select).value = "no_answer"
        form.query_one("#duration", Input).value = "0"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogCallForm)
    assert rows(open_db, "SELECT COUNT(*) FROM calls WHERE lead_id = :id", id=lead_id) == [(calls_before + 1,)]
    assert rows(open_db, "SELECT status, outcome, call_id FROM client_tasks WHERE id = :id", id=task_id) == [
        ("open", None, None)]
