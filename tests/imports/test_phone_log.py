"""The phone system's call log: reading it (headers in two languages, encodings, delimiters, bad rows), then importing it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from salescockpit.imports.phone_log import PhoneLogError, parse_duration, read_phone_log
from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.services.phone_import import import_phone_file
from salescockpit.store.phone_tables import PhoneCall
from salescockpit.store.tables import AuditEntry
from tests.services.conftest import anna, boris, ctx, db_url, head, new_lead  # noqa: F401  (fixtures)

MOSCOW = ZoneInfo("Europe/Moscow")

ENGLISH = """time,direction,number,duration,answered,extension,recording
2026-11-23 09:05:00,outgoing,+7 495 123-45-67,75,yes,101,https://pbx/rec/1.mp3
2026-11-23T06:20:00+00:00,in,84957654321,0,no,anna,
"""

RUSSIAN = """Дата и время;Направление;Номер клиента;Длительность;Статус;Внутренний номер;Ссылка на запись
23.11.2026 08:40;Исходящий;+7 916 111-22-33;1:15;Отвечен;102;
23.11.2026 08:41:30;входящий;+7 916 111-22-33;0:00;Пропущен;102;
"""


def test_english_header_comma_utf8():
    log = read_phone_log(ENGLISH.encode("utf-8"), MOSCOW)
    assert log.problems == [] and log.read == 2
    first, second = log.rows
    assert first.started_at == datetime(2026, 11, 23, 6, 5, tzinfo=timezone.utc)  # naive time read in Moscow
    assert (first.direction, first.number, first.duration_seconds, first.answered) == ("out", "+7 495 123-45-67", 75, True)
    assert (first.extension, first.recording_ref, first.line) == ("101", "https://pbx/rec/1.mp3", 2)
    assert second.started_at == datetime(2026, 11, 23, 6, 20, tzinfo=timezone.utc)  # an explicit offset is kept
    assert (second.direction, second.answered, second.extension, second.recording_ref) == ("in", False, "anna", None)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_russian_header_semicolon_in_any_encoding(encoding):
    log = read_phone_log(RUSSIAN.encode(encoding), MOSCOW)
    assert log.problems == []
    first, second = log.rows
    assert first.started_at == datetime(2026, 11, 23, 5, 40, tzinfo=timezone.utc)
    assert (first.direction, first.duration_seconds, first.answered, first.extension) == ("out", 75, True, "102")
    assert (second.direction, second.duration_seconds, second.answered) == ("in", 0, False)


def test_tab_delimited_and_answered_from_duration_when_no_column():
    text = "Time\tNumber\tDuration\n2026-11-23 09:00\t+74951234567\t30\n2026-11-23 09:01\t+74951234567\t0\n"
    log = read_phone_log(text.encode(), MOSCOW)
    assert [(row.answered, row.direction) for row in log.rows] == [(True, "out"), (False, "out")]


def test_the_same_row_has_the_same_key_whatever_the_file_encoding():
    utf8 = read_phone_log(RUSSIAN.encode("utf-8-sig"), MOSCOW)
    cp1251 = read_phone_log(RUSSIAN.encode("cp1251"), MOSCOW)
    assert [row.external_key for row in utf8.rows] == [row.external_key for row in cp1251.rows]
    assert len({row.external_key for row in utf8.rows}) == 2


def test_bad_rows_are_reported_with_their_line_and_the_rest_is_read():
    text = ("time,number,duration,direction\n"
            "yesterday,+74951234567,10,out\n"
            "2026-11-23 09:00,,10,out\n"
            "2026-11-23 09:00,+74951234567,ten,out\n"
            "2026-11-23 09:00,+74951234567,10,sideways\n"
            "\n"
            "2026-11-23 09:00,+74951234567,10,out\n")
    log = read_phone_log(text.encode(), MOSCOW)
    assert [problem.line for problem in log.problems] == [2, 3, 4, 5]
    assert "yesterday" in log.problems[0].message
    assert [row.line for row in log.rows] == [7] and log.read == 5


@pytest.mark.parametrize("data", [b"", b"\n\n", b"who,what\n1,2\n", "время;длительность\n".encode("cp1251")])
def test_a_file_without_time_and_number_columns_is_refused(data):
    with pytest.raises(PhoneLogError):
        read_phone_log(data, MOSCOW)


@pytest.mark.parametrize(("text", "seconds"), [("", 0), ("75", 75), ("75.4", 75), ("1:15", 75), ("1:00:05", 3605)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


# The import service: matching, duplicates, one audit event, head only ---------------------------

PBX = """Время;Направление;Номер;Длительность;Отвечен;Менеджер
23.11.2026 09:05;исх;8 (495) 123-45-67;75;да;101
23.11.2026 09:06;исх;8 (495) 123-45-67;75;да;BORIS
23.11.2026 09:07;вх;+7 999 000-00-00;5;да;777
23.11.2026 09:05;исх;8 (495) 123-45-67;75;да;101
завтра;исх;8 (495) 123-45-67;75;да;101
"""


def test_the_import_matches_leads_and_managers_and_skips_duplicates(ctx, head, anna, boris, new_lead, tmp_path):  # noqa: F811
    ctx.settings = replace(ctx.settings, phone_extensions={"101": "anna"})
    lead = new_lead(head, phone="+7 495 123 45 67", owner_login="anna")
    path = tmp_path / "pbx.csv"
    path.write_bytes(PBX.encode("cp1251"))
    first = import_phone_file(ctx, head, path)
    assert (first.read, first.imported, first.matched_leads, first.matched_managers, first.unmatched,
            first.duplicates, len(first.problems)) == (5, 3, 2, 2, 1, 1, 1)
    assert first.problems[0].line == 6
    again = import_phone_file(ctx, head, path)
    assert (again.imported, again.duplicates) == (0, 4)
    with ctx.db.read() as session:
        rows = session.execute(select(PhoneCall.lead_id, PhoneCall.manager_id, PhoneCall.number_norm,
                                      PhoneCall.answered, PhoneCall.source).order_by(PhoneCall.id)).all()
        events = session.scalars(select(AuditEntry.new).where(AuditEntry.action == "phone_log.import")).all()
    assert rows == [(lead, anna.id, "+74951234567", True, "pbx.csv"), (lead, boris.id, "+74951234567", True, "pbx.csv"),
                    (None, None, "+79990000000", True, "pbx.csv")]
    assert len(events) == 2 and "imported 3" in events[0] and "duplicates 4" in events[1]


def test_only_the_head_imports_and_an_unreadable_file_is_refused(ctx, head, anna, tmp_path):  # noqa: F811
    path = tmp_path / "pbx.csv"
    path.write_text("time,number\n2026-11-23 09:00,+74951234567\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        import_phone_file(ctx, anna, path)
    with pytest.raises(InvalidInput):
        import_phone_file(ctx, head, tmp_path / "missing.csv")
    (tmp_path / "bad.csv").write_bytes(b"who,what\n1,2\n")
    with pytest.raises(InvalidInput, match="bad.csv"):
        import_phone_file(ctx, head, tmp_path / "bad.csv")
    with ctx.db.read() as session:
        assert session.scalars(select(PhoneCall.id)).all() == []


def test_an_xlsx_call_log_is_read_like_a_csv(tmp_path):
    from openpyxl import Workbook

    from salescockpit.imports.phone_log import read_phone_log_file

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Время", "Номер", "Длительность", "Логин"])
    sheet.append([datetime(2026, 11, 23, 9, 5), "+74951234567", 75, "anna"])
    workbook.save(tmp_path / "pbx.xlsx")
    log = read_phone_log_file(tmp_path / "pbx.xlsx", MOSCOW)
    assert log.problems == []
    assert [(row.started_at, row.duration_seconds, row.extension, row.answered) for row in log.rows] == [
        (datetime(2026, 11, 23, 6, 5, tzinfo=timezone.utc), 75, "anna", True)]


def test_hostile_cells_are_kept_as_text_and_an_overlong_one_refuses_its_row(ctx, head, tmp_path):  # noqa: F811
    """A number or extension cell with quotes, %, _ or \\ is stored as written; one longer than its
    column is refused with its line (it was cut to 64 characters in silence)."""
    hostile = "'; DROP TABLE leads; -- %_\\"
    text = ("time,number,duration,extension\n"
            f"2026-11-23 09:00,\"{hostile}\",10,\"{hostile}\"\n"
            f"2026-11-23 09:01,{'7' * 65},10,101\n"
            f"2026-11-23 09:02,+74951234567,10,{'x' * 65}\n")
    path = tmp_path / "pbx.csv"
    path.write_bytes(text.encode("utf-8"))
    result = import_phone_file(ctx, head, path)
    assert [problem.line for problem in result.problems] == [3, 4]
    assert all("longer than 64 characters" in problem.message for problem in result.problems)
    with ctx.db.read() as session:
        rows = session.execute(select(PhoneCall.number, PhoneCall.extension)).all()
    assert [tuple(row) for row in rows] == [(hostile, hostile)]
