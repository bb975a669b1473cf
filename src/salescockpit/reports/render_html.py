"""The report as one self-contained HTML file: readable on a phone, with small inline charts.

No scripts, no fonts, no images, no links: nothing is fetched from anywhere. Text from the
database is escaped, and "://" in it is written as character references so the file holds
no URL at all (it still reads the same).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from zoneinfo import ZoneInfo

from salescockpit.i18n import _
from salescockpit.l10n import day_month

from .charts import sparkline
from .figures import Report
from .layout import (
    EMPTY,
    as_of_text,
    delta_headers,
    delta_rows,
    local_text,
    manager_text,
    number_text,
    section_views,
    title_text,
)
from .listening_layout import listening_tables
from .money_layout import has_money, money_table
from .problems import problem_kind_label

STYLE = """
:root { color-scheme: light dark; --fg: #1d2330; --bg: #ffffff; --muted: #5d6675; --line: #d9dde5;
  --accent: #2f6fd0; --head: #f2f4f8; }
@media (prefers-color-scheme: dark) { :root { --fg: #e4e7ee; --bg: #15181e; --muted: #9aa3b2;
  --line: #343a46; --accent: #7aa7f0; --head: #1f232b; } }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 12px; max-width: 60rem; font: 15px/1.45 system-ui, sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.3rem; margin: 0.2rem 0; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; border-bottom: 1px solid var(--line); }
.muted, .notes { color: var(--muted); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; min-width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { background: var(--head); }
td.text { text-align: left; white-space: normal; }
.charts { display: flex; flex-wrap: wrap; gap: 0.8rem; }
figure { margin: 0; padding: 0.4rem; border: 1px solid var(--line); border-radius: 6px; }
figcaption { font-size: 0.85rem; color: var(--muted); }
.spark { display: block; max-width: 100%; height: auto; }
.spark .line { fill: none; stroke: var(--accent); stroke-width: 2; }
.spark .dot { fill: var(--accent); }
.spark .axis { stroke: var(--line); stroke-width: 1; }
ul { padding-left: 1.2rem; }
"""


def text(value: object) -> str:
    """Escaped text with any "://" written as references, so no URL appears in the file."""
    return escape(str(value)).replace("://", ":&#47;&#47;")


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], text_columns: Iterable[int] = ()) -> str:
    wide = set(text_columns)
    head = "".join(f"<th>{text(cell)}</th>" for cell in headers)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="text">{text(cell)}</td>' if index in wide else f"<td>{text(cell)}</td>"
            for index, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def _number(value: float | None) -> str:
    return EMPTY if value is None else number_text(value)


def _charts(report: Report) -> str:
    series = [
        (_("Average score"), [point.average_score for point in report.trend]),
        (_("Overdue callbacks at end of day"), [float(point.overdue_at_end) for point in report.trend]),
        (_("Reach %"), [point.reach_rate for point in report.trend]),
    ]
    first, last = report.trend[0].day, report.trend[-1].day
    span = f"{day_month(first)} - {day_month(last)}"
    figures = []
    for title, values in series:
        latest = _number(values[-1]) if values else EMPTY
        caption = f"{text(title)}: <strong>{text(latest)}</strong> <span>({text(span)})</span>"
        figures.append(f"<figure>{sparkline(values, title)}<figcaption>{caption}</figcaption></figure>")
    return f'<div class="charts">{"".join(figures)}</div>'


def _problems(report: Report, tz: ZoneInfo) -> str:
    if not report.problems:
        return f"<p>{text(_('No problems.'))}</p>"
    headers = (_("Problem"), _("Lead"), _("Company"), _("Manager"), _("When"), _("Detail"))
    rows = [
        (problem_kind_label(problem.kind), f"#{problem.lead_id} {problem.lead_name}", problem.company,
         manager_text(problem), local_text(problem.at, tz), problem.detail)
        for problem in report.problems
    ]
    return _table(headers, rows, text_columns=(1, 2, 5))


def render_html(report: Report) -> bytes:
    """The HTML file's bytes (UTF-8)."""
    tz = ZoneInfo(report.timezone)
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{text(title_text(report))}</title>",
        f"<style>{STYLE}</style>",
        "</head><body>",
        f"<h1>{text(title_text(report))}</h1>",
        f'<p class="muted">{text(as_of_text(report))}</p>',
        f"<h2>{text(_('Trends, last 7 days'))}</h2>",
        _charts(report),
    ]
    for view in section_views(report):
        parts.append(f"<h2>{text(view.title)}</h2>")
        parts.append(_table(view.headers, view.rows))
        if view.breakdowns:
            items = "".join(
                f"<li><strong>{text(name)}</strong>: "
                + text("; ".join(f"{who}: {line}" for who, line in pairs))
                + "</li>"
                for name, pairs in view.breakdowns
            )
            parts.append(f"<ul>{items}</ul>")
    for title, headers, rows in listening_tables(report):
        parts.append(f"<h2>{text(title)}</h2>")
        parts.append(_table(headers, rows, text_columns=(0,)))
    if has_money(report):
        title, headers, rows = money_table(report)
        parts.append(f"<h2>{text(title)}</h2>")
        parts.append(_table(headers, rows))
    parts.append(f"<h2>{text(_('Since yesterday'))}</h2>")
    parts.append(_table(delta_headers(), delta_rows(report)))
    parts.append(f"<h2>{text(_('Problems'))}</h2>")
    parts.append(_problems(report, tz))
    parts.append(f"<h2>{text(_('Notes'))}</h2>")
    parts.append('<ul class="notes">' + "".join(f"<li>{text(note)}</li>" for note in report.notes) + "</ul>")
    parts.append("</body></html>")
    return ("\n".join(parts) + "\n").encode("utf-8")
