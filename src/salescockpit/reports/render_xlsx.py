"""The report as an Excel workbook: a sheet per section, the talk ratio, deltas, problems and notes.

Numbers are numbers, dates and times are real date cells (local wall time), the header row
is frozen and columns have widths. Text from the database is neutralised so nothing runs as
a formula. The file is reproducible: document times are the report's "as of" and the zip
entries carry a fixed timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from salescockpit.i18n import _, pgettext

from .figures import SECTIONS, Report
from .flat import figure_headers, lead_headers, local_naive, scope_rows
from .listening_layout import listening_sheets
from .layout import label, manager_text, section_title
from .money_layout import has_money, money_headers, money_rows, money_title
from .problems import problem_kind_label
from .safe_cells import neutralise

_FORBIDDEN_IN_SHEET_NAMES = str.maketrans({char: " " for char in "[]:*?/\\"})
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _sheet_name(title: str, used: set[str]) -> str:
    name = title.translate(_FORBIDDEN_IN_SHEET_NAMES).strip()[:31] or _("Sheet")
    base, number = name, 2
    while name.casefold() in used:
        suffix = f" {number}"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.casefold())
    return name


def _fill(sheet, headers: list[str], rows: list[list[Any]]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(header)) for header in headers]
    for row in rows:
        sheet.append(row)
        for index, value in enumerate(row):
            shown = 16 if isinstance(value, datetime) else 10 if isinstance(value, date) else len(str(value))
            widths[index] = max(widths[index], shown)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, float):
                cell.number_format = "0.0"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
    sheet.freeze_panes = "D2" if headers[:3] == lead_headers() else "A2"


def _reproducible(data: bytes) -> bytes:
    """The same zip with fixed entry timestamps (openpyxl stamps the wall clock)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return target_buffer.getvalue()


def render_xlsx(report: Report) -> bytes:
    """The workbook's bytes."""
    tz = ZoneInfo(report.timezone)
    book = Workbook()
    used: set[str] = set()
    book.remove(book.active)
    for section in SECTIONS:
        sheet = book.create_sheet(_sheet_name(section_title(section), used))
        headers = lead_headers() + [header for _key, header in figure_headers(section)]
        _fill(sheet, headers, scope_rows(report, section))
    for title, headers, rows in listening_sheets(report):
        _fill(book.create_sheet(_sheet_name(title, used)), headers, rows)
    if has_money(report):
        money = book.create_sheet(_sheet_name(money_title(report), used))
        _fill(money, lead_headers() + money_headers(report),
              [[*row[:3], *cells] for row, cells in zip(scope_rows(report, "calls"), money_rows(report), strict=True)])
    deltas = book.create_sheet(_sheet_name(_("Since yesterday"), used))
    _fill(
        deltas,
        [_("Figure"), _("Key"), _("Today"), _("Yesterday"), _("Change"), _("7-day mean"), _("vs mean")],
        [[label(d.key), d.key, d.value, d.yesterday, d.change, d.mean_7d, d.change_vs_mean] for d in report.deltas],
    )
    problems = book.create_sheet(_sheet_name(_("Problems"), used))
    _fill(
        problems,
        [_("Problem"), _("Lead id"), _("Lead"), _("Company"), _("Manager"), _("When"), _("Detail")],
        [
            [problem_kind_label(p.kind), p.lead_id, neutralise(p.lead_name), neutralise(p.company),
             neutralise(manager_text(p)), local_naive(p.at, tz), neutralise(p.detail)]
            for p in report.problems
        ],
    )
    notes = book.create_sheet(_sheet_name(_("Notes"), used))
    as_of = local_naive(report.as_of, tz)
    about = [[_("Report date"), report.day], [_("As of"), as_of], [_("Time zone"), report.timezone],
             [_("Scope"), neutralise(report.scope)]]
    _fill(notes, [_("Item"), pgettext("setting", "Value")], about + [[_("Note"), note] for note in report.notes])
    book.properties.creator = "salescockpit"
    book.properties.created = book.properties.modified = as_of
    output = io.BytesIO()
    # ExcelWriter rather than book.save, which stamps "modified" with the wall clock: the same
    # report must give the same bytes whenever it is rendered.
    ExcelWriter(book, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _reproducible(output.getvalue())
