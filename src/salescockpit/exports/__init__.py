"""Exporting leads and calls as CSV (UTF-8 with BOM) or XLSX, in columns the importer reads back.

Text is neutralised against spreadsheet formulas (`reports.safe_cells`); numbers stay numbers.
A manager's export holds only their own leads and calls (the query enforces it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from salescockpit.clock import local_day_bounds
from salescockpit.reports.safe_cells import neutralise

FORMATS = ("csv", "xlsx")


def window(start: date | None, end: date | None, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """``start``..``end`` (whole days in ``tz``, both inclusive) as UTC-comparable instants."""
    since = local_day_bounds(start, tz)[0] if start else None
    until = local_day_bounds(end, tz)[1] if end else None
    return since, until


def local_text(moment: datetime | None, tz: ZoneInfo) -> str:
    """An instant as team wall time, "YYYY-MM-DD HH:MM" (blank for None)."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def render_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> bytes:
    """``rows`` under ``headers`` as CSV (UTF-8 with BOM, comma) or XLSX; text neutralised."""
    if fmt == "xlsx":
        return _xlsx(headers, rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(headers))
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
