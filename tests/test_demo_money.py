"""The demo's money: clients from its won leads, schedules that add up, late and missing payments,
promises broken and open, payments to match, and a 1C statement beside the database that the
statement reader takes (Windows-1251, one outgoing payment)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import TEST_NOW, TEST_TZ


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from salescockpit.demo import build_demo
    from salescockpit.store.engine import Database

    path = tmp_path_factory.mktemp("demo-money") / "money.db"
    database = Database.open(path)
    build_demo(database, leads=200, seed=11, now=TEST_NOW, tz=TEST_TZ)
    yield database, path
    database.close()


def scalar(database, sql: str):
    with database.read() as session:
        return session.execute(text(sql)).scalar()


def test_every_won_lead_is_a_client_of_its_owner_with_a_schedule_that_adds_up(demo):
    database, _path = demo
    won = scalar(database, "SELECT COUNT(*) FROM leads WHERE stage = 'won'")
    assert won > 5
    assert scalar(database, "SELECT COUNT(*) FROM clients c JOIN leads l ON l.id = c.lead_id"
                            " WHERE l.stage = 'won' AND c.manager_id = l.owner_id") == won
    assert scalar(database, "SELECT COUNT(*) FROM contracts k WHERE k.total_minor <> (SELECT SUM(amount_minor)"
                            " FROM instalments i WHERE i.contract_id = k.id)") == 0
    assert scalar(database, "SELECT COUNT(*) FROM instalments i WHERE i.paid_minor <> (SELECT COALESCE(SUM("
                            "a.amount_minor), 0) FROM payment_allocations a WHERE a.instalment_id = i.id)") == 0


def test_some_paid_late_some_overdue_promises_broken_and_open_payments_to_match(demo):
    database, _path = demo
    assert scalar(database, "SELECT COUNT(*) FROM payments p JOIN payment_allocations a ON a.payment_id = p.id"
                            " JOIN instalments i ON i.id = a.instalment_id WHERE p.paid_on > i.due_date") > 0
    assert scalar(database, "SELECT COUNT(*) FROM instalments WHERE paid_minor < amount_minor"
                            " AND due_date < '2026-11-23'") > 0
    assert scalar(database, "SELECT COUNT(*) FROM promises_to_pay WHERE status = 'broken'") >= 1
    assert scalar(database, "SELECT COUNT(*) FROM promises_to_pay WHERE status = 'open'") >= 1
    assert scalar(database, "SELECT COUNT(*) FROM payments WHERE status = 'unmatched'") == 2


def test_the_sample_statement_lies_beside_the_database_and_reads(demo):
    from salescockpit.demo.money import DEMO_COMPANY_ACCOUNT, DEMO_COMPANY_INN, statement_path_for
    from salescockpit.imports.bank_statement import read_statement

    _database, path = demo
    statement_path = statement_path_for(str(path))
    assert statement_path == path.with_name("money-statement-1c.txt") and statement_path.exists()
    data = statement_path.read_bytes()
    assert b"\r\n" in data and "Кодировка=Windows".encode("cp1251") in data
    statement = read_statement(data, DEMO_COMPANY_INN, (DEMO_COMPANY_ACCOUNT,))
    assert statement.encoding == "cp1251" and statement.outgoing == 1 and len(statement.documents) >= 2


def test_a_server_database_gets_no_statement_file_in_the_current_folder():
    from salescockpit.demo.money import statement_path_for

    assert statement_path_for("postgresql+psycopg://postgres@127.0.0.1:5432/demo") is None


def test_a_campaign_is_under_way_with_some_calls_done_and_some_open(demo):
    database, _path = demo
    assert scalar(database, "SELECT COUNT(*) FROM campaigns") == 1
    clients = scalar(database, "SELECT COUNT(*) FROM clients")
    assert scalar(database, "SELECT COUNT(*) FROM client_tasks WHERE campaign_id IS NOT NULL") == clients
    assert scalar(database, "SELECT COUNT(*) FROM client_tasks WHERE status = 'open' AND kind = 'referral'") > 0
    assert scalar(database, "SELECT COUNT(DISTINCT outcome) FROM client_tasks WHERE status = 'done'") >= 2
    # a done task's call is a call with the client's own lead
    assert scalar(database, "SELECT COUNT(*) FROM client_tasks t JOIN clients c ON c.id = t.client_id"
                            " JOIN calls k ON k.id = t.call_id WHERE t.status = 'done' AND k.lead_id = c.lead_id") == \
        scalar(database, "SELECT COUNT(*) FROM client_tasks WHERE status = 'done'")
