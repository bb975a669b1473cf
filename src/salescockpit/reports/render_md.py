"""The report as Markdown: readable in a terminal and pasteable into a chat.

One small table per section (a figure per row, the team and each manager per column), the
breakdowns as bullets under it, then "since yesterday", the problems and the notes.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from salescockpit.i18n import _

from .figures import Report
from .layout import (
    EMPTY,
    as_of_text,
    delta_headers,
    delta_rows,
    local_text,
    manager_text,
    section_views,
    title_text,
)
from .listening_layout import listening_tables
from .money_layout import has_money, money_table
from .problems import problem_kind_label


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (no pipes, no line breaks)."""
    return " ".join(str(text).replace("|", "\\|").split()) or EMPTY


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    cells = [[_cell(text) for text in row] for row in (headers, *rows)]
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = [row[0].ljust(widths[0])] + [text.rjust(width) for text, width in zip(row[1:], widths[1:])]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(["-" * (widths[0] + 2)] + ["-" * (width + 1) + ":" for width in widths[1:]]) + "|"
    return [line(cells[0]), rule, *(line(row) for row in cells[1:])]


def render_markdown(report: Report) -> str:
    """The whole report as Markdown text (ends with a newline)."""
    tz = ZoneInfo(report.timezone)
    lines = [f"# {title_text(report)}", "", f"_{as_of_text(report)}_", ""]
    for view in section_views(report):
        lines += [f"## {view.title}", "", *_table(view.headers, list(view.rows)), ""]
        for name, pairs in view.breakdowns:
            lines.append(f"- **{name}**: " + "; ".join(f"{_cell(who)}: {_cell(text)}" for who, text in pairs))
        if view.breakdowns:
            lines.append("")
    for title, headers, rows in listening_tables(report):
        lines += [f"## {title}", "", *_table(headers, rows), ""]
    if has_money(report):
        title, headers, rows = money_table(report)
        lines += [f"## {title}", "", *_table(headers, rows), ""]
    lines += [f"## {_('Since yesterday')}", ""]
    lines += [*_table(delta_headers(), delta_rows(report)), ""]
    lines += [f"## {_('Problems')}", ""]
    if not report.problems:
        lines.append(_("No problems."))
    for problem in report.problems:
        company = f" ({_cell(problem.company)})" if problem.company else ""
        lines.append(
            f"- {problem_kind_label(problem.kind)}: #{problem.lead_id} {_cell(problem.lead_name)}{company}, "
            f"{_cell(manager_text(problem))}, {local_text(problem.at, tz)}: {_cell(problem.detail)}"
        )
    lines += ["", f"## {_('Notes')}", ""]
    lines += [f"- {note}" for note in report.notes]
    return "\n".join(lines) + "\n"
