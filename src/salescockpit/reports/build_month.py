"""Build the control report of a month (`salescockpit report --month YYYY-MM`).

The month is counted as its days (one `Span`, the same queries as the daily report, one range
scan per table), then the days are added up: what happened adds, what stood at the end of a day
(callbacks overdue, the oldest one) is the last day's. Lists that need the whole stretch (missed
checklist items, leads with no next step, the head's control, problems, listening) are counted
over one window from the month's first midnight to its end (or "now" for the month under way).
A month has no "since yesterday"; its trend is its days. The money section counts the month to
its last day (or today): collected, plan, forecast, collected on time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from datetime import date, datetime

from salescockpit.clock import local_day_bounds
from salescockpit.config import Settings
from salescockpit.domain.plans import month_bounds
from salescockpit.i18n import _
from salescockpit.services.actor import Actor

from .activity_counts import count_missed_items
from .build import SPAN_COUNTS, _managers, _opened, _scope_user, _viewer_id, money_section
from .comparison import trend_point
from .control_counts import count_control
from .figures import Report
from .labels import load_labels
from .listening_counts import listening_figures
from .next_step import count_no_next_step
from .problems import find_problems
from .tally import Tallies, Tally, finish
from .window import Span, Window

#: Tally fields that describe the end of a day rather than what happened in it.
END_OF_DAY = frozenset({"overdue_at_end", "oldest_overdue_at", "still_in_limit"})


def _add_up(days: list[Tallies]) -> Tallies:
    total = Tallies()

    def merge(target: Tally, day: Tally, last: bool) -> None:
        for field in fields(Tally):
            value = getattr(day, field.name)
            if field.name in END_OF_DAY:
                if last:
                    setattr(target, field.name, value)
            elif isinstance(value, Counter):
                getattr(target, field.name).update(value)
            elif isinstance(value, list):
                getattr(target, field.name).extend(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                setattr(target, field.name, getattr(target, field.name) + value)

    for index, day in enumerate(days):
        last = index == len(days) - 1
        merge(total.team, day.team, last)
        for user_id, tally in day.users.items():
            merge(total.users.setdefault(user_id, Tally()), tally, last)
    return total


def build_month_report(
    source,
    month_start: date,
    manager_login: str | None = None,
    *,
    actor: Actor | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> Report:
    """The report of the month starting ``month_start``, to its end or to "now"."""
    with _opened(source, settings, now) as (session, settings, now):
        scope = _scope_user(session, manager_login, actor)
        first, last = month_bounds(month_start)
        today = now.astimezone(settings.tz).date() if now is not None else last
        last_day = min(last, today)
        user_id, viewer_id = (scope[0] if scope else None), _viewer_id(actor)
        final_day = Window.of(last_day, settings, now, user_id, viewer_id)
        span = Span.ending(final_day, (last_day - first).days + 1, now)
        days = [Tallies() for _window in span.windows]
        for count in SPAN_COUNTS:
            count(session, span, days)
        month = Window(day=last_day, start=local_day_bounds(first, settings.tz)[0], end=final_day.end,
                       settings=settings, user_id=user_id, viewer_id=viewer_id)
        tallies = _add_up(days)
        tallies.team.no_next_step = None
        count_missed_items(session, month, tallies)
        count_no_next_step(session, month, tallies)
        count_control(session, month, tallies)
        labels = load_labels(session)
        team = finish(tallies.team, labels)
        report_problems = find_problems(session, month)
        managers = tuple(_managers(session, tallies, scope, labels))
        notes = [_("A month's figures add up its days; callbacks overdue are those at the end of its last day.")]
        if not final_day.complete or last_day < last:
            notes.append(_("The month is not over: figures are to {day}.").format(day=last_day.isoformat()))
        return Report(
            day=first, timezone=settings.timezone, as_of=final_day.end, complete=final_day.complete and last_day == last,
            scope=scope[1] if scope else "team", team=team, managers=managers, problems=report_problems,
            problems_total={"overdue_callback": team.callbacks.overdue_at_end, "failed_call": team.compliance.failed,
                            "open_objection": team.objections.open_at_end},
            deltas=(),
            trend=tuple(trend_point(window.day, finish(day.team, {})) for window, day in zip(span.windows, days)),
            notes=tuple(notes), listening=listening_figures(session, month),
            money=money_section(session, month, "month", scope, actor, managers), period="month",
        )


