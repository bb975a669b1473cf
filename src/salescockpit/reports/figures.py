"""What the daily control report holds: frozen values, one dataclass per section.

Every renderer walks `SECTIONS` and `FIELD_LABELS`, so a figure added here shows up in every
format. Rates are percentages with one decimal (`None` when nothing was counted); durations
of first contact are working minutes; instants are aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from salescockpit.i18n import N_

from .listening_figures import ListeningFigures
from .money_figures import MoneyFigures


@dataclass(frozen=True)
class Count:
    """One row of a breakdown: a key (stable), its label (for people) and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class TypeCount:
    """Objections of one type: raised that day and how many of them were handled."""

    key: str
    label: str
    raised: int
    handled: int


@dataclass(frozen=True)
class CallFigures:
    made: int = 0
    reached: int = 0
    reach_rate: float | None = None
    talk_seconds: int = 0


@dataclass(frozen=True)
class FirstContactFigures:
    new_leads: int = 0
    contacted_in_limit: int = 0
    contacted_late: int = 0
    not_contacted_late: int = 0
    still_in_limit: int = 0
    in_limit_rate: float | None = None
    median_minutes: float | None = None


@dataclass(frozen=True)
class ComplianceFigures:
    reviewed: int = 0
    average_score: float | None = None
    passed: int = 0
    failed: int = 0
    critical_misses: int = 0
    top_missed: tuple[Count, ...] = ()


@dataclass(frozen=True)
class CallbackFigures:
    due: int = 0
    kept_on_time: int = 0
    kept_late: int = 0
    not_kept: int = 0
    kept_rate: float | None = None
    overdue_at_end: int = 0
    oldest_overdue_at: datetime | None = None


@dataclass(frozen=True)
class ObjectionFigures:
    raised: int = 0
    handled: int = 0
    handled_rate: float | None = None
    open_at_end: int = 0
    by_type: tuple[TypeCount, ...] = ()


@dataclass(frozen=True)
class QualificationFigures:
    marked_junk: int = 0
    rechecked: int = 0
    confirmed: int = 0
    returned: int = 0
    false_junk_rate: float | None = None


@dataclass(frozen=True)
class PipelineFigures:
    moved_forward: int = 0
    moved_back: int = 0
    won: int = 0
    won_value: int = 0
    lost: int = 0
    lost_reasons: tuple[Count, ...] = ()
    no_next_step: int | None = None


@dataclass(frozen=True)
class ReviewFigures:
    leads_reviewed: int = 0
    actions_given: int = 0
    actions_done: int = 0


@dataclass(frozen=True)
class ControlFigures:
    """The head's morning: reviewed, sent in fix lists, fix-list actions kept (see reports.control_counts)."""

    reviewed: int = 0
    sent: int = 0
    fixed_on_time: int = 0
    overdue: int = 0
    kept_on_time_30d_rate: float | None = None
    #: The backlog now, in whole working days waited (reports.backlog_counts); None on a past day.
    backlog_oldest_days: int | None = None
    backlog_median_days: float | None = None
    backlog_past_limit: int | None = None


@dataclass(frozen=True)
class Figures:
    """All sections for one scope (a manager, or the team)."""

    calls: CallFigures = CallFigures()
    first_contact: FirstContactFigures = FirstContactFigures()
    compliance: ComplianceFigures = ComplianceFigures()
    callbacks: CallbackFigures = CallbackFigures()
    objections: ObjectionFigures = ObjectionFigures()
    qualification: QualificationFigures = QualificationFigures()
    pipeline: PipelineFigures = PipelineFigures()
    review: ReviewFigures = ReviewFigures()
    control: ControlFigures = ControlFigures()


@dataclass(frozen=True)
class ManagerFigures:
    login: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class Problem:
    """A lead behind a bad number: `kind` is overdue_callback, failed_call or open_objection."""

    kind: str
    ref_id: int
    lead_id: int
    lead_name: str
    company: str
    manager_login: str
    at: datetime
    detail: str
    manager_name: str = ""  # the manager's display name (the login is for machines)


@dataclass(frozen=True)
class Delta:
    """A team figure against yesterday and against the mean of the 7 days before."""

    key: str
    value: float | None
    yesterday: float | None
    change: float | None
    mean_7d: float | None
    change_vs_mean: float | None


@dataclass(frozen=True)
class TrendPoint:
    """One day of the trend charts."""

    day: date
    average_score: float | None
    overdue_at_end: int
    reach_rate: float | None


@dataclass(frozen=True)
class Report:
    """The daily control report for `day` as of `as_of` (the end of the day, or now if earlier)."""

    day: date
    timezone: str
    as_of: datetime
    complete: bool
    scope: str  # "team" or a manager's login
    team: Figures
    managers: tuple[ManagerFigures, ...]
    problems: tuple[Problem, ...]
    problems_total: dict[str, int]
    deltas: tuple[Delta, ...]
    trend: tuple[TrendPoint, ...]
    notes: tuple[str, ...]
    listening: ListeningFigures = ListeningFigures()  # suggestions kept, talk ratio (issue 20)
    money: MoneyFigures = MoneyFigures()  # collected, plan, forecast, receivables (issue 18)
    period: str = "day"  # "day", or "month" (`report --month`: ``day`` is the month's first day)


