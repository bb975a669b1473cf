"""`salescockpit import leads` through click: real exports' headers, rejects file, exit codes, dry run."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import select

from salescockpit.cli import main  # noqa: F401  (the CLI first: the command imports its options)
from salescockpit.commands.imports import import_group
from salescockpit.imports.leads import unneutralise
from salescockpit.store.engine import Database
from salescockpit.store.tables import Lead

AMOCRM = [["ID", "Название сделки", "Бюджет", "Ответственный", "Этап сделки", "Полное имя контакта",
           "Компания контакта", "Рабочий телефон (контакт)", "Рабочий email (контакт)"],
          ["101", "Поставка", "150 000", "Анна Смирнова", "Первичный контакт", "Иван Петров", "ООО Ромашка",
           "8 (916) 123-45-67", "ivan@romashka.ru"],
          ["102", "Аудит", "много", "anna", "Переговоры", "Пётр Сидоров", "", "+7 916 765-43-21", ""],
          ["103", "Сайт", "", "Неизвестный", "Переговоры", "Сидор", "", "", ""],
          ["104", "Повтор", "", "", "", "Иван П.", "", "+79161234567", ""]]
BITRIX24 = [["ID", "Название лида", "Имя", "Фамилия", "Статус", "Источник", "Ответственный", "Рабочий телефон",
             "Рабочий e-mail", "Название компании", "Сумма"],
            ["1", "Заявка с сайта", "Мария", "Кузнецова", "Не обработан", "Сайт", "olga", "+7 495 123-45-67",
             "maria@example.ru", "АО Вектор", "25000"],
            ["2", "Звонок", "Олег", "", "В работе", "Звонок", "anna", "", "oleg@example.ru", "", ""]]
PIPEDRIVE = [["Deal - Title", "Deal - Value", "Deal - Stage", "Deal - Owner", "Person - Name", "Person - Phone",
              "Person - Email", "Organization - Name"],
             ["Big deal", "12,500.00", "Proposal Made", "anna", "John Smith", "+44 20 7946 0958", "john@acme.co.uk",
              "Acme Ltd"]]


@pytest.fixture
def database(tmp_path, monkeypatch, clock):
    """A database with a head (olga) and a manager (anna); returns the options every call needs."""
    from salescockpit.config import Settings
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.users import add_user

    for name in ("SALESCOCKPIT_DB", "SALESCOCKPIT_USER", "SALESCOCKPIT_CONFIG", "SALESCOCKPIT_LANG"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "cli.db"
    db = Database.open(path)
    ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="UTC"))
    add_user(ctx, "olga", "Ольга Петрова", "head")
    add_user(ctx, "anna", "Анна Смирнова", "manager")
    db.close()
    return path


def run(database, tmp_path, *args, user="olga"):
    options = ["--db", str(database), "--config", str(tmp_path / "none.toml"), "--user", user]
    return CliRunner().invoke(import_group, ["leads", *args, *options], catch_exceptions=False)


def lead_names(database):
    db = Database.open(database)
    try:
        with db.read() as session:
            return list(session.scalars(select(Lead.name).order_by(Lead.id)))
    finally:
        db.close()


def write(tmp_path, rows, name, encoding="utf-8", delimiter=","):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_amocrm_export_in_cp1251_with_semicolons(database, tmp_path):
    path = write(tmp_path, AMOCRM, "amo.csv", encoding="cp1251", delimiter=";")
    result = run(database, tmp_path, str(path))
    assert result.exit_code == 1, result.output
    assert "line 3: 'много' is not an amount." in result.output
    assert "line 4: Unknown owner 'Неизвестный'" in result.output
    assert "line 5: Duplicate of line 2" in result.output
    assert "Read 4, imported 1, updated 0, duplicates skipped 1, rejected 2" in result.output
    assert "rows/s" in result.output
    assert lead_names(database) == ["Иван Петров"]
    rejects = list(csv.reader(io.StringIO((tmp_path / "amo.rejects.csv").read_bytes().decode("utf-8-sig")),
                              delimiter=";"))
    assert rejects[0] == [*AMOCRM[0], "line", "reason"]
    assert [[unneutralise(cell) for cell in row[:-2]] for row in rejects[1:]] == AMOCRM[2:]
    assert rejects[1][7] == "'+7 916 765-43-21"  # safe to open in a spreadsheet
    assert [row[-2] for row in rejects[1:]] == ["3", "4", "5"]


def test_bitrix24_export_in_utf8_bom_with_tabs(database, tmp_path):
    path = write(tmp_path, BITRIX24, "bitrix.csv", encoding="utf-8-sig", delimiter="\t")
    result = run(database, tmp_path, str(path))
    assert result.exit_code == 0, result.output
    assert "Read 2, imported 2" in result.output
    assert lead_names(database) == ["Мария Кузнецова", "Олег"]
    assert not (tmp_path / "bitrix.rejects.csv").exists()


def test_pipedrive_export_and_a_map_option(database, tmp_path):
    path = write(tmp_path, PIPEDRIVE, "deals.csv")
    result = run(database, tmp_path, str(path), "--map", "Deal - Title=name", "--map", "Person - Name=ignore")
    assert result.exit_code == 0, result.output
    assert lead_names(database) == ["Big deal"]


def test_xlsx(database, tmp_path):
    workbook = Workbook()
    for row in [["Имя", "Телефон", "Бюджет"], ["Иван", 79161234567, 1500.0]]:
        workbook.active.append(row)
    workbook.save(tmp_path / "leads.xlsx")
    result = run(database, tmp_path, str(tmp_path / "leads.xlsx"))
    assert result.exit_code == 0, result.output
    assert lead_names(database) == ["Иван"]


def test_a_manager_gets_rows_with_an_unknown_owner(database, tmp_path):
    path = write(tmp_path, AMOCRM[:1] + AMOCRM[3:4], "mine.csv")
    result = run(database, tmp_path, str(path), user="anna")
    assert result.exit_code == 0, result.output
    assert lead_names(database) == ["Сидор"]


def test_dry_run_and_all_or_nothing_write_nothing(database, tmp_path):
    path = write(tmp_path, AMOCRM, "amo.csv")
    dry = run(database, tmp_path, str(path), "--dry-run")
    assert dry.exit_code == 1 and "Dry run: nothing was written." in dry.output
    assert "imported 1" in dry.output and not (tmp_path / "amo.rejects.csv").exists()
    refused = run(database, tmp_path, str(path), "--all-or-nothing")
    assert refused.exit_code == 1 and "nothing was imported" in refused.output and "imported 0" in refused.output
    assert lead_names(database) == []


def test_nothing_readable_exits_with_2(database, tmp_path):
    missing = run(database, tmp_path, str(tmp_path / "missing.csv"))
    assert missing.exit_code == 2 and "Cannot import" in missing.output
    (tmp_path / "binary.csv").write_bytes("Имя".encode() + b"\x98\x00")
    assert run(database, tmp_path, str(tmp_path / "binary.csv")).exit_code == 2
    no_name = write(tmp_path, [["Телефон", "Город"], ["+79161234567", "Москва"]], "no_name.csv")
    result = run(database, tmp_path, str(no_name))
    assert result.exit_code == 2 and "--map COLUMN=name" in result.output
    assert run(database, tmp_path, str(no_name), "--map", "Город=nonsense").exit_code == 2


def test_dry_run_shows_which_column_goes_to_which_field(database, tmp_path):
    from tests.imports.crm_files import bitrix24_csv

    result = run(database, tmp_path, str(bitrix24_csv(tmp_path / "LEAD.csv")), "--dry-run")
    assert result.exit_code == 0, result.output
    for shown in ("Columns read:", "  ID -> external_id", "  Название лида -> title", "  Отчество -> middle_name",
                  "  Мобильный телефон -> mobile", "  Частный e-mail -> personal_email", "  Дата создания -> created",
                  "  Валюта -> currency", "Columns ignored: Адрес, UTM Source", "Dry run: nothing was written.",
                  "Read 3, imported 3"):
        assert shown in result.output, shown
    assert lead_names(database) == []


def test_map_stage_and_owner_fallback(database, tmp_path):
    from tests.imports.crm_files import amocrm_xlsx

    rows = [{"ID": "1", "Название сделки": "Своя стадия", "Этап сделки": "Думают", "Ответственный": "Пётр Уволенный",
             "Основной контакт": "Ася", "Мобильный телефон (контакт)": "8 900 111-22-33"}]
    path = amocrm_xlsx(tmp_path / "deals.xlsx", rows=rows)
    refused = run(database, tmp_path, str(path))
    assert refused.exit_code == 1 and "line 2: Unknown stage 'Думают'" in refused.output
    result = run(database, tmp_path, str(path), "--map-stage", "Думают=closing", "--owner-fallback", "anna")
    assert result.exit_code == 0, result.output
    assert "line 2: Unknown owner 'Пётр Уволенный': the lead goes to anna." in result.output
    db = Database.open(database)
    try:
        with db.read() as session:
            assert session.execute(select(Lead.name, Lead.stage, Lead.external_id)).all() == [
                ("Ася", "closing", "amocrm:1")]
    finally:
        db.close()
    for bad in (["--map-stage", "Думают=nowhere"], ["--owner-fallback", "nobody"]):
        assert run(database, tmp_path, str(path), *bad).exit_code == 2, bad
