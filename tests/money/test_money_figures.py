"""The money figures (plan, fact, forecast, overdue and its change, collected on time, churn, broken
promises, campaign outcomes) against sums worked out by hand from rows built here; the report's
money section in every format; `report --month`; `plan set|list`. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from salescockpit.reports import build_month_report, build_report, render
from salescockpit.services.contracts import ContractDraft, create_contract
from salescockpit.services.clients import ClientDraft, create_client
from salescockpit.services.errors import PermissionDenied
from salescockpit.services.payments import HandPayment, record_payment
from salescockpit.services.plans import set_plan
from salescockpit.store.client_task_tables import Campaign, ClientTask
from salescockpit.store.money_tables import PromiseToPay
from salescockpit.store.queries import money_figures as queries
from salescockpit.store.queries.plans import plan_rows
from tests.money.test_money_cli import run  # noqa: F401  (the CLI on this test's database)

DAY = date(2026, 11, 23)  # the clock's day (10:00 in Moscow)
UTC = timezone.utc


def _pay(ctx, head, contract_id, day, amount):
    record_payment(ctx, head, HandPayment(contract_id, day, Decimal(amount)))


@pytest.fixture
def money_book(money_ctx, book, head, anna, boris):
    """The book's contracts paid as below, one more contract each way, plans, promises, campaign calls.

    anna: 2026-041 (30 000 due 15.10, 15.11, 15.12): 30 000 on 14.10, 10 000 on 20.11, 5 000 on 23.11;
          Василёк: 5 000 due 27.11 (signed 10.11).
    boris: Л-50/26 (4 000 due 20.09, 6 000 due 20.10): 4 000 on 25.09, 6 000 on 20.10;
           Л-51/26 (12 500,25 due 01.11 and 01.12): 12 500,25 on 01.11, 1 000 on 23.11;
           Старый: 7 000 due 01.04, paid 01.04 (signed 01.03): nothing since, churned after 6 months.
    """
    ctx = money_ctx
    _pay(ctx, head, book["c041"], date(2026, 10, 14), "30000")
    _pay(ctx, head, book["c041"], date(2026, 11, 20), "10000")
    _pay(ctx, head, book["c041"], DAY, "5000")
    _pay(ctx, head, book["c050"], date(2026, 9, 25), "4000")
    _pay(ctx, head, book["c050"], date(2026, 10, 20), "6000")
    _pay(ctx, head, book["c051"], date(2026, 11, 1), "12500.25")
    _pay(ctx, head, book["c051"], DAY, "1000")
    create_contract(ctx, anna, ContractDraft("В-1", book["vasilek"], date(2026, 11, 10), Decimal("5000"),
                                             [(date(2026, 11, 27), Decimal("5000"))]))
    old = create_client(ctx, boris, ClientDraft("ООО Старый", "7745678901"))
    old_contract = create_contract(ctx, boris, ContractDraft("С-1", old, date(2026, 3, 1), Decimal("7000"),
                                                             [(date(2026, 4, 1), Decimal("7000"))]))
    _pay(ctx, head, old_contract, date(2026, 4, 1), "7000")
    set_plan(ctx, head, "anna", date(2026, 11, 1), Decimal("50000"))
    set_plan(ctx, head, "boris", date(2026, 11, 1), Decimal("20000"))
    set_plan(ctx, head, "boris", date(2026, 11, 1), Decimal("20000.00"))  # again: still one plan
    today, yesterday = datetime(2026, 11, 23, 6, 0, tzinfo=UTC), datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    with ctx.db.write() as session:
        for client, settled in ((book["romashka"], today), (book["lutik"], today), (book["lutik"], yesterday)):
            session.add(PromiseToPay(client_id=client, amount_minor=100, due_date=date(2026, 11, 20),
                                     status="broken", created_at=yesterday, settled_at=settled))
        for number, (client, manager, status, outcome, done) in enumerate((
                (book["romashka"], anna.id, "done", "interested", today),
                (book["lutik"], boris.id, "done", "referral", today),
                (book["lutik"], boris.id, "done", "not_now", yesterday),
                (book["lutik"], boris.id, "open", None, None))):
            # one task a client in a campaign (a unique index): each of lutik's calls in a campaign of its own
            campaign = Campaign(name=f"Допродажа {number}", purpose="upsell", due_date=DAY, created_at=yesterday)
            session.add(campaign)
            session.flush()
            session.add(ClientTask(client_id=client, manager_id=manager, kind="upsell", due_date=DAY,
                                   campaign_id=campaign.id, status=status, outcome=outcome, created_at=yesterday,
                                   done_at=done))
    return book


def _scopes(report):
    return {"team": report.money.team, **{scope.login: scope for scope in report.money.managers}}


def test_the_days_money_figures_are_the_sums_worked_out_by_hand(money_ctx, money_book, head):
    report = build_report(money_ctx, DAY, actor=head)
    money = _scopes(report)
    team, anna, boris = money["team"], money["anna"], money["boris"]
    assert (report.money.currency, report.money.month, report.money.period) == ("RUB", "2026-11", "day")
    assert (anna.collected_today, boris.collected_today, team.collected_today) == (
        Decimal("5000.00"), Decimal("1000.00"), Decimal("6000.00"))
    assert (anna.collected_month, boris.collected_month, team.collected_month) == (
        Decimal("15000.00"), Decimal("13500.25"), Decimal("28500.25"))
    assert (anna.plan, boris.plan, team.plan) == (Decimal("50000.00"), Decimal("20000.00"), Decimal("70000.00"))
    assert (anna.plan_rate, boris.plan_rate, team.plan_rate) == (30.0, 67.5, 40.7)
    # the fact and what is due the rest of November: Василёк's 5 000 on 27.11
    assert (anna.forecast, boris.forecast, team.forecast) == (
        Decimal("20000.00"), Decimal("13500.25"), Decimal("33500.25"))
    # 15.11's 30 000 less 10 000 (20.11) and 5 000 (23.11); the day before: less 10 000 only
    assert (anna.overdue, anna.overdue_change, boris.overdue, team.overdue) == (
        Decimal("15000.00"), Decimal("-5000.00"), Decimal("0.00"), Decimal("15000.00"))
    # fell due 1-23 November: anna 30 000 (15.11, paid late), boris 12 500,25 (01.11, paid that day)
    assert (team.fell_due, team.paid_on_time, team.on_time_rate) == (Decimal("42500.25"), Decimal("12500.25"), 29.4)
    assert (anna.on_time_rate, boris.on_time_rate) == (0.0, 100.0)
    assert (anna.clients, anna.churned, boris.clients, boris.churned, team.churn_rate) == (2, 0, 2, 1, 25.0)
    assert (anna.broken_promises, boris.broken_promises, team.broken_promises) == (1, 1, 2)
    assert (team.campaign_interested, team.campaign_referral, team.campaign_not_now, boris.campaign_referral) == (
        1, 1, 0, 1)


def test_a_manager_gets_only_their_own_money(money_ctx, money_book, anna, boris):
    report = build_report(money_ctx, DAY, actor=anna)
    assert [scope.login for scope in report.money.managers] == ["anna"]
    assert (report.money.team.collected_month, report.money.team.overdue) == (Decimal("15000.00"),
                                                                              Decimal("15000.00"))
    with money_ctx.db.read() as session:
        assert [row.login for row in plan_rows(session, date(2026, 11, 1), DAY, "RUB", viewer=anna)] == ["anna"]
    with pytest.raises(PermissionDenied):
        build_report(money_ctx, DAY, "boris", actor=anna)
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    with money_ctx.db.read() as session:
        for everyone in (
            queries.collected(session, date(2026, 1, 1), DAY, "RUB"),
            queries.planned(session, date(2026, 11, 1), "RUB"),
            queries.still_due(session, date(2026, 1, 1), date(2026, 12, 31), "RUB"),
            queries.overdue_on(session, (DAY, date(2026, 12, 31)), "RUB"),
            queries.broken_promises(session, start, end),
            queries.campaign_outcomes(session, start, end),
            queries.churn(session, DAY),
            queries.collected_on_time(session, date(2026, 1, 1), DAY, "RUB"),
        ):
            assert set(everyone) == {anna.id, boris.id}  # the head's view: both managers
        for own in (
            queries.collected(session, date(2026, 1, 1), DAY, "RUB", viewer=anna),
            queries.planned(session, date(2026, 11, 1), "RUB", viewer=anna),
            queries.still_due(session, date(2026, 1, 1), date(2026, 12, 31), "RUB", viewer=anna),
            queries.overdue_on(session, (DAY, date(2026, 12, 31)), "RUB", viewer=anna),
            queries.broken_promises(session, start, end, viewer=anna),
            queries.campaign_outcomes(session, start, end, viewer=anna),
            queries.churn(session, DAY, viewer=anna),
            queries.collected_on_time(session, date(2026, 1, 1), DAY, "RUB", viewer=anna),
        ):
            assert set(own) == {anna.id}


def test_setting_a_plan_again_replaces_it_and_the_audit_keeps_both(money_ctx, money_book, head, audit):
    set_plan(money_ctx, head, "anna", date(2026, 11, 1), Decimal("55000"))
    with money_ctx.db.read() as session:
        rows = {row.login: row.plan_minor for row in plan_rows(session, date(2026, 11, 1), DAY, "RUB")}
    assert rows["anna"] == 5_500_000
    changes = [(action, field, old, new) for action, field, old, new, _user in audit("monthly_plan")]
    assert ("plan.set", "amount", "anna 2026-11: 50000.00 RUB", "anna 2026-11: 55000.00 RUB") in changes
    assert [change for change in changes if "boris" in change[3]] == [
        ("plan.set", "amount", None, "boris 2026-11: 20000.00 RUB")]  # set twice to the same: one row
    with pytest.raises(PermissionDenied):
        set_plan(money_ctx, anna_actor(money_ctx), "anna", date(2026, 11, 1), Decimal("1"))


def anna_actor(ctx):
    from salescockpit.services.actor import load_actor

    return load_actor(ctx, "anna")


def test_plan_rows_give_plan_fact_and_forecast(money_ctx, money_book, head):
    with money_ctx.db.read() as session:
        rows = {row.login: row for row in plan_rows(session, date(2026, 11, 1), DAY, "RUB")}
        december = {row.login: row for row in plan_rows(session, date(2026, 12, 1), DAY, "RUB")}
    assert (rows["anna"].plan_minor, rows["anna"].fact_minor, rows["anna"].forecast_minor) == (5_000_000, 1_500_000,
                                                                                               2_000_000)
    assert (rows["boris"].plan_minor, rows["boris"].fact_minor, rows["boris"].forecast_minor) == (2_000_000,
                                                                                                  1_350_025, 1_350_025)
    # a month not begun: no fact; the forecast is what falls due in it (anna 30 000, boris 12 500,25 - 1 000)
    assert (december["anna"].plan_minor, december["anna"].fact_minor, december["anna"].forecast_minor) == (
        None, 0, 3_000_000)
    assert december["boris"].forecast_minor == 1_150_025


def test_the_money_section_in_every_format(money_ctx, money_book, head, tmp_path):
    report = build_report(money_ctx, DAY, actor=head)
    markdown = render(report, "md").decode("utf-8")
    assert "## Money (RUB, month 2026-11)" in markdown
    assert "| Collected today" in markdown and "₽28,500.25" in markdown and "-₽5,000.00" in markdown
    html = render(report, "html").decode("utf-8")
    assert "Money (RUB, month 2026-11)" in html and "₽33,500.25" in html
    data = json.loads(render(report, "json"))
    assert data["period"] == "day"
    assert data["money"]["team"]["collected_month"] == "28500.25"
    assert data["money"]["team"]["plan_rate"] == 40.7
    assert {entry["login"]: entry["forecast"] for entry in data["money"]["managers"]}["anna"] == "20000.00"
    rows = list(csv.DictReader(io.StringIO(render(report, "csv").decode("utf-8-sig"))))
    team_row = rows[-1]
    assert team_row["Money: Collected in the month"] == "28500.25"
    assert {row["Login"]: row["Money: Overdue receivables"] for row in rows}["anna"] == "15000.00"
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = book["Money (RUB, month 2026-11)"]
    headers = [cell.value for cell in sheet[1]]
    last = [cell.value for cell in sheet[sheet.max_row]]
    assert last[headers.index("Money: Forecast for the month")] == pytest.approx(33500.25)


def test_the_money_section_in_russian_writes_amounts_the_russian_way(money_ctx, money_book, head):
    from salescockpit.i18n import language, set_language

    before = language()
    set_language("ru")
    try:
        markdown = render(build_report(money_ctx, DAY, actor=head), "md").decode("utf-8")
    finally:
        set_language(before)
    assert "28 500,25 ₽" in markdown.replace("\u202f", " ").replace("\xa0", " ")


def test_a_month_report_counts_the_whole_month(money_ctx, money_book, head):
    report = build_month_report(money_ctx, date(2026, 10, 1), actor=head)
    money = _scopes(report)
    assert (report.period, report.money.period, report.money.month, report.complete) == ("month", "month",
                                                                                          "2026-10", True)
    assert money["team"].collected_today is None
    assert (money["anna"].collected_month, money["boris"].collected_month) == (Decimal("30000.00"),
                                                                               Decimal("6000.00"))
    assert money["team"].forecast == Decimal("36000.00")  # the month is over: the forecast is the fact
    assert (money["team"].fell_due, money["team"].on_time_rate) == (Decimal("36000.00"), 100.0)
    data = json.loads(render(report, "json"))
    assert data["period"] == "month" and "collected_today" not in data["money"]["team"]
    assert "Monthly control report" in render(report, "md").decode("utf-8")


def test_report_month_and_plan_commands(run, money_book):  # noqa: F811
    made = run("plan", "set", "anna", "2026-12", "123 456,78")
    assert made.exit_code == 0, made.output
    listed = json.loads(run("plan", "list", "--month", "2026-12", "--json").output)
    assert {row["login"]: row["plan"] for row in listed["managers"]}["anna"] == "123456.78"
    assert run("plan", "set", "anna", "2026-12", "1000", user="anna").exit_code == 1
    assert run("plan", "set", "anna", "2026-13", "1000").exit_code == 2
    monthly = run("report", "--month", "2026-10", "--format", "json")
    assert monthly.exit_code == 0, monthly.output
    data = json.loads(monthly.output)
    assert (data["period"], data["money"]["team"]["collected_month"]) == ("month", "36000.00")
    assert run("report", "--month", "2026-10", "--date", "2026-10-05").exit_code == 2


def test_the_client_card_gives_lifetime_value_and_repeat_purchases(money_ctx, money_book, head):
    from salescockpit.store.queries.account_card import client_card

    with money_ctx.db.read() as session:
        lutik = client_card(session, money_book["lutik"], viewer=head)
        romashka = client_card(session, money_book["romashka"], viewer=head)
    # Лютик: 4 000 + 6 000 + 12 500,25 + 1 000 over two contracts; Ромашка: 30 000 + 10 000 + 5 000, one contract
    assert (lutik.lifetime_value, lutik.repeat_purchases) == (Decimal("23500.25"), 1)
    assert (romashka.lifetime_value, romashka.repeat_purchases) == (Decimal("45000.00"), 0)


def test_churn_follows_the_configured_months(money_ctx, money_book, head):
    from salescockpit.config import ConfigError, settings_from_mapping

    assert settings_from_mapping({"timezone": "UTC", "company": {"churn_months": 12}}, {}).company.churn_months == 12
    assert settings_from_mapping({"timezone": "UTC"}, {}).company.churn_months == 6
    with pytest.raises(ConfigError, match="company.churn_months: expected a whole number of months from 1 to 120"):
        settings_from_mapping({"timezone": "UTC", "company": {"churn_months": 0}}, {})
    money_ctx.settings = replace(money_ctx.settings, company=replace(money_ctx.settings.company, churn_months=12))
    team = build_report(money_ctx, DAY, actor=head).money.team
    assert (team.clients, team.churned, team.churn_rate) == (4, 0, 0.0)  # Старый paid on 01.04: within 12 months


def test_migration_0070_goes_down_and_up_again(db):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from salescockpit.store.migrate import MIGRATIONS_DIR

    def tables() -> set[str]:
        with db.engine.connect() as connection:
            return set(inspect(connection).get_table_names())

    def run(step, target: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with db.engine.connect() as connection:
            config.attributes["connection"] = connection
            step(config, target)
            connection.commit()

    assert "monthly_plans" in tables()
    run(command.downgrade, "0055")
    assert "monthly_plans" not in tables() and "client_tasks" in tables()
    run(command.upgrade, "0070")
    assert "monthly_plans" in tables()
