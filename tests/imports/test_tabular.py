"""Reading CSV and XLSX files: encodings, delimiters, line numbers, and files that cannot be read."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from salescockpit.imports.tabular import TableError, read_csv_bytes, read_table

ROWS = [["Имя", "Телефон", "Компания"], ["Иван Петров", "+7 916 123-45-67", "ООО «Ромашка», Москва"],
        ["Ёлкина Анна", "8 495 123 45 67", "ИП; Ёлкина"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter_reads_the_same(write_csv, encoding, delimiter):
    table = read_table(write_csv(ROWS, encoding=encoding, delimiter=delimiter))
    assert table.headers == tuple(ROWS[0])
    assert [row.cells for row in table.rows] == [tuple(row) for row in ROWS[1:]]
    assert [row.line for row in table.rows] == [2, 3]
    assert table.delimiter == delimiter
    assert table.encoding == encoding


def test_line_numbers_count_blank_lines_and_multiline_cells():
    data = 'name,notes\r\n\r\nАнна,"first\nsecond"\r\n,\r\nБорис,x\r\n'.encode()
    table = read_csv_bytes(data)
    assert [(row.line, row.cells[0]) for row in table.rows] == [(3, "Анна"), (6, "Борис")]
    assert table.rows[0].cells[1] == "first\nsecond"


def test_a_delimiter_inside_quotes_does_not_count():
    table = read_csv_bytes('"a;b;c",name\r\n1,Анна\r\n'.encode())
    assert table.delimiter == "," and table.headers == ("a;b;c", "name")


def test_xlsx_first_sheet_with_whole_numbers_as_text(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Имя", "Телефон", "Бюджет"])
    sheet.append(["Иван", 79161234567, 150000.0])
    sheet.append([None, None, None])
    sheet.append(["Анна", "+7 495 123 45 67", 99.5])
    path = tmp_path / "leads.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.headers == ("Имя", "Телефон", "Бюджет")
    assert [(row.line, row.cells) for row in table.rows] == [
        (2, ("Иван", "79161234567", "150000")), (4, ("Анна", "+7 495 123 45 67", "99.5"))]


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"\x00\x01PK", "имя".encode("utf-8") + b"\x98\xff"])
def test_unreadable_bytes_are_a_table_error(data):
    with pytest.raises(TableError):
        read_csv_bytes(data)


def test_missing_file_and_bad_workbook(tmp_path):
    with pytest.raises(TableError):
        read_table(tmp_path / "missing.csv")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    with pytest.raises(TableError):
        read_table(fake)
