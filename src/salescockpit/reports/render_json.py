"""The report as JSON with a stable, documented structure (docs/report-json.md).

Keys keep their order; instants are ISO 8601 in the team timezone with the offset; rates
and means have one decimal. The same report gives the same bytes on any database.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .figures import SECTIONS, Figures, Report
from .money_layout import money_object

FORMAT_NAME = "salescockpit-daily-report"
FORMAT_VERSION = 1


def _plain(value: Any, tz: ZoneInfo) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(tz).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item, tz) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {field.name: _plain(getattr(value, field.name), tz) for field in fields(value)}
    return value


def figures_object(figures: Figures, tz: ZoneInfo) -> dict[str, Any]:
    """``{"calls": {...}, "first_contact": {...}, ...}`` in section order."""
    return {section: _plain(getattr(figures, section), tz) for section in SECTIONS}


def report_object(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready values."""
    tz = ZoneInfo(report.timezone)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "date": report.day.isoformat(),
        "period": report.period,
        "timezone": report.timezone,
        "as_of": _plain(report.as_of, tz),
        "complete": report.complete,
        "scope": report.scope,
        "team": figures_object(report.team, tz),
        "managers": [
            {"login": entry.login, "name": entry.name, **figures_object(entry.figures, tz)}
            for entry in report.managers
        ],
        "problems": [
            {
                "kind": problem.kind,
                "id": problem.ref_id,
                "lead_id": problem.lead_id,
                "lead": problem.lead_name,
                "company": problem.company,
                "manager": problem.manager_login,
                "manager_name": problem.manager_name,
                "at": _plain(problem.at, tz),
                "detail": problem.detail,
            }
            for problem in report.problems
        ],
        "problems_total": dict(report.problems_total),
        "deltas": {
            delta.key: {
                "value": delta.value,
                "yesterday": delta.yesterday,
                "change": delta.change,
                "mean_7d": delta.mean_7d,
                "change_vs_mean": delta.change_vs_mean,
            }
            for delta in report.deltas
        },
        "trend": [_plain(point, tz) for point in report.trend],
        "listening": _plain(report.listening, tz),
        "money": money_object(report),
        "notes": list(report.notes),
    }


def render_json(report: Report) -> bytes:
    """UTF-8 JSON, indented, ending with a newline."""
    text = json.dumps(report_object(report), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
