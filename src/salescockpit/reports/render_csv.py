"""The report as CSV: one row per manager plus a team row, UTF-8 with a BOM (Excel reads it).

The talk ratio from recordings (`listening_layout.talk_cells`) closes each row. Numbers stay numbers, instants are local "YYYY-MM-DD HH:MM", breakdowns one text cell, and
every text from the database is neutralised against formula injection.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from .figures import Report
from .flat import figure_headers, lead_headers, row_logins, scope_rows
from .listening_layout import talk_cells, talk_headers
from .money_layout import has_money, money_headers, money_rows

SEPARATORS = (",", ";")


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return value


def render_csv(report: Report, separator: str = ",") -> bytes:
    """The CSV file's bytes; ``separator`` is "," or ";"."""
    if separator not in SEPARATORS:
        raise ValueError(f"separator must be one of {SEPARATORS}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    money = has_money(report)
    writer.writerow(lead_headers() + [header for _key, header in figure_headers()] + talk_headers()
                    + (money_headers(report) if money else []))
    rows = scope_rows(report)
    extra = money_rows(report) if money else [[] for _row in rows]
    for login, row, cells in zip(row_logins(report), rows, extra, strict=True):
        writer.writerow([_text(value) for value in row + talk_cells(report, login) + cells])
    return buffer.getvalue().encode("utf-8-sig")
