"""The money CLI on a real database (SQLite and PostgreSQL): contract list --json for scripts,
receivables against sums worked out by hand, payments import exit codes, a manager's own view."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from salescockpit.store.queries.contracts import client_page, contract_page, payment_page
from salescockpit.store.queries.receivables import receivables_aging
from salescockpit.services.errors import PermissionDenied
from tests.money.statements import COMPANY_ACCOUNT, COMPANY_INN, document, outgoing, statement


@pytest.fixture
def run(money_ctx, tmp_path):
    url = money_ctx.db.url.removeprefix("sqlite:///")
    config = tmp_path / "config.toml"
    config.write_text(f'timezone = "Europe/Moscow"\n[company]\ninn = "{COMPANY_INN}"\n'
                      f'bank_accounts = ["{COMPANY_ACCOUNT}"]\n', encoding="utf-8")
    environment = {"SALESCOCKPIT_CONFIG": str(config), "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "",
                   "SALESCOCKPIT_TIMEZONE": "", "SALESCOCKPIT_LANG": "en"}

    def invoke(*args: str, user: str = "olga"):
        return CliRunner().invoke(main, [*args, "--db", url, "--user", user], env=environment)

    return invoke


def test_contract_add_then_list_json_gives_exactly_the_agreed_keys(run, book):
    added = run("contract", "add", "2026-100", "--client", str(book["vasilek"]), "--date", "2026-11-01",
                "--total", "100 000,01", "--months", "3", "--first-due", "2026-12-31", user="anna")
    assert added.exit_code == 0, added.output
    refused = run("contract", "add", "2026-101", "--client", str(book["vasilek"]), "--total", "100",
                  "--instalment", "2026-12-01=40", "--instalment", "2027-01-01=50", user="anna")
    assert refused.exit_code == 1 and "₽90.00: ₽10.00 less than the total ₽100.00" in refused.output
    listed = run("contract", "list", "--json")
    assert listed.exit_code == 0, listed.output
    contracts = {item["number"]: item for item in json.loads(listed.output)}
    assert set(contracts) == {"2026-041", "Л-50/26", "Л-51/26", "2026-100"}
    new = contracts["2026-100"]
    assert list(new) == ["number", "client", "inn", "currency", "total", "paid", "instalments"]
    assert (new["client"], new["inn"], new["currency"], new["total"], new["paid"]) == (
        "ООО Василёк", "7734567890", "RUB", "100000.01", "0.00")
    assert new["instalments"] == [
        {"due_date": "2026-12-31", "amount": "33333.33", "paid": "0.00"},
        {"due_date": "2027-01-31", "amount": "33333.33", "paid": "0.00"},
        {"due_date": "2027-02-28", "amount": "33333.35", "paid": "0.00"}]
    own = json.loads(run("contract", "list", "--json", user="boris").output)
    assert sorted(item["number"] for item in own) == ["Л-50/26", "Л-51/26"]


def test_payments_import_exit_codes_and_the_paid_sums_that_follow(run, book, tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(statement(document("1", "01.12.2026", "35000.00", payer_inn="7712345678", purpose="x"),
                               outgoing("2", "01.12.2026", "10.00")))
    dry = run("payments", "import", str(good), "--dry-run")
    assert dry.exit_code == 0 and "Would import: 1" in dry.output and "Dry run" in dry.output
    done = run("payments", "import", str(good))
    assert done.exit_code == 0, done.output
    assert "matched by INN, one open contract: 1" in done.output and "skipped: 1" in done.output
    paid = {item["number"]: item for item in json.loads(run("contract", "list", "--json").output)}["2026-041"]
    assert (paid["paid"], [item["paid"] for item in paid["instalments"]]) == ("35000.00", ["30000.00", "5000.00", "0.00"])
    bad = tmp_path / "bad.txt"
    bad.write_bytes(statement(document("3", "02.12.2026", "12,34,5", payer_inn="7712345678", purpose="x"), encoding="DOS"))
    failed = run("payments", "import", str(bad))
    assert failed.exit_code == 2 and "bad.txt: Line 22: Сумма: '12,34,5' is not an amount" in failed.output
    assert run("payments", "import", str(good), user="anna").exit_code == 2


def test_receivables_match_sums_worked_out_by_hand(run, money_ctx, head, anna, boris, book, tmp_path):
    # Paid 30 000 to Ромашка's October instalment and 4 000 to Лютик's September one.
    path = tmp_path / "st.txt"
    path.write_bytes(statement(document("1", "20.11.2026", "30000.00", payer_inn="7712345678", purpose="по 2026-041"),
                               document("2", "20.11.2026", "4000.00", payer_inn="7723456789", purpose="Л-50/26")))
    assert run("payments", "import", str(path)).exit_code == 0
    # On 20.12.2026, by hand:
    #   anna:  Nov 15 30 000 (35 days late: 31-60), Dec 15 30 000 (5 days: 1-30)
    #   boris: Oct 20 6 000 (61 days: 61-90), Nov 1 12 500.25 (49: 31-60), Dec 1 12 500.25 (19: 1-30)
    result = run("receivables", "--date", "2026-12-20", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    by_login = {row["login"]: row for row in figures["managers"]}
    assert by_login["anna"] == {"login": "anna", "name": "Анна Смирнова", "currency": "RUB", "not_due": "0.00",
                                     "1_30": "30000.00", "31_60": "30000.00", "61_90": "0.00", "over_90": "0.00",
                                     "total": "60000.00"}
    assert [by_login["boris"][key] for key in ("not_due", "1_30", "31_60", "61_90", "over_90", "total")] == [
        "0.00", "12500.25", "12500.25", "6000.00", "0.00", "31000.50"]
    assert figures["team"] == [{"currency": "RUB", "not_due": "0.00", "1_30": "42500.25", "31_60": "42500.25",
                                "61_90": "6000.00", "over_90": "0.00", "total": "91000.50"}]
    # Seen on the day the schedule begins everything is not yet due; far later, all over 90 days.
    early = json.loads(run("receivables", "--date", "2026-09-01", "--json").output)["team"][0]
    assert (early["not_due"], early["total"]) == ("91000.50", "91000.50")
    late = json.loads(run("receivables", "--date", "2027-06-01", "--json").output)["team"][0]
    assert late["over_90"] == "91000.50"
    # A manager sees only their own clients' money.
    own = json.loads(run("receivables", "--date", "2026-12-20", "--json", user="anna").output)
    assert [row["login"] for row in own["managers"]] == ["anna"] and own["team"][0]["total"] == "60000.00"
    text = run("receivables", "--date", "2026-12-20")
    assert "Team" in text.output and "₽91,000.50" in text.output


def test_queries_keep_a_manager_to_their_own_clients(money_ctx, head, anna, boris, book):
    with money_ctx.db.read() as session:
        assert {row.name for row in client_page(session, viewer=head)} == {"ООО Ромашка", "ООО Лютик", "ООО Василёк"}
        assert {row.name for row in client_page(session, viewer=anna)} == {"ООО Ромашка", "ООО Василёк"}
        assert [row.number for row in contract_page(session, viewer=anna)] == ["2026-041"]
        assert [row.number for row in contract_page(session, viewer=head, after_id=book["c041"], limit=1)] == ["Л-50/26"]
        assert payment_page(session, viewer=anna) == []
        assert {row.manager_login for row in receivables_aging(session, date(2026, 12, 20), viewer=boris)} == {"boris"}
        assert {row.manager_login for row in receivables_aging(session, date(2026, 12, 20), manager_id=boris.id,
                                                               viewer=head)} == {"boris"}
        with pytest.raises(PermissionDenied):
            receivables_aging(session, date(2026, 12, 20), manager_id=boris.id, viewer=anna)


def test_the_head_lists_the_waiting_payments_and_matches_one(run, book, fetch, tmp_path):
    from salescockpit.store.money_tables import Payment

    path = tmp_path / "st.txt"
    path.write_bytes(statement(document("5", "03.12.2026", "12500.25", payer_inn="7723456789", purpose="оплата")))
    assert run("payments", "import", str(path)).exit_code == 0
    waiting = json.loads(run("payments", "unmatched", "--json").output)
    assert [(row["amount"], row["payer_inn"]) for row in waiting] == [("12500.25", "7723456789")]
    assert run("payments", "unmatched", user="anna").exit_code == 1
    matched = run("payments", "match", str(waiting[0]["id"]), "--contract", "Л-51/26")
    assert matched.exit_code == 0, matched.output
    assert json.loads(run("payments", "unmatched", "--json").output) == []
    assert [(row.status, row.match_reason, row.contract_id) for row in fetch(Payment)] == [
        ("matched", "by_hand", book["c051"])]
    assert run("payments", "match", str(waiting[0]["id"]), "--contract", "Л-50/26").exit_code == 1


def test_payments_list_says_how_each_was_matched_and_keeps_managers_to_their_clients(run, book, tmp_path):
    path = tmp_path / "st.txt"
    path.write_bytes(statement(document("1", "01.12.2026", "100.00", payer_inn="5000000000", purpose="по договору 2026-041"),
                               document("2", "02.12.2026", "6000.00", payer_inn="7723456789", purpose="x"),
                               document("3", "03.12.2026", "7.00", payer_inn="5000000009", purpose="?")))
    assert run("payments", "import", str(path)).exit_code == 0
    listed = json.loads(run("payments", "list", "--json").output)
    assert [(row["reference"], row["status"], row["reason"], row["contract"], row["amount"]) for row in listed] == [
        ("1", "matched", "contract_number", "2026-041", "100.00"), ("2", "matched", "amount", "Л-50/26", "6000.00"),
        ("3", "unmatched", None, None, "7.00")]
    assert [row["reference"] for row in json.loads(run("payments", "list", "--json", user="anna").output)] == ["1"]
    text = run("payments", "list").output
    assert "contract № in purpose" in text and "amount" in text and "to match by hand" in text