#: The sections in report order: attribute of `Figures` -> title (English; translate at display).
SECTIONS: dict[str, str] = {
    "calls": N_("Calls"),
    "first_contact": N_("First contact"),
    "compliance": N_("Script compliance"),
    "callbacks": N_("Callbacks"),
    "objections": N_("Objections"),
    "qualification": N_("Qualification"),
    "pipeline": N_("Pipeline"),
    "review": N_("Review discipline"),
    "control": N_("Control"),
}

#: "section.field" -> label (English; translate at display).
FIELD_LABELS: dict[str, str] = {
    "calls.made": N_("Calls made"),
    "calls.reached": N_("Reached"),
    "calls.reach_rate": N_("Reach %"),
    "calls.talk_seconds": N_("Talk time"),
    "first_contact.new_leads": N_("New leads"),
    "first_contact.contacted_in_limit": N_("Contacted in time"),
    "first_contact.contacted_late": N_("Contacted late"),
    "first_contact.not_contacted_late": N_("Not contacted, late"),
    "first_contact.still_in_limit": N_("Still in time"),
    "first_contact.in_limit_rate": N_("In time %"),
    "first_contact.median_minutes": N_("Median min to contact"),
    "compliance.reviewed": N_("Calls reviewed"),
    "compliance.average_score": N_("Average score"),
    "compliance.passed": N_("Passed"),
    "compliance.failed": N_("Failed"),
    "compliance.critical_misses": N_("Critical misses"),
    "compliance.top_missed": N_("Missed most"),
    "callbacks.due": N_("Due"),
    "callbacks.kept_on_time": N_("Kept on time"),
    "callbacks.kept_late": N_("Kept late"),
    "callbacks.not_kept": N_("Not kept"),
    "callbacks.kept_rate": N_("Promise kept %"),
    "callbacks.overdue_at_end": N_("Overdue at end of day"),
    "callbacks.oldest_overdue_at": N_("Oldest overdue since"),
    "objections.raised": N_("Raised"),
    "objections.handled": N_("Handled"),
    "objections.handled_rate": N_("Handled %"),
    "objections.open_at_end": N_("Open at end of day"),
    "objections.by_type": N_("By type (raised/handled)"),
    "qualification.marked_junk": N_("Marked junk"),
    "qualification.rechecked": N_("Re-checked"),
    "qualification.confirmed": N_("Confirmed"),
    "qualification.returned": N_("Returned"),
    "qualification.false_junk_rate": N_("False junk %"),
    "pipeline.moved_forward": N_("Moved forward"),
    "pipeline.moved_back": N_("Moved back"),
    "pipeline.won": N_("Won"),
    "pipeline.won_value": N_("Won value"),
    "pipeline.lost": N_("Lost"),
    "pipeline.lost_reasons": N_("Lost reasons"),
    "pipeline.no_next_step": N_("Leads with no next step"),
    "review.leads_reviewed": N_("Leads reviewed"),
    "review.actions_given": N_("Actions given"),
    "review.actions_done": N_("Actions done"),
    "control.reviewed": N_("Leads reviewed one by one"),
    "control.sent": N_("Leads sent in fix lists"),
    "control.fixed_on_time": N_("Fixed on time"),
    "control.overdue": N_("Fix actions overdue"),
    "control.kept_on_time_30d_rate": N_("Kept on time, 30 days %"),
    "control.backlog_oldest_days": N_("Backlog: oldest, working days"),
    "control.backlog_median_days": N_("Backlog: median age, working days"),
    "control.backlog_past_limit": N_("Backlog: past the limit (should be 0)"),
}

#: Figures that are never compared day to day (lists, instants, end-of-day reconstructions).
NOT_COMPARED = frozenset({
    "callbacks.oldest_overdue_at", "pipeline.no_next_step",
    "control.backlog_oldest_days", "control.backlog_median_days", "control.backlog_past_limit",
})


def section_items(figures: Figures, section: str) -> list[tuple[str, Any]]:
    """``[("section.field", value), ...]`` of one section, in declaration order."""
    part = getattr(figures, section)
    return [(f"{section}.{field.name}", getattr(part, field.name)) for field in fields(part)]


def all_items(figures: Figures) -> list[tuple[str, Any]]:
    """Every figure of every section as ``("section.field", value)``."""
    return [item for section in SECTIONS for item in section_items(figures, section)]


def is_breakdown(value: Any) -> bool:
    """True for the list figures (missed items, objection types, lost reasons)."""
    return isinstance(value, tuple)


def comparable_items(figures: Figures) -> list[tuple[str, int | float | None]]:
    """The numeric figures compared against yesterday and the 7-day mean."""
    return [
        (key, value)
        for key, value in all_items(figures)
        if key not in NOT_COMPARED and not is_breakdown(value)
    ]
