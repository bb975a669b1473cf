"""Hostile text in every free-text field (tests/services/hostile_fields.py), on SQLite and PostgreSQL.

Each field gets each hostile value through its real service: stored verbatim and read back; a
phone, e-mail or INN refuses it with a message. 10,000 characters are stored whole, or refused
with a one-line limit message where the field has a limit. NUL cannot be stored by PostgreSQL:
on both databases every field refuses it with the same one-line message and writes nothing.
Afterwards the leads table is still there, holds the rows it should, and the audit chain verifies.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from salescockpit.config_company import CompanySettings
from salescockpit.services.clients import ClientDraft, create_client
from salescockpit.services.errors import InvalidInput
from salescockpit.services.payments import import_statement_file
from salescockpit.store.audit_health import check_audit_chain
from salescockpit.store.money_tables import Payment
from salescockpit.store.tables import AuditEntry, Lead
from tests.services.hostile_fields import FIELDS, TextField, World, _call, _contract, _lead

SQL_INJECTION = "'; DROP TABLE leads; --"
#: Short hostile values: each must come back exactly as written.
HOSTILE = {
    "sql": SQL_INJECTION,
    "percent": "100% off",
    "underscore": "a_b",
    "backslash": "C:\\temp\\new \\",
    "quotes": "O'Brien \"the\" `boss` ;--",
    "all": "%_\\'\"; DROP TABLE leads; -- %%__\\\\",
}
NUL = "before\x00after"
#: 10,000 characters of everything above, Cyrillic and an emoji.
LONG = ("Ы%_\\' 👩🏽‍💻 " + SQL_INJECTION + " ") * 400
LONG = LONG[:9_999] + "!"
CONTROL_MESSAGE = "control characters"


@pytest.fixture
def world(ctx, head, anna):
    ctx.settings = replace(ctx.settings, company=CompanySettings("7701234567", ("40702810900000000001",), "RUB"))
    client_id = create_client(ctx, anna, ClientDraft("ООО Ромашка", "7712345678"))
    w = World(ctx, head, anna, lead_id=0, call_id=0, client_id=client_id, contract_id=0)
    w.lead_id = _lead(w, name="Иван Иванов")
    w.call_id = _call(w, notes="first call")
    w.contract_id = _contract(w)
    return w


def _counts(w: World) -> tuple[int, int]:
    with w.ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(Lead)), session.scalar(
            select(func.count()).select_from(AuditEntry))


def _intact(w: World, leads_before: int) -> None:
    """The leads table is there with its rows (and no fewer), and the audit chain verifies."""
    leads, _audit = _counts(w)
    assert leads >= leads_before
    assert w.value(Lead.name, Lead.id == w.lead_id) in ("Иван Иванов", *HOSTILE.values())
    assert check_audit_chain(w.ctx.db) == []


@pytest.mark.parametrize("field", FIELDS, ids=str)
def test_hostile_text_is_stored_verbatim(world, field: TextField):
    leads_before, _audit = _counts(world)
    for kind, text in HOSTILE.items():
        if field.validated:
            with pytest.raises(InvalidInput) as refused:
                field.write(world, text)
            assert "\n" not in refused.value.message, kind
        else:
            key = field.write(world, text)
            assert field.read(world, key) == text, kind
    _intact(world, leads_before)


@pytest.mark.parametrize("field", FIELDS, ids=str)
def test_ten_thousand_characters_are_stored_whole_or_refused_with_the_limit(world, field: TextField):
    leads_before, _audit = _counts(world)
    if field.limit is None and not field.validated:
        key = field.write(world, LONG)
        assert field.read(world, key) == LONG
    else:
        with pytest.raises(InvalidInput) as refused:
            field.write(world, LONG)
        message = refused.value.message
        assert "\n" not in message
        if not field.validated:
            assert str(field.limit) in message
    _intact(world, leads_before)


@pytest.mark.parametrize("field", FIELDS, ids=str)
def test_nul_is_refused_in_one_line_and_nothing_is_written(world, field: TextField):
    leads_before, _audit = _counts(world)
    with pytest.raises(InvalidInput) as refused:
        field.write(world, NUL)
    message = refused.value.message
    assert "\n" not in message
    if not field.validated:
        assert CONTROL_MESSAGE in message
    with world.ctx.db.read() as session:  # every write leaves an audit row: none of it got in
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.new.contains("after"))) == 0
        assert session.scalar(select(func.count()).select_from(Lead).where(Lead.search_text.contains("after"))) == 0
    _intact(world, leads_before)


def test_a_bank_statement_s_hostile_purpose_and_payer_are_stored_verbatim(world, tmp_path):
    """The import's free text (purpose, payer's name) is kept as the bank wrote it, on both databases."""
    from tests.money.statements import document, statement

    purpose = "Оплата по счёту 100% предоплата a_b C:\\temp " + SQL_INJECTION
    payer = "ООО \"O'Brien\" 50%_\\"
    path = tmp_path / "statement.txt"
    path.write_bytes(statement(document("77", "23.11.2026", "1500.00", payer_inn="7712345678", purpose=purpose,
                                        payer=payer), encoding="UTF-8"))
    leads_before, _audit = _counts(world)
    import_statement_file(world.ctx, world.head, path)
    with world.ctx.db.read() as session:
        stored = session.execute(select(Payment.purpose, Payment.payer_name).where(Payment.reference == "77")).one()
    assert tuple(stored) == (purpose, payer)
    _intact(world, leads_before)


@pytest.mark.parametrize("fields, wanted", [
    ({"purpose": "Оплата before\x00after"}, CONTROL_MESSAGE),
    ({"number": "7" * 65}, "64"),
    ({"payer": "ООО " + "Я" * 500}, "500"),
    ({"payer_inn": "7" * 13}, "12"),
], ids=["nul purpose", "long number", "long payer", "long inn"])
def test_a_bank_statement_with_text_it_cannot_store_is_refused_whole_naming_the_line(world, tmp_path, fields, wanted):
    """Read whole before anything is written: NUL or a value longer than its column refuses the file
    in one line naming the document's line (it was stored on SQLite and failed on PostgreSQL, or cut)."""
    from tests.money.statements import document, statement

    good = document("76", "23.11.2026", "100.00", payer_inn="7712345678", purpose="Оплата")
    options = {"number": "77", "payer_inn": "7712345678", "purpose": "Оплата", **fields}
    bad = document(options.pop("number"), "23.11.2026", "1500.00", **options)
    path = tmp_path / "statement.txt"
    path.write_bytes(statement(good, bad, encoding="UTF-8"))
    with pytest.raises(InvalidInput) as refused:
        import_statement_file(world.ctx, world.head, path)
    message = refused.value.message
    assert "\n" not in message and "Line " in message and wanted in message, message
    with world.ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 0
    _intact(world, _counts(world)[0])
