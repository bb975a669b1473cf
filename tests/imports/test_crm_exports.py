"""Bitrix24 and amoCRM/Kommo exports as they come: nothing a row holds is lost (issue 17).

Every phone and e-mail kept (and exported), creation dates in the team's timezone, the name
from its parts or the title, junk and lost leads marked with their reasons, the duplicate by
mobile number found, and the second import of the same file updating instead of duplicating.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from salescockpit.exports.leads import export_leads
from salescockpit.imports.lead_columns import match_columns
from salescockpit.imports.tabular import read_table
from salescockpit.services.lead_import import import_leads
from salescockpit.store.contacts import contacts_of
from salescockpit.store.queries.rechecks import recheck_page
from salescockpit.store.tables import Lead

from tests.imports.crm_files import BITRIX24_ROWS, amocrm_xlsx, bitrix24_csv


def run(ctx, actor, path, **flags):
    table = read_table(path)
    return import_leads(ctx, actor, table, match_columns(table.headers), **flags)


def utc(*parts):
    return datetime(*parts, tzinfo=timezone.utc)


def by_external_id(fetch):
    return {lead.external_id: lead for lead in fetch(Lead)}


def contacts(ctx, lead_id):
    with ctx.db.read() as session:
        return [(contact.kind, contact.label, contact.norm) for contact in contacts_of(session, [lead_id])[lead_id]]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251"])
def test_a_bitrix24_lead_export_keeps_every_contact_date_and_field(ctx, head, anna, tmp_path, fetch, encoding):
    outcome = run(ctx, head, bitrix24_csv(tmp_path / "LEAD.csv", encoding=encoding))
    assert (outcome.imported, outcome.not_imported) == (3, [])
    leads = by_external_id(fetch)
    maria, oleg, site = leads["bitrix24:101"], leads["bitrix24:102"], leads["bitrix24:103"]
    assert (maria.name, maria.subject, maria.company, maria.job_title, maria.source) == (
        "Мария Ивановна Кузнецова", "Поставка для Вектора", "АО «Вектор»", "Директор", "Сайт")
    assert (maria.owner_id, maria.stage, maria.value, maria.currency) == (anna.id, "personal_contact", 150001, "RUB")
    assert maria.comment == 'Звонить после 15:00; "срочно"\nвторой этаж'
    assert (maria.phone_norm, maria.email_norm) == ("+74951234567", "maria@vector.ru")
    assert contacts(ctx, maria.id) == [
        ("phone", "work", "+74951234567"), ("phone", "mobile", "+79161112233"), ("phone", "home", "+74957000001"),
        ("email", "work", "maria@vector.ru"), ("email", "home", "maria.k@mail.ru")]
    # created 01.11.2026 10:30:15 Moscow time, changed 05.11 12:00: the lead's age starts there
    assert (maria.created_at, maria.updated_at, maria.last_activity_at) == (
        utc(2026, 11, 1, 7, 30, 15), utc(2026, 11, 5, 9), utc(2026, 11, 5, 9))
    # only a mobile number and a private e-mail: both kept, as the lead's main ones
    assert (oleg.name, oleg.phone_norm, oleg.email_norm, oleg.created_at) == (
        "Олег", "+79007650011", "oleg@mail.ru", utc(2026, 11, 2, 6))
    # only a title and a phone: the title is the name; junk in Bitrix24 is junk here, waiting for a re-check
    assert (site.name, site.subject, site.phone_norm, site.owner_id) == (
        "Заявка с сайта", "Заявка с сайта", "+79035556677", head.id)
    assert (site.stage, site.qualification, site.junk_reason) == ("disqualified", "junk", "not_a_real_lead")
    with ctx.db.read() as session:
        assert [row.lead_id for row in recheck_page(session).rows] == [site.id]


def test_the_second_import_of_the_same_file_updates_and_never_duplicates(ctx, head, anna, tmp_path, fetch):
    path = bitrix24_csv(tmp_path / "LEAD.csv")
    run(ctx, head, path)
    again = run(ctx, head, path)
    assert (again.imported, again.updated, again.unchanged, again.duplicates) == (0, 0, 3, [])
    changed = [dict(row, **{"Должность": "Генеральный директор", "Другой телефон": "8 916 999-88-77"})
               if row["ID"] == "101" else row for row in BITRIX24_ROWS]
    third = run(ctx, head, bitrix24_csv(tmp_path / "LEAD2.csv", rows=changed))
    assert (third.imported, third.updated, third.unchanged) == (0, 1, 2)
    with ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Lead)) == 3
    maria = by_external_id(fetch)["bitrix24:101"]
    assert maria.job_title == "Генеральный директор"
    assert ("phone", "other", "+79169998877") in contacts(ctx, maria.id)
    assert len(contacts(ctx, maria.id)) == 6


def test_an_amocrm_deal_export_with_dates_as_text_and_as_excel_dates(ctx, head, anna, tmp_path, fetch):
    outcome = run(ctx, head, amocrm_xlsx(tmp_path / "deals.xlsx"))
    assert outcome.imported == 3
    # the same mobile number written "89001234567" and "8 900 123-45-67": the second deal is a duplicate
    assert [(reject.line, reject.reason) for reject in outcome.duplicates] == [
        (3, "Duplicate of line 2 (same phone or e-mail).")]
    leads = by_external_id(fetch)
    ivan, audit, bare = leads["amocrm:5001"], leads["amocrm:5003"], leads["amocrm:5004"]
    assert (ivan.name, ivan.subject, ivan.company, ivan.job_title, ivan.tags, ivan.comment, ivan.source) == (
        "Иван Петров", "Поставка оборудования", "ООО Ромашка", "Закупщик", "опт, выставка", "Нужно КП", "Выставка")
    assert (ivan.stage, ivan.value, ivan.owner_id) == ("needs", 250000, anna.id)
    assert contacts(ctx, ivan.id) == [
        ("phone", "work", "+74957654321"), ("phone", "mobile", "+79001234567"),
        ("email", "work", "ivan@romashka.ru"), ("email", "home", "ivan.petrov@gmail.com")]
    assert (ivan.created_at, ivan.updated_at) == (utc(2026, 11, 10, 11, 5), utc(2026, 11, 11, 6, 30))
    # an Excel date cell and an Excel serial number, both read as Moscow time
    assert audit.created_at == utc(2026, 11, 9, 8, 15, 30)
    assert bare.created_at == utc(2026, 11, 12, 13, 20)
    # lost with amoCRM's reason kept; a deal with no person is named by its title
    assert (audit.stage, audit.lost_reason, audit.owner_id) == ("lost", "Дорого", anna.id)
    assert (bare.name, bare.stage, bare.phone_norm) == ("Сделка без контакта", "closing", "+79162223344")


def test_a_later_file_with_a_leads_second_number_is_its_duplicate(ctx, head, anna, tmp_path, write_csv, fetch):
    run(ctx, head, amocrm_xlsx(tmp_path / "deals.xlsx"))
    ivan = by_external_id(fetch)["amocrm:5001"]
    later = write_csv([["ФИО", "Телефон"], ["Иван Петрович", "8 900 123-45-67"]])
    outcome = run(ctx, head, later)
    assert [(reject.line, reject.reason) for reject in outcome.duplicates] == [
        (2, f"Duplicate of lead #{ivan.id} (same phone or e-mail).")]


def test_unknown_owners_are_reported_or_given_to_the_fallback_user(ctx, head, anna, tmp_path, fetch):
    rows = [dict(BITRIX24_ROWS[1], **{"Ответственный": "Пётр Неизвестный"})]
    refused = run(ctx, head, bitrix24_csv(tmp_path / "a.csv", rows=rows))
    assert [(reject.line, reject.reason.split(":")[0]) for reject in refused.rejected] == [
        (2, "Unknown owner 'Пётр Неизвестный'")]
    given = run(ctx, head, bitrix24_csv(tmp_path / "b.csv", rows=rows), owner_fallback="anna")
    assert given.imported == 1 and [note.line for note in given.notes] == [2]
    assert fetch(Lead)[0].owner_id == anna.id


def test_a_teams_own_stage_names_and_currency_signs(ctx, head, tmp_path, fetch):
    rows = [{"ID": "7", "Имя": "Ася", "Стадия": "Думают", "Возможная сумма": "1 500,25 ₽", "Дата создания": ""}]
    refused = run(ctx, head, bitrix24_csv(tmp_path / "a.csv", rows=rows))
    assert "Unknown stage 'Думают'" in refused.rejected[0].reason and "--map-stage" in refused.rejected[0].reason
    run(ctx, head, bitrix24_csv(tmp_path / "b.csv", rows=rows), stage_map={"думают": "closing"})
    (lead,) = fetch(Lead)
    assert (lead.stage, lead.value, lead.currency) == ("closing", 1500, "RUB")


def test_every_contact_is_exported_in_its_own_column_and_reads_back(ctx, head, anna, tmp_path, fetch):
    run(ctx, head, bitrix24_csv(tmp_path / "LEAD.csv"))
    data, count = export_leads(ctx, head, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    headers = rows[0]
    assert headers[:10] == ["name", "company", "phone", "email", "source", "owner", "stage", "value", "created", "id"]
    assert headers[10:] == ["mobile", "home phone", "personal email"]
    maria = next(row for row in rows if row[0] == "Мария Ивановна Кузнецова")
    assert (maria[2], maria[3]) == ("'+7 495 123-45-67", "maria@vector.ru")  # neutralised, read back as typed
    assert maria[10:] == ["8 (916) 111-22-33", "8 495 700-00-01", "Maria.K@mail.ru"]
    assert Decimal(maria[7]) == 150001
    table = read_table(_saved(tmp_path / "export.csv", data))
    assert {field: table.headers[index] for field, index in match_columns(table.headers).items()
            if field.startswith(("mobile", "home_phone", "personal_email"))} == {
        "mobile": "mobile", "home_phone": "home phone", "personal_email": "personal email"}


def _saved(path, data: bytes):
    path.write_bytes(data)
    return path


def test_two_rows_matching_one_lead_by_different_contacts_update_it_once(ctx, head, anna, tmp_path, write_csv, fetch):
    run(ctx, head, amocrm_xlsx(tmp_path / "deals.xlsx"))
    ivan = by_external_id(fetch)["amocrm:5001"]
    later = write_csv([["ФИО", "Телефон", "E-mail"], ["Иван Петров", "8 900 123-45-67", "ivan@new.ru"],
                       ["Иван Петров", "+7 999 000-00-01", "ivan.petrov@gmail.com"]])
    outcome = run(ctx, head, later, update=True)
    assert (outcome.updated, [(reject.line, reject.reason) for reject in outcome.duplicates]) == (
        1, [(3, "Duplicate of line 2 (same phone or e-mail).")])
    assert ("email", "work", "ivan@new.ru") in contacts(ctx, ivan.id)
