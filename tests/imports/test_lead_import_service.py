"""The import write: one transaction, duplicates, --update, all-or-nothing, dry run, audit."""

from __future__ import annotations

from sqlalchemy import func, select

from salescockpit.imports.lead_columns import match_columns
from salescockpit.imports.tabular import read_table
from salescockpit.services.lead_import import import_leads
from salescockpit.store.tables import Lead, StageHistory

HEADER = ["ФИО", "Компания", "Телефон", "E-mail", "Ответственный", "Этап", "Бюджет"]


def run(ctx, actor, path, **flags):
    table = read_table(path)
    return import_leads(ctx, actor, table, match_columns(table.headers), **flags)


def leads(fetch):
    return [(lead.name, lead.phone_norm, lead.email_norm, lead.owner_id, lead.stage, lead.value)
            for lead in fetch(Lead)]


def count(ctx, table):
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_rows_become_leads_with_history_and_audit(ctx, head, anna, write_csv, fetch, audit):
    path = write_csv([HEADER, ["Иван Петров", "Ромашка", "8 916 123-45-67", "ivan@x.ru", "anna", "Квалификация", "1 000"],
                      ["Пётр Сидоров", "", "", "", "", "", ""]])
    outcome = run(ctx, head, path)
    assert (outcome.read, outcome.imported, outcome.committed) == (2, 2, True)
    assert leads(fetch) == [("Иван Петров", "+79161234567", "ivan@x.ru", anna.id, "qualification", 1000),
                            ("Пётр Сидоров", None, None, head.id, "new", None)]
    assert count(ctx, StageHistory) == 2
    creations = audit("lead")
    assert [row[0] for row in creations] == ["lead.create", "lead.create"]
    assert creations[0][3] == "Иван Петров [qualification] -> anna"
    assert [(row[0], row[3]) for row in audit("import")] == [
        ("leads.import", "read 2, imported 2, updated 0, duplicates skipped 0, rejected 0")]


def test_duplicates_in_the_database_and_in_the_file_are_skipped(ctx, head, anna, new_lead, write_csv, fetch):
    existing = new_lead(anna, name="Иван", phone="+7 (916) 123-45-67")
    path = write_csv([HEADER, ["Иван П.", "", "89161234567", "", "", "", ""],
                      ["Анна", "", "", "A@b.ru", "", "", ""], ["Анна 2", "", "", "a@B.ru ", "", "", ""]])
    outcome = run(ctx, head, path)
    assert outcome.imported == 1
    assert [(reject.line, reject.reason) for reject in outcome.duplicates] == [
        (2, f"Duplicate of lead #{existing} (same phone or e-mail)."),
        (4, "Duplicate of line 3 (same phone or e-mail).")]
    assert [lead.name for lead in fetch(Lead)] == ["Иван", "Анна"]


def test_update_gives_the_existing_lead_the_rows_fields(ctx, anna, new_lead, write_csv, fetch, audit):
    lead_id = new_lead(anna, name="Иван", phone="+7 (916) 123-45-67", company="Old")
    path = write_csv([HEADER, ["Иван Петров", "New", "89161234567", "ivan@x.ru", "", "", "500"]])
    outcome = run(ctx, anna, path, update=True)
    assert (outcome.imported, outcome.updated, outcome.duplicates) == (0, 1, [])
    (lead,) = fetch(Lead)
    assert (lead.name, lead.company, lead.email_norm, lead.value, lead.phone) == (
        "Иван Петров", "New", "ivan@x.ru", 500, "89161234567")
    changed = {row[1] for row in audit("lead", lead_id) if row[0] == "lead.update"}
    assert changed == {"name", "company", "phone", "email", "value", "contacts"}
    again = run(ctx, anna, path, update=True)
    assert (again.updated, again.unchanged) == (0, 1)


def test_a_manager_cannot_update_a_colleagues_lead(ctx, anna, boris, new_lead, write_csv, fetch):
    new_lead(boris, name="Иван", phone="+7 916 123-45-67")
    path = write_csv([HEADER, ["Иван", "Чужая", "+79161234567", "", "", "", ""]])
    outcome = run(ctx, anna, path, update=True)
    assert outcome.updated == 0 and "another manager" in outcome.rejected[0].reason
    assert fetch(Lead)[0].company == ""


def test_all_or_nothing_writes_nothing_when_a_row_is_rejected(ctx, head, write_csv, audit):
    path = write_csv([HEADER, ["Иван", "", "", "", "", "", ""], ["", "", "", "", "", "", ""],
                      ["Пётр", "", "", "", "", "Нет такого", ""]])
    outcome = run(ctx, head, path, all_or_nothing=True)
    assert (outcome.imported, outcome.committed) == (0, False)
    assert [reject.line for reject in outcome.not_imported] == [4]
    assert count(ctx, Lead) == 0 and audit("import") == [] and audit("lead") == []


def test_dry_run_counts_everything_and_writes_nothing(ctx, head, write_csv, audit):
    path = write_csv([HEADER, ["Иван", "", "", "", "", "", ""], ["Пётр", "", "", "", "nobody", "", ""]])
    outcome = run(ctx, head, path, dry_run=True)
    assert (outcome.imported, len(outcome.rejected), outcome.committed) == (1, 1, False)
    assert count(ctx, Lead) == 0 and audit("import") == [] and audit("lead") == []
