"""A lead's further phones and e-mails after the import: searchable, kept by edits, sealed, reconciled."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import text

from salescockpit.imports.lead_columns import match_columns
from salescockpit.imports.tabular import read_table
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.lead_import import import_leads
from salescockpit.services.leads import update_lead
from salescockpit.services.phone_import import import_phone_file
from salescockpit.store.audit_health import check_seals
from salescockpit.store.contacts import contacts_of
from salescockpit.store.queries.leads import find_leads
from salescockpit.store.queries.reconcile import reconcile_day
from salescockpit.store.tables import Lead
from tests.conftest import TEST_TZ
from tests.imports.crm_files import bitrix24_csv


def imported_maria(ctx, head, tmp_path, fetch) -> Lead:
    table = read_table(bitrix24_csv(tmp_path / "LEAD.csv"))
    import_leads(ctx, head, table, match_columns(table.headers))
    return next(lead for lead in fetch(Lead) if lead.external_id == "bitrix24:101")


def found(ctx, text, viewer=None):
    with ctx.db.read() as session:
        return [match.name for match in find_leads(session, text, viewer=viewer)]


def test_the_search_finds_a_lead_by_its_second_number_and_e_mail(ctx, head, anna, boris, tmp_path, fetch):
    imported_maria(ctx, head, tmp_path, fetch)
    name = "Мария Ивановна Кузнецова"
    for typed in ("9161112233", "8 (916) 111-22-33", "89161112233", "+79161112233", "700-00-01", "maria.k@"):
        assert found(ctx, typed) == [name], typed
    assert found(ctx, "9161112233", viewer=anna) == [name]  # her own lead
    assert found(ctx, "9161112233", viewer=boris) == []  # never another manager's


def test_editing_the_lead_keeps_its_other_contacts_searchable(ctx, head, anna, tmp_path, fetch):
    maria = imported_maria(ctx, head, tmp_path, fetch)
    update_lead(ctx, anna, maria.id, company="АО «Вектор-2»")
    assert found(ctx, "9161112233") == ["Мария Ивановна Кузнецова"]
    update_lead(ctx, anna, maria.id, phone="8 495 000-11-22")  # the main phone changes; the mobile stays
    with ctx.db.read() as session:
        numbers = [(c.label, c.norm) for c in contacts_of(session, [maria.id])[maria.id] if c.kind == "phone"]
    assert numbers == [("work", "+74950001122"), ("mobile", "+79161112233"), ("home", "+74957000001")]
    assert found(ctx, "4951234567") == [] and found(ctx, "4950001122") == found(ctx, "9161112233") != []


def test_imported_contacts_are_sealed_with_their_lead(ctx, head, anna, tmp_path, fetch):
    maria = imported_maria(ctx, head, tmp_path, fetch)
    update_lead(ctx, anna, maria.id, email="maria@vector2.ru")
    assert check_seals(ctx.db) == []
    with ctx.db.engine.begin() as connection:  # a contact changed behind the program's back
        connection.execute(text("UPDATE lead_contacts SET value = '8 916 000-00-00', value_norm = '+79160000000' "
                                "WHERE value_norm = '+79161112233'"))
    assert check_seals(ctx.db) != []


def test_a_phone_call_to_a_leads_second_number_reconciles_with_the_logged_call(ctx, head, anna, tmp_path, fetch):
    maria = imported_maria(ctx, head, tmp_path, fetch)
    ctx.settings = replace(ctx.settings, phone_extensions={"101": "anna"})
    started = datetime(2026, 11, 23, 9, 0, tzinfo=TEST_TZ)
    log_call(ctx, anna, CallDraft(lead_id=maria.id, direction="out", outcome="no_answer", duration_seconds=40,
                                  started_at=started))
    path = tmp_path / "pbx.csv"
    path.write_text("time,direction,number,duration,answered,extension\n"
                    "2026-11-23 09:02:00,out,8 916 111-22-33,40,no,101\n", encoding="utf-8")
    import_phone_file(ctx, head, path)
    with ctx.db.read() as session:
        for viewer in (None, anna.id):
            result = reconcile_day(session, date(2026, 11, 23), TEST_TZ, viewer)
            assert (result.logged_not_seen, result.seen_not_logged, result.phone_calls) == ([], [], 1), viewer
