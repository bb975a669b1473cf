"""The [company] settings a statement needs, and migration 0050 both ways on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from salescockpit.config import ConfigError, settings_from_mapping
from salescockpit.config_company import CompanySettings

MONEY_TABLES = {"clients", "client_contacts", "contracts", "instalments", "payments", "payment_allocations",
                "promises_to_pay"}


def test_the_company_section_is_read_and_checked():
    settings = settings_from_mapping({"timezone": "UTC", "company": {
        "inn": "7701234567", "bank_accounts": ["40702810900000000001"], "currency": "eur"}}, {})
    assert settings.company == CompanySettings("7701234567", ("40702810900000000001",), "EUR")
    assert settings.currency == "EUR"
    assert settings_from_mapping({"timezone": "UTC"}, {}).currency == "RUB"


@pytest.mark.parametrize(("company", "words"), [
    ({"inn": "12345"}, "company.inn: '12345' is not an INN"),
    ({"inn": 7701234567.0}, "is not an INN"),
    ({"bank_accounts": ["4070281090000000000"]}, "company.bank_accounts: '4070281090000000000' is not an account"),
    ({"currency": "RUR"}, "company.currency: Unknown currency 'RUR'"),
    ({"bank": "x"}, "company: unknown key(s) bank"),
    ("7701234567", "company: must be a table"),
])
def test_a_wrong_company_value_names_the_key(company, words):
    with pytest.raises(ConfigError) as raised:
        settings_from_mapping({"timezone": "UTC", "company": company}, {})
    assert words in str(raised.value)


def test_migration_0050_goes_down_and_up_again(db):
    from alembic import command
    from alembic.config import Config

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

    assert MONEY_TABLES <= tables()
    run(command.downgrade, "0013")
    assert not MONEY_TABLES & tables()
    run(command.upgrade, "0050")
    assert MONEY_TABLES <= tables()
