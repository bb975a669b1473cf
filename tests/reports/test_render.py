"""Every format of the story's report: stable bytes, inert formulas, a strict HTML parse, real cells."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import html5lib
import openpyxl
import pytest

from salescockpit.reports import FORMATS, build_report, render
from salescockpit.reports.safe_cells import neutralise
from salescockpit.services.users import add_user
from tests.reports.conftest import EVIL_NAME, FRIDAY, THURSDAY

EVIL_MANAGER = "@SUM(1+1)*cmd"


@pytest.fixture
def thursday(story):
    add_user(story.ctx, "mallory", EVIL_MANAGER, "manager")
    return build_report(story.ctx, THURSDAY)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_report_twice_gives_the_same_bytes(story, fmt):
    first = render(build_report(story.ctx, FRIDAY), fmt)
    second = render(build_report(story.ctx, FRIDAY), fmt)
    assert first == second and first


def test_neutralise_only_touches_formula_text():
    assert neutralise("=1+1") == "'=1+1" and neutralise("+7 999") == "'+7 999"
    assert neutralise("-x") == "'-x" and neutralise("@x") == "'@x" and neutralise("\tx") == "'\tx"
    assert neutralise("\rx") == "'\rx" and neutralise("Anna") == "Anna"
    assert neutralise(-3) == -3 and neutralise(2.5) == 2.5


def test_csv_rows_per_manager_then_team_with_neutralised_text(thursday):
    data = render(thursday, "csv", csv_sep=";")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header, *body = rows
    assert [row[1] for row in body] == ["anna", "boris", "mallory", "team"]
    assert all(len(row) == len(header) for row in body)
    mallory = body[2]
    assert mallory[2] == "'" + EVIL_MANAGER
    made = header.index("Calls: Calls made")
    assert [row[made] for row in body] == ["2", "2", "0", "4"]
    assert body[3][header.index("Calls: Reach %")] == "75.0"
    assert body[3][header.index("Callbacks: Oldest overdue since")] == "2026-11-19 16:00"
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert EVIL_NAME not in data.decode("utf-8-sig")


def test_csv_separator_is_checked(thursday):
    assert b"," in render(thursday, "csv").split(b"\r\n")[0]
    with pytest.raises(ValueError):
        render(thursday, "csv", csv_sep="|")


def test_xlsx_keeps_numbers_and_dates_and_makes_formulas_inert(thursday):
    book = openpyxl.load_workbook(io.BytesIO(render(thursday, "xlsx")))
    assert book.sheetnames[:3] == ["Calls", "First contact", "Script compliance"]
    calls = book["Calls"]
    assert calls.freeze_panes == "D2"
    assert [cell.value for cell in calls[1]][:4] == ["Date", "Login", "Name", "Calls made"]
    team = [cell.value for cell in calls[5]]
    assert team[1] == "team" and team[3] == 4 and team[5] == 75.0
    assert isinstance(calls["A2"].value, datetime) and calls["A2"].value.date() == THURSDAY
    assert calls["C4"].value == "'" + EVIL_MANAGER and calls["C4"].data_type == "s"
    assert calls.column_dimensions["C"].width >= len(EVIL_MANAGER)
    callbacks = book["Callbacks"]
    oldest = [cell.value for cell in callbacks[5]][-1]
    assert oldest == datetime(2026, 11, 19, 16, 0)
    problems = book["Problems"]
    lead_cells = [row[2] for row in problems.iter_rows(min_row=2)]
    evil = next(cell for cell in lead_cells if "HYPERLINK" in str(cell.value))
    assert evil.data_type == "s" and isinstance(evil.value, str)
    assert not evil.value.startswith("=") and evil.value == "'" + EVIL_NAME
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_html_is_strict_self_contained_and_has_no_url(thursday):
    data = render(thursday, "html")
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)
    assert document.find(".//title") is not None
    text = data.decode("utf-8")
    assert "http://" not in text and "https://" not in text
    for external in ("<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import"):
        assert external not in text
    assert text.count("<svg") == 3
    assert "=HYPERLINK(&quot;http:&#47;&#47;x&quot;)" in text
    assert 'name="viewport"' in text


def test_json_structure(thursday):
    data = json.loads(render(thursday, "json"))
    assert list(data) == [
        "format", "version", "date", "period", "timezone", "as_of", "complete", "scope", "team", "managers",
        "problems", "problems_total", "deltas", "trend", "listening", "money", "notes",
    ]
    assert data["date"] == "2026-11-19" and data["timezone"] == "Europe/Moscow"
    assert data["as_of"] == "2026-11-20T00:00:00+03:00"
    assert [manager["login"] for manager in data["managers"]] == ["anna", "boris", "mallory"]
    assert data["team"]["callbacks"]["oldest_overdue_at"] == "2026-11-19T16:00:00+03:00"
    assert data["team"]["compliance"]["top_missed"][0]["key"] == "decision_maker"
    assert data["deltas"]["calls.made"] == {
        "value": 4, "yesterday": 0, "change": 4.0, "mean_7d": 0.0, "change_vs_mean": 4.0,
    }
    assert data["problems"][0]["kind"] == "overdue_callback"
    assert data["problems"][2]["lead"] == EVIL_NAME
    assert len(data["trend"]) == 7 and data["trend"][-1]["day"] == "2026-11-19"
    assert data["notes"]


def test_markdown_reads_as_tables(thursday):
    text = render(thursday, "md").decode("utf-8")
    assert text.startswith("# Daily control report, Thu 19 Nov 2026 (team)\n")
    assert "| Calls made |" in text.replace("  ", " ") or "| Calls made" in text
    assert "## Since yesterday" in text and "## Problems" in text and "## Notes" in text
    assert "| Figure" in text and "Team" in text and "| Анна Смирнова |" in text  # names, not logins
    assert "0:17:00" in text


def test_unknown_format(thursday):
    with pytest.raises(ValueError):
        render(thursday, "pdf")


def test_formats_render_an_empty_day(story):
    report = build_report(story.ctx, date(2026, 11, 1))
    for fmt in FORMATS:
        assert render(report, fmt)
    assert report.team.calls.reach_rate is None and report.problems == ()
