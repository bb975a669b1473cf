"""Reading a CSV or XLSX file as a header and rows of text, each row with its 1-based line.

CSV: the encoding is found among UTF-8 with BOM, UTF-8 and cp1251 (in that order), the
delimiter among ``,`` ``;`` and tab (the one the header line uses most, outside quotes).
XLSX: the first sheet, read-only; numbers that are whole come back without ".0".
Blank rows are skipped but never renumber the others. `TableError` means nothing could be read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from salescockpit.i18n import _

ENCODINGS = ("utf-8-sig", "utf-8", "cp1251")
DELIMITERS = (",", ";", "\t")


class TableError(Exception):
    """The file cannot be read as a table at all; the message says why."""


@dataclass(frozen=True)
class Row:
    """One data row: the line (CSV) or row number (XLSX) it starts on, and its cells as text."""

    line: int
    cells: tuple[str, ...]


@dataclass
class Table:
    """A file read as text: its header, its rows, and how it was read."""

    headers: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    header_line: int = 1  # where the header row starts (a headerless file's first data row)


def read_table(path: Path) -> Table:
    """The table in ``path`` (by suffix: .xlsx/.xlsm as a workbook, anything else as CSV)."""
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TableError(_("Cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)) from error
    return read_csv_bytes(data)


def decode(data: bytes) -> tuple[str, str]:
    """``data`` as text and the encoding that read it; TableError when none does."""
    for encoding in ENCODINGS:
        if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
            continue
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TableError(_("The file is neither UTF-8 nor cp1251 text."))


def detect_delimiter(text: str) -> str:
    """The delimiter the first non-blank line uses most (outside quotes); ``,`` by default."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_csv_bytes(data: bytes) -> Table:
    """Decode, find the delimiter, and split ``data`` into a header and numbered rows."""
    if b"\x00" in data:
        raise TableError(_("The file is binary, not CSV text."))
    text, encoding = decode(data)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: Table | None = None
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if table is None:
                table = Table(headers=tuple(cell.strip() for cell in cells), encoding=encoding, delimiter=delimiter,
                              header_line=start)
            else:
                table.rows.append(Row(start, tuple(cells)))
    except csv.Error as error:
        raise TableError(_("Line {line}: {reason}").format(line=line, reason=error)) from error
    if table is None:
        raise TableError(_("The file is empty."))
    return table


def cell_text(value: object) -> str:
    """An XLSX cell as the text a CSV would have held."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path) -> Table:
    """The first sheet of the workbook at ``path``, read-only."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise TableError(_("Cannot read {path} as an Excel workbook: {reason}").format(path=path, reason=error)) from error
    try:
        sheet = workbook.worksheets[0]
        table: Table | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(cell_text(value) for value in values)
            if not any(cell.strip() for cell in cells):
                continue
            if table is None:
                table = Table(headers=tuple(cell.strip() for cell in cells))
            else:
                table.rows.append(Row(number, cells))
    finally:
        workbook.close()
    if table is None:
        raise TableError(_("The workbook's first sheet is empty."))
    return table
