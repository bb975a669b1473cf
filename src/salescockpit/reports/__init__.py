"""The daily control report: build it from the store (`build_report`), render it (`render`).

Importing this package is light: the database layer and each renderer load on first use, so
the cockpit can import the report's shapes without paying for them at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .figures import Report

FORMATS = ("md", "csv", "xlsx", "html", "json")
EXTENSIONS = {"md": "md", "csv": "csv", "xlsx": "xlsx", "html": "html", "json": "json"}


def build_report(source: Any, day: Any, manager_login: str | None = None, **options: Any) -> Report:
    """See `salescockpit.reports.build.build_report`."""
    from .build import build_report as build

    return build(source, day, manager_login, **options)


def build_month_report(source: Any, month_start: Any, manager_login: str | None = None, **options: Any) -> Report:
    """See `salescockpit.reports.build_month.build_month_report`."""
    from .build_month import build_month_report as build

    return build(source, month_start, manager_login, **options)


def build_trend(source: Any, last_day: Any, days: int = 30, manager_login: str | None = None, **options: Any):
    """See `salescockpit.reports.build.build_trend`."""
    from .build import build_trend as trend

    return trend(source, last_day, days, manager_login, **options)


def render(report: Report, fmt: str, *, csv_sep: str = ",") -> bytes:
    """``report`` as the bytes of a file in format ``fmt`` (one of `FORMATS`)."""
    if fmt == "md":
        from .render_md import render_markdown

        return render_markdown(report).encode("utf-8")
    if fmt == "csv":
        from .render_csv import render_csv

        return render_csv(report, csv_sep)
    if fmt == "xlsx":
        from .render_xlsx import render_xlsx

        return render_xlsx(report)
    if fmt == "html":
        from .render_html import render_html

        return render_html(report)
    if fmt == "json":
        from .render_json import render_json

        return render_json(report)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
