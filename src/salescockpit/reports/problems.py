"""The leads behind the worst numbers, so the report can be acted on.

Three kinds, in this order: callbacks overdue at the end of the day (oldest first), calls
the head failed that day, and objections raised that day still open at its end. Each kind is
capped at `PROBLEMS_PER_KIND` rows; the totals are the figures themselves. Each names the
manager it counts for: who made the call, or who owed the callback at the end of the day. A
manager viewing the report sees only the problems on leads they own now (`Window.visible`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from salescockpit.i18n import _

from .activity_counts import raised_column
from .figures import Problem
from .owners import Ownership
from .window import Window, call_objections, call_reviews, callbacks, calls, leads, objection_types, users

PROBLEMS_PER_KIND = 100
KINDS = ("overdue_callback", "failed_call", "open_objection")


def _lead_columns(owner_column):
    return (leads.c.id, leads.c.name, leads.c.company, users.c.login, users.c.display_name, owner_column)


def _overdue_callbacks(session: Session, window: Window) -> list[Problem]:
    """Callbacks overdue at the end of the day, with whoever owed them then (`reports.owners`)."""
    end = window.end
    owed = Ownership.of(session, end).then(callbacks, "callback", end, at_end=True)
    base = (
        select(callbacks.c.id, callbacks.c.due_at, *_lead_columns(owed.owner))
        .select_from(
            owed.source.join(leads, leads.c.id == callbacks.c.lead_id).join(users, users.c.id == owed.owner)
        )
        .where(callbacks.c.due_at < end)
        .order_by(callbacks.c.due_at, callbacks.c.id)
        .limit(PROBLEMS_PER_KIND)
    )
    base = window.visible(base)
    still_open = base.where(callbacks.c.status == "open")
    closed_later = base.where(callbacks.c.done_at >= end)
    found = []
    for query in (still_open, closed_later):
        for callback_id, due_at, lead_id, name, company, login, manager, _owner in session.execute(
            window.narrow(query, owed.owner)
        ):
            detail = _("due {due}").format(due=local_time(due_at, window))
            found.append(Problem("overdue_callback", callback_id, lead_id, name, company, login, due_at, detail,
                                 manager))
    found.sort(key=lambda problem: (problem.at, problem.ref_id))
    return found[:PROBLEMS_PER_KIND]


def _failed_calls(session: Session, window: Window) -> list[Problem]:
    """The day's failed reviews, by their call's start. The day's reviews are taken first (a CTE,
    MATERIALIZED on PostgreSQL): left to itself, PostgreSQL walked `ix_calls_started` from the
    oldest call hoping to meet 50 recent reviews early, 46 s at 10 million calls, against 1.3 s."""
    day = (
        select(call_reviews.c.call_id, call_reviews.c.score, call_reviews.c.failed_critical)
        .where(
            window.during(call_reviews.c.created_at),
            or_(call_reviews.c.passed.is_(False), call_reviews.c.failed_critical.is_(True)),
        )
        .cte("day_failed_reviews")
    )
    if session.get_bind().dialect.name == "postgresql":
        day = day.prefix_with("MATERIALIZED")
    query = (
        select(
            calls.c.id, calls.c.started_at, day.c.score, day.c.failed_critical,
            *_lead_columns(calls.c.manager_id),
        )
        .select_from(
            day.join(calls, calls.c.id == day.c.call_id)
            .join(leads, leads.c.id == calls.c.lead_id)
            .join(users, users.c.id == calls.c.manager_id)
        )
        .order_by(calls.c.started_at, calls.c.id)
        .limit(PROBLEMS_PER_KIND)
    )
    found = []
    for call_id, started_at, score, critical, lead_id, name, company, login, manager, _id in session.execute(
        window.visible(window.narrow(query, calls.c.manager_id))
    ):
        shown = "-" if score is None else f"{score:.1f}"
        detail = (_("score {score}, critical miss") if critical else _("score {score}")).format(score=shown)
        found.append(Problem("failed_call", call_id, lead_id, name, company, login, started_at, detail, manager))
    return found


def _open_objections(session: Session, window: Window) -> list[Problem]:
    end = window.end
    query = (
        select(
            call_objections.c.id, call_objections.c.raised_at, objection_types.c.label,
            *_lead_columns(calls.c.manager_id),
        )
        .select_from(
            call_objections.join(calls, calls.c.id == call_objections.c.call_id)
            .join(objection_types, objection_types.c.id == call_objections.c.type_id)
            .join(leads, leads.c.id == calls.c.lead_id)
            .join(users, users.c.id == calls.c.manager_id)
        )
        .where(
            window.during(raised_column(window.user_id)),
            call_objections.c.handled.is_(False),
            or_(call_objections.c.resolved_at.is_(None), call_objections.c.resolved_at >= end),
        )
        .order_by(call_objections.c.raised_at, call_objections.c.id)
        .limit(PROBLEMS_PER_KIND)
    )
    found = []
    for objection_id, raised_at, label, lead_id, name, company, login, manager, _id in session.execute(
        window.visible(window.narrow(query, calls.c.manager_id))
    ):
        found.append(Problem("open_objection", objection_id, lead_id, name, company, login, raised_at, _(label),
                             manager))
    return found


def find_problems(session: Session, window: Window) -> tuple[Problem, ...]:
    """Every problem of the day in report order (kind, then oldest first)."""
    return (
        *_overdue_callbacks(session, window),
        *_failed_calls(session, window),
        *_open_objections(session, window),
    )


def problem_kind_label(kind: str) -> str:
    labels = {
        "overdue_callback": _("Overdue callback"),
        "failed_call": _("Failed call"),
        "open_objection": _("Open objection"),
    }
    return labels.get(kind, kind)


def local_time(moment: datetime, window: Window) -> str:
    """``moment`` as local "YYYY-MM-DD HH:MM" in the team timezone."""
    return moment.astimezone(window.settings.tz).strftime("%Y-%m-%d %H:%M")
