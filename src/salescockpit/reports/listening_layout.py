"""The listening figures as tables for the report's formats (shown when there are any).

Markdown, HTML and the Reports screen show `listening_tables`; CSV adds `talk_headers` /
`talk_cells` to each manager's row (and the team's), and the workbook a sheet of its own.
"""

from __future__ import annotations

from salescockpit.i18n import _

from .figures import Report
from .layout import EMPTY, number_text
from .safe_cells import neutralise


def _ratio_text(ratio: float | None) -> str:
    return _("no recording figures") if ratio is None else f"{number_text(round(100 * ratio, 1))}%"


def talk_title() -> str:
    return _("Talk ratio (manager's share of speech, from recordings)")


def talk_table_headers() -> tuple[str, ...]:
    return (_("Manager"), _("Calls"), _("Recorded"), _("Measured"), _("Talk ratio"))


def listening_tables(report: Report) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """[(title, headers, rows)]: agreement per checklist item, talk ratio per manager."""
    tables = []
    agreement = report.listening.agreement
    if agreement:
        rows = [(entry.key, str(entry.suggested), str(entry.kept),
                 EMPTY if entry.rate is None else f"{number_text(entry.rate)}%") for entry in agreement]
        tables.append((_("Suggestions kept by the head"),
                       (_("Checklist item"), _("Suggested"), _("Kept"), _("Agreement")), rows))
    talk = report.listening.talk
    if talk:
        rows = [(entry.name, str(entry.calls), str(entry.recorded), str(entry.measured), _ratio_text(entry.talk_ratio))
                for entry in talk]
        tables.append((talk_title(), talk_table_headers(), rows))
    return tables


def team_talk_ratio(report: Report) -> float | None:
    """The team's talk ratio: all measured speech of the managers in the report, or None."""
    manager_s = sum(entry.manager_speech_s for entry in report.listening.talk)
    total = manager_s + sum(entry.client_speech_s for entry in report.listening.talk)
    return round(manager_s / total, 3) if total else None


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else round(100 * ratio, 1)


def talk_headers() -> list[str]:
    """The spreadsheet columns added to each scope row (numbers; empty: no recording figures)."""
    return [_("Talk ratio from recordings, %"), _("Calls measured from recordings")]


def talk_cells(report: Report, login: str | None) -> list[float | int | None]:
    """The talk columns of a manager's row (``login``), or of the team row (None)."""
    if login is None:
        return [_percent(team_talk_ratio(report)), sum(entry.measured for entry in report.listening.talk)]
    for entry in report.listening.talk:
        if entry.login == login:
            return [_percent(entry.talk_ratio), entry.measured]
    return [None, 0]


def listening_sheets(report: Report) -> list[tuple[str, list[str], list[list]]]:
    """[(sheet title, headers, rows)] of raw values for the workbook: the talk ratio per manager."""
    talk = report.listening.talk
    if not talk:
        return []
    headers = [_("Login"), _("Manager"), _("Calls"), _("Recorded"), _("Measured"), _("Manager speech, s"),
               _("Client speech, s"), _("Talk ratio from recordings, %")]
    rows = [[neutralise(entry.login), neutralise(entry.name), entry.calls, entry.recorded, entry.measured,
             round(entry.manager_speech_s, 1), round(entry.client_speech_s, 1), _percent(entry.talk_ratio)]
            for entry in talk]
    return [(_("Talk ratio"), headers, rows)]
