"""Build the daily control report from the store: queries -> tallies -> frozen `Report`.

`build_report(source, day)` takes a `ServiceContext` (its settings and clock are used) or a
SQLAlchemy `Session` (pass ``settings`` and ``now``; without ``now`` the day counts as over).
The wall clock is never read here. A manager gets only their own figures: pass ``actor`` and
the build narrows (or refuses) the scope itself, whatever the caller asked: a manager asking
for another manager's report gets PermissionDenied. A manager's figures count their own work,
and the leads and callbacks they owned then (`reports.owners`), so a hand-over changes no past
day; the problems listed are those on leads they own now (`store.queries.visibility`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from salescockpit.config import Settings
from salescockpit.i18n import _
from salescockpit.services.actor import Actor, normalize_login
from salescockpit.services.errors import NotFound, PermissionDenied

from .activity_counts import count_calls, count_compliance, count_first_contact, count_missed_items, count_objections
from .callback_counts import count_callbacks_due, count_overdue
from .backlog_counts import count_backlog_age
from .comparison import deltas, trend_point
from .control_counts import count_control
from .figures import ManagerFigures, Report, TrendPoint
from .labels import load_labels
from .listening_counts import listening_figures
from .money_counts import MoneyPeriod, count_money
from .next_step import count_no_next_step
from .pipeline_counts import count_rechecks, count_reviews, count_stage_moves
from .problems import KINDS, PROBLEMS_PER_KIND, find_problems
from .tally import Tallies, Tally, finish
from .window import Span, Window, users

COMPARED_DAYS = 7
TREND_DAYS = 7


@contextmanager
def _opened(
    source, settings: Settings | None, now: datetime | None
) -> Iterator[tuple[Session, Settings, datetime | None]]:
    """A read session with the settings and "now" that go with ``source``."""
    if isinstance(source, Session):
        yield source, settings or Settings(timezone="UTC"), now
        return
    with source.db.read() as session:
        yield session, settings or source.settings, now if now is not None else source.clock.now()


def _scope_user(session: Session, manager_login: str | None, actor: Actor | None) -> tuple[int, str] | None:
    """The (id, login) the report is narrowed to, after the permission check; None = team."""
    if actor is not None and not actor.is_head:
        if manager_login is not None and normalize_login(manager_login) != actor.login:
            raise PermissionDenied(_("A manager can see only their own report."))
        manager_login = actor.login
    if manager_login is None:
        return None
    row = session.execute(
        select(users.c.id, users.c.login).where(users.c.login == normalize_login(manager_login))
    ).first()
    if row is None:
        raise NotFound(_("There is no user {login}.").format(login=manager_login))
    return row[0], row[1]


def _viewer_id(actor: Actor | None) -> int | None:
    """The manager whose view this is (None for the head, or a build without an actor)."""
    return actor.id if actor is not None and not actor.is_head else None


SPAN_COUNTS = (
    count_calls, count_first_contact, count_compliance, count_objections, count_callbacks_due,
    count_overdue, count_stage_moves, count_rechecks, count_reviews,
)


def _managers(session: Session, tallies: Tallies, scope: tuple[int, str] | None, labels) -> list[ManagerFigures]:
    """Every active manager, and anyone else with a figure that day (a narrowed report: just them)."""
    if scope is not None:
        condition = users.c.id == scope[0]
    else:
        condition = or_(users.c.role == "manager", users.c.id.in_(sorted(tallies.users)))
    rows = session.execute(
        select(users.c.id, users.c.login, users.c.display_name, users.c.role, users.c.active).where(condition)
    ).all()
    result = []
    # By login, sorted here: ORDER BY would follow the database's collation (see store.text_order).
    for user_id, login, name, role, active in sorted(rows, key=lambda row: row.login):
        tally = tallies.users.get(user_id) or Tally()
        if scope is None and not (role == "manager" and active) and not tally.has_figures():
            continue
        if tally.no_next_step is None and tallies.team.no_next_step is not None:
            tally.no_next_step = 0
        result.append(ManagerFigures(login=login, name=name, figures=finish(tally, labels)))
    return result


def _notes(window: Window, report_problems, totals: dict[str, int]) -> list[str]:
    notes = []
    if not window.complete:
        local = window.end.astimezone(window.settings.tz).strftime("%H:%M")
        notes.append(_("The day is not over: figures are as of {time} and compared with full days.").format(time=local))
    notes += [
        _("Callbacks overdue and leads with no next step are rebuilt for the end of the day from timestamps; "
          "a rescheduled callback counts with its current due time."),
        _("The size of the review queue cannot be rebuilt for a past day and is not reported; "
          "its main reasons (overdue callbacks, leads with no next step) are."),
        _("Callbacks, new leads and stage moves count for whoever owned the lead or the callback then; junk "
          "claims for the manager who marked the lead; won value and lost reasons are the lead's current ones."),
    ]
    shown = {kind: sum(1 for problem in report_problems if problem.kind == kind) for kind in KINDS}
    if any(totals[kind] > shown[kind] for kind in KINDS):
        notes.append(_("Only the first {count} problems of each kind are listed.").format(count=PROBLEMS_PER_KIND))
    return notes


def build_report(
    source,
    day: date,
    manager_login: str | None = None,
    *,
    actor: Actor | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> Report:
    """The report of local ``day``: the team (or one manager), per manager, problems, deltas, notes."""
    with _opened(source, settings, now) as (session, settings, now):
        scope = _scope_user(session, manager_login, actor)
        window = Window.of(day, settings, now, scope[0] if scope else None, _viewer_id(actor))
        labels = load_labels(session)
        span = Span.ending(window, COMPARED_DAYS + 1, now)
        days = [Tallies() for _window in span.windows]
        for count in SPAN_COUNTS:
            count(session, span, days)
        tallies = days[-1]
        count_missed_items(session, window, tallies)
        count_no_next_step(session, window, tallies)
        count_control(session, window, tallies)
        count_backlog_age(session, window, tallies)
        team = finish(tallies.team, labels)
        previous = [finish(earlier.team, labels) for earlier in reversed(days[:-1])]
        report_problems = find_problems(session, window)
        totals = {
            "overdue_callback": team.callbacks.overdue_at_end,
            "failed_call": team.compliance.failed,
            "open_objection": team.objections.open_at_end,
        }
        trend = [
            trend_point(other.day, finish(earlier.team, {}))
            for other, earlier in zip(span.windows[-TREND_DAYS:-1], days[-TREND_DAYS:-1])
        ]
        trend.append(trend_point(day, team))
        managers = tuple(_managers(session, tallies, scope, labels))
        return Report(
            day=day,
            timezone=settings.timezone,
            as_of=window.end,
            complete=window.complete,
            scope=scope[1] if scope else "team",
            team=team,
            managers=managers,
            problems=report_problems,
            problems_total=totals,
            deltas=deltas(team, previous),
            trend=tuple(trend),
            notes=tuple(_notes(window, report_problems, totals)),
            listening=listening_figures(session, window),
            money=money_section(session, window, "day", scope, actor, managers),
        )


def money_section(session: Session, window: Window, period: str, scope, actor: Actor | None, managers):
    """The money section counted to ``window``'s day, for the team and each manager shown."""
    settings = window.settings
    counted = MoneyPeriod(period, window.day, window.start, window.end, settings.currency,
                          settings.company.churn_months, window.complete)
    viewer = actor if actor is not None and not actor.is_head else None
    return count_money(session, counted, [(entry.login, entry.name) for entry in managers],
                       user_id=scope[0] if scope else None, viewer=viewer)


def build_trend(
    source,
    last_day: date,
    days: int = 30,
    manager_login: str | None = None,
    *,
    actor: Actor | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> tuple[TrendPoint, ...]:
    """Average score, overdue callbacks at the end of the day and reach, for ``days`` days to ``last_day``."""
    with _opened(source, settings, now) as (session, settings, now):
        scope = _scope_user(session, manager_login, actor)
        last = Window.of(last_day, settings, now, scope[0] if scope else None, _viewer_id(actor))
        span = Span.ending(last, days, now)
        tallies = [Tallies() for _window in span.windows]
        for count in (count_calls, count_compliance, count_overdue):
            count(session, span, tallies)
        return tuple(trend_point(window.day, finish(day.team, {})) for window, day in zip(span.windows, tallies))
