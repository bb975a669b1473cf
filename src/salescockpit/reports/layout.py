"""How a report reads for people: the scopes in order, and every value as display text.

Shared by the Markdown, HTML and terminal views so they say the same thing the same way.
The machine formats (json, csv, xlsx) keep raw values and use only `scopes` and the labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from salescockpit.i18n import _, language
from salescockpit.l10n import full_day, number

from .figures import (
    FIELD_LABELS,
    SECTIONS,
    Count,
    Figures,
    Problem,
    Report,
    TypeCount,
    is_breakdown,
    section_items,
)

EMPTY = "-"


@dataclass(frozen=True)
class Scope:
    """One column of the report: the team (``login`` None) or a manager, titled by their name."""

    title: str
    login: str | None
    name: str
    figures: Figures


def scopes(report: Report) -> list[Scope]:
    """The team first, then each manager by login (a manager's own report: just them).

    Columns are titled by display names, as every screen names people; logins stay in
    ``login`` for the machine formats.
    """
    if report.scope != "team":
        name = scope_name(report)
        return [Scope(name, None, name, report.team)]
    team = [Scope(_("Team"), None, _("Team"), report.team)]
    return team + [
        Scope(entry.name or entry.login, entry.login, entry.name, entry.figures) for entry in report.managers
    ]


def scope_name(report: Report) -> str:
    """Whose report this is, for people: the manager's name (their login when unknown)."""
    if report.scope == "team":
        return _("team")
    return next((entry.name for entry in report.managers if entry.login == report.scope and entry.name), report.scope)


def manager_text(problem: Problem) -> str:
    """The manager a problem counts for, by name (their login when unknown)."""
    return problem.manager_name or problem.manager_login


def label(key: str) -> str:
    """The translated label of "section.field" (the key itself when unknown)."""
    return _(FIELD_LABELS.get(key, key))


def section_title(section: str) -> str:
    return _(SECTIONS[section])


def local_text(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def duration_text(seconds: int) -> str:
    """Seconds as h:mm:ss."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def number_text(value: int | float) -> str:
    """An int grouped by thousands, a float with one decimal, as the language writes them:
    "12\u202f345" and "33.4" in English (thin spaces read well in any table), "12 345" and "33,4"
    in Russian."""
    if language() != "en":
        return number(value, 1 if isinstance(value, float) else None)
    if isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}".replace(",", "\u202f")


def breakdown_text(items: tuple[Any, ...]) -> str:
    """A breakdown in a few words: "Price 2/1, No need 1/0" or "Greet 3, Budget 1"."""
    parts = []
    for item in items:
        if isinstance(item, TypeCount):
            parts.append(f"{item.label} {item.raised}/{item.handled}")
        elif isinstance(item, Count):
            parts.append(f"{item.label} {item.count}")
    return ", ".join(parts) or EMPTY


def value_text(key: str, value: Any, tz: ZoneInfo) -> str:
    """``value`` of figure ``key`` as people read it."""
    if value is None:
        return EMPTY
    if isinstance(value, datetime):
        return local_text(value, tz)
    if is_breakdown(value):
        return breakdown_text(value)
    if key == "calls.talk_seconds":
        return duration_text(value)
    return number_text(value)


def signed_text(value: float | None) -> str:
    """A change with its sign: "+2", "-0.5", "0"; "-" when unknown."""
    if value is None:
        return EMPTY
    if value == 0:
        return "0"
    text = f"{value:+.1f}"
    return text[:-2] if text.endswith(".0") else text


def delta_rows(report: Report) -> list[tuple[str, ...]]:
    """"Since yesterday" as text rows: figure, today, yesterday, change, 7-day mean, change vs mean."""

    def shown(key: str, value: float | None) -> str:
        if value is None:
            return EMPTY
        if key == "calls.talk_seconds":
            return duration_text(round(value))
        return number_text(value)

    def change(key: str, value: float | None) -> str:
        if key == "calls.talk_seconds" and value:
            return ("+" if value > 0 else "-") + duration_text(round(abs(value)))
        return signed_text(value)

    return [
        (
            f"{section_title(delta.key.split('.')[0])}: {label(delta.key)}",
            shown(delta.key, delta.value), shown(delta.key, delta.yesterday), change(delta.key, delta.change),
            shown(delta.key, delta.mean_7d), change(delta.key, delta.change_vs_mean),
        )
        for delta in report.deltas
    ]


def delta_headers() -> tuple[str, ...]:
    return (_("Figure"), _("Today"), _("Yesterday"), _("Change"), _("7-day mean"), _("vs mean"))


@dataclass(frozen=True)
class SectionView:
    """One section as a table: rows of (label, one cell per scope), then the breakdowns."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    breakdowns: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def section_views(report: Report) -> list[SectionView]:
    """Every section of ``report`` ready to print, in report order."""
    tz = ZoneInfo(report.timezone)
    columns = scopes(report)
    views = []
    for section in SECTIONS:
        per_scope = [section_items(scope.figures, section) for scope in columns]
        rows, breakdowns = [], []
        for index, (key, value) in enumerate(per_scope[0]):
            values = [items[index][1] for items in per_scope]
            if is_breakdown(value):
                pairs = tuple((scope.title, breakdown_text(item)) for scope, item in zip(columns, values) if item)
                if pairs:
                    breakdowns.append((label(key), pairs))
                continue
            rows.append((label(key), *(value_text(key, item, tz) for item in values)))
        headers = (_("Figure"), *(scope.title for scope in columns))
        views.append(SectionView(section, section_title(section), headers, tuple(rows), tuple(breakdowns)))
    return views


def title_text(report: Report) -> str:
    """"Daily control report, Fri 20 Nov 2026 (team)"."""
    who = scope_name(report)
    if report.period == "month":
        return _("Monthly control report, {month} ({who})").format(month=month_name(report.day), who=who)
    return _("Daily control report, {day} ({who})").format(day=full_day(report.day), who=who)


def month_name(day) -> str:
    """"December 2026" / "декабрь 2026"."""
    from babel.dates import format_date

    return format_date(day, "LLLL yyyy", locale=language())


def as_of_text(report: Report) -> str:
    tz = ZoneInfo(report.timezone)
    if report.period == "month":
        state = _("final") if report.complete else _("month not over")
    else:
        state = _("final") if report.complete else _("day not over")
    when = local_text(report.as_of, tz)
    return _("As of {when} {zone} ({state})").format(when=when, zone=report.timezone, state=state)
