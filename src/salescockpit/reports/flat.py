"""The report as flat rows for the spreadsheet formats (csv, xlsx): raw values, no display text.

Breakdowns become one short text cell ("key: n; key: n"), instants become naive local times
(spreadsheets know no timezones), and every text from the database is neutralised.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from salescockpit.i18n import _

from .figures import SECTIONS, Count, Figures, Report, TypeCount, is_breakdown, section_items
from .layout import label, scopes, section_title
from .safe_cells import neutralise


def breakdown_cell(items: tuple[Any, ...]) -> str:
    parts = []
    for item in items:
        if isinstance(item, TypeCount):
            parts.append(f"{item.label}: {item.raised}/{item.handled}")
        elif isinstance(item, Count):
            parts.append(f"{item.label}: {item.count}")
    return neutralise("; ".join(parts))


def local_naive(moment: datetime, tz: ZoneInfo) -> datetime:
    """``moment`` as a naive local wall time in ``tz`` (to the second)."""
    return moment.astimezone(tz).replace(tzinfo=None, microsecond=0)


def raw_cell(value: Any, tz: ZoneInfo) -> Any:
    """A figure as a spreadsheet value: numbers as numbers, instants as local times."""
    if isinstance(value, datetime):
        return local_naive(value, tz)
    if is_breakdown(value):
        return breakdown_cell(value)
    return value


def figure_headers(section: str | None = None) -> list[tuple[str, str]]:
    """``[(key, header text)]`` of one section (or all), headers as "Section: Label"."""
    sections = [section] if section else list(SECTIONS)
    return [
        (key, f"{section_title(part)}: {label(key)}" if section is None else label(key))
        for part in sections
        for key, _value in section_items(Figures(), part)
    ]


def _row_scopes(report: Report):
    ordered = scopes(report)
    return ordered[1:] + ordered[:1]  # managers first, the team as the last (totals) row


def row_logins(report: Report) -> list[str | None]:
    """The login of each `scope_rows` row, in order (None for the team's or a manager's own report)."""
    return [scope.login for scope in _row_scopes(report)]


def scope_rows(report: Report, section: str | None = None) -> list[list[Any]]:
    """One row per manager, then the team row: date, login, name, then the figures."""
    tz = ZoneInfo(report.timezone)
    ordered = _row_scopes(report)
    rows = []
    for scope in ordered:
        login = scope.login if scope.login is not None else report.scope
        row: list[Any] = [report.day, neutralise(login), neutralise(scope.name)]
        for part in [section] if section else list(SECTIONS):
            row += [raw_cell(value, tz) for _key, value in section_items(scope.figures, part)]
        rows.append(row)
    return rows


def lead_headers() -> list[str]:
    return [_("Date"), _("Login"), _("Name")]
