"""The review queue, read side: keyset pages of leads with every reason that applies.

The page is found in SQL (`queue_sql`, worst reason first, then longest waiting); the reasons
shown for each lead are then computed by the domain rules from that lead's facts, so what the
head reads is exactly what `domain.review.reasons_for` says.

Visibility (`visibility`): the scope carries who is looking. `build_scope` narrows a manager to
their own leads (another manager's id is refused); every query here keeps to the scope's leads
in SQL, including `queue_rows`/`lead_facts` when handed lead ids, and `pending_action_ids`
refuses another manager's lead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, null, select, type_coerce
from sqlalchemy.orm import Session

from ...domain.qualification import needs_recheck
from ...domain.review import LeadFacts, QueueRules, Reason, reasons_for
from .queue_sql import (
    QueueRow,
    QueueScope,
    call_reviews,
    callbacks,
    calls,
    group_page,
    group_reasons,
    lead_reviews,
    leads,
    reason_condition,
    rechecks,
    scope_filter,
    since_expression,
)
from ..core_tables import users
from ..search import like_pattern
from ..viewer_scope import Viewer, ViewerRef, restricted, scoped_user


@dataclass(frozen=True)
class QueueCursor:
    """Where the next page starts: inside the group of ``reason``, after (since, lead_id)."""

    reason: Reason
    since: datetime
    lead_id: int


@dataclass(frozen=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    next_cursor: QueueCursor | None


def review_queue_page(
    session: Session, scope: QueueScope, after: QueueCursor | None = None, limit: int = 50
) -> QueuePage:
    """One page of the queue for ``scope``, starting after ``after``."""
    rows: list[QueueRow] = []
    last: QueueCursor | None = None  # where the rows read so far end
    reasons = group_reasons(scope)
    start = reasons.index(after.reason) if after is not None else 0
    if session.get_bind().dialect.name == "sqlite":
        # The same statement, prepared once and run on the DB-API (`queue_sqlite`).
        from .queue_sqlite import sqlite_group_rows, sqlite_read

        with sqlite_read(session) as connection:
            for reason in reasons[start:]:
                key = (after.since, after.lead_id) if after is not None and after.reason is reason else None
                group_rows, last_since = sqlite_group_rows(connection, reason, scope, key, limit - len(rows))
                if group_rows:
                    rows.extend(group_rows)
                    last = QueueCursor(reason, last_since, group_rows[-1].lead_id)
                if len(rows) >= limit:
                    break
        return QueuePage(rows=tuple(rows), next_cursor=last if len(rows) >= limit else None)
    for reason in reasons[start:]:
        key = (after.since, after.lead_id) if after is not None and after.reason is reason else None
        # One statement per group: the page's leads with every column a row shows and every
        # roll-up its reasons need (no follow-up look-ups).
        statement = group_page(reason, scope, key, limit - len(rows)).add_columns(*_row_columns(scope)).join_from(
            leads, users, users.c.id == leads.c.owner_id)
        records = session.execute(statement).all()
        rows.extend(_row_from(record[2:], scope) for record in records)
        if records:
            last = QueueCursor(reason, records[-1][1], records[-1][0])
        if len(rows) >= limit:
            break
    next_cursor = last if len(rows) >= limit else None
    return QueuePage(rows=tuple(rows), next_cursor=next_cursor)


def queue_rows(session: Session, scope: QueueScope, lead_ids: list[int]) -> list[QueueRow]:
    """Rows for ``lead_ids`` in that order, each with the reasons the domain rules give, read in
    one statement from the leads' own columns and roll-ups."""
    if not lead_ids:
        return []
    records = session.execute(
        select(*_row_columns(scope)).join_from(leads, users, users.c.id == leads.c.owner_id)
        .where(leads.c.id.in_(lead_ids), *_own_leads(scope))
    ).all()
    by_id = {record[0]: _row_from(record, scope) for record in records}
    return [by_id[lead_id] for lead_id in lead_ids if lead_id in by_id]  # SQL left out the others' leads


def _row_columns(scope: QueueScope) -> list:
    """What a queue row shows and what its reasons need, as columns of the lead's own row: its
    roll-ups (`store/rollups.py`) and three correlated seeks (last re-check, pending action)."""
    pending = and_(lead_reviews.c.lead_id == leads.c.id, lead_reviews.c.verdict == "action",
                   lead_reviews.c.action_done_at.is_(None))
    last_recheck = (select(func.max(rechecks.c.created_at)).where(rechecks.c.lead_id == leads.c.id)
                    .scalar_subquery() if scope.head_view else null())
    pending_since = (select(func.min(lead_reviews.c.created_at)).where(pending).scalar_subquery()
                     if not scope.head_view else null())
    action_text = (select(lead_reviews.c.action_text).where(pending)  # the latest pending action's words
                   .order_by(lead_reviews.c.created_at.desc(), lead_reviews.c.id.desc()).limit(1).scalar_subquery())
    return [
        leads.c.id, leads.c.name, leads.c.company, users.c.login, users.c.display_name, leads.c.stage,
        leads.c.created_at, leads.c.stage_entered_at, leads.c.last_activity_at, leads.c.first_call_at,
        leads.c.qualification, leads.c.lost_reason, leads.c.junk_marked_at, leads.c.open_due_min,
        leads.c.open_due_max, leads.c.unscored_since,
        type_coerce(last_recheck, rechecks.c.created_at.type), type_coerce(pending_since, lead_reviews.c.created_at.type),
        action_text,
    ]


def _row_from(record, scope: QueueScope) -> QueueRow:
    """A queue row from `_row_columns`: the domain rules give its reasons (`reasons_for`)."""
    (lead_id, name, company, login, display_name, stage, created, entered, activity, first_call, qualification,
     lost_reason, marked, due_min, due_max, unscored, rechecked, pending_since, action_text) = record
    marked_at = marked or entered
    facts = LeadFacts(
        stage=stage,
        created_at=created,
        stage_entered_at=entered,
        last_activity_at=activity,
        has_call=first_call is not None,
        # The earliest and latest open due time say all the rules ask of the open callbacks.
        open_callback_dues=tuple(sorted({due for due in (due_min, due_max) if due is not None})),
        unreviewed_call_starts=(unscored,) if scope.head_view and unscored is not None else (),
        needs_recheck=scope.head_view and needs_recheck(qualification, lost_reason)
        and (rechecked is None or rechecked < marked_at),
        marked_junk_at=marked_at,
        pending_action_at=pending_since,
    )
    hits = tuple(sorted(reasons_for(facts, scope.now, scope.rules), key=lambda h: (h.reason.severity, h.since)))
    return QueueRow(lead_id, name, company, login, display_name, stage, hits, action_text)


def queue_rows_from_raw_tables(session: Session, scope: QueueScope, lead_ids: list[int]) -> list[QueueRow]:
    """The rows of ``lead_ids`` with every reason re-derived from the raw tables (`lead_facts`):
    the reference the roll-up rows of `queue_rows` are tested against."""
    if not lead_ids:
        return []
    facts = lead_facts(session, scope, lead_ids)
    heads = session.execute(
        select(leads.c.id, leads.c.name, leads.c.company, users.c.login, users.c.display_name, leads.c.stage)
        .join(users, users.c.id == leads.c.owner_id)
        .where(leads.c.id.in_(lead_ids), *_own_leads(scope))
    ).all()
    actions = _pending_action_texts(session, lead_ids)
    by_id = {row[0]: row for row in heads}
    result = []
    for lead_id in lead_ids:
        if lead_id not in by_id:
            continue  # not in the viewer's scope (SQL left it out)
        _, name, company, login, display_name, stage = by_id[lead_id]
        hits = tuple(sorted(reasons_for(facts[lead_id], scope.now, scope.rules), key=lambda h: (h.reason.severity, h.since)))
        result.append(QueueRow(lead_id, name, company, login, display_name, stage, hits, actions.get(lead_id)))
    return result


def lead_facts(session: Session, scope: QueueScope, lead_ids: list[int]) -> dict[int, LeadFacts]:
    """What the domain rules need about each lead, in a handful of set queries."""
    base = session.execute(
        select(
            leads.c.id, leads.c.stage, leads.c.created_at, leads.c.stage_entered_at, leads.c.last_activity_at,
            leads.c.first_call_at, leads.c.qualification, leads.c.lost_reason, leads.c.junk_marked_at,
        ).where(leads.c.id.in_(lead_ids), *_own_leads(scope))
    ).all()
    dues: dict[int, list[datetime]] = defaultdict(list)
    for lead_id, due_at in session.execute(
        select(callbacks.c.lead_id, callbacks.c.due_at).where(
            callbacks.c.lead_id.in_(lead_ids), callbacks.c.status == "open"
        )
    ):
        dues[lead_id].append(due_at)
    last_review = dict(
        session.execute(
            select(lead_reviews.c.lead_id, func.max(lead_reviews.c.created_at))
            .where(lead_reviews.c.lead_id.in_(lead_ids))
            .group_by(lead_reviews.c.lead_id)
        ).all()
    )
    unscored: dict[int, list[datetime]] = defaultdict(list)
    for lead_id, started_at in session.execute(
        select(calls.c.lead_id, calls.c.started_at)
        .outerjoin(call_reviews, call_reviews.c.call_id == calls.c.id)
        .where(calls.c.lead_id.in_(lead_ids), call_reviews.c.id.is_(None))
    ):
        reviewed_at = last_review.get(lead_id)
        if reviewed_at is None or started_at > reviewed_at:
            unscored[lead_id].append(started_at)
    last_recheck = dict(
        session.execute(
            select(rechecks.c.lead_id, func.max(rechecks.c.created_at))
            .where(rechecks.c.lead_id.in_(lead_ids))
            .group_by(rechecks.c.lead_id)
        ).all()
    )
    pending = {}
    if not scope.head_view:
        pending = dict(
            session.execute(
                select(lead_reviews.c.lead_id, func.min(lead_reviews.c.created_at))
                .where(
                    lead_reviews.c.lead_id.in_(lead_ids),
                    lead_reviews.c.verdict == "action",
                    lead_reviews.c.action_done_at.is_(None),
                )
                .group_by(lead_reviews.c.lead_id)
            ).all()
        )
    facts = {}
    for lead_id, stage, created, entered, activity, first_call, qualification, lost_reason, marked in base:
        marked_at = marked or entered
        rechecked = last_recheck.get(lead_id)
        facts[lead_id] = LeadFacts(
            stage=stage,
            created_at=created,
            stage_entered_at=entered,
            last_activity_at=activity,
            has_call=first_call is not None,
            open_callback_dues=tuple(sorted(dues.get(lead_id, ()))),
            unreviewed_call_starts=tuple(sorted(unscored.get(lead_id, ()))) if scope.head_view else (),
            needs_recheck=scope.head_view
            and needs_recheck(qualification, lost_reason)
            and (rechecked is None or rechecked < marked_at),
            marked_junk_at=marked_at,
            pending_action_at=pending.get(lead_id),
        )
    return facts


def _own_leads(scope: QueueScope) -> list:
    """A manager's scope keeps to their own leads even when handed lead ids."""
    return [] if scope.head_view or scope.owner_id is None else [leads.c.owner_id == scope.owner_id]


def _pending_action_texts(session: Session, lead_ids: list[int]) -> dict[int, str]:
    rows = session.execute(
        select(lead_reviews.c.lead_id, lead_reviews.c.action_text)
        .where(
            lead_reviews.c.lead_id.in_(lead_ids),
            lead_reviews.c.verdict == "action",
            lead_reviews.c.action_done_at.is_(None),
        )
        .order_by(lead_reviews.c.created_at, lead_reviews.c.id)  # the id decides a tie on any database
    ).all()
    return {lead_id: text for lead_id, text in rows}


@dataclass(frozen=True)
class QueueProgress:
    reviewed_today: int
    in_queue: int
    carried_over: int


def queue_progress(session: Session, scope: QueueScope, day_start: datetime) -> QueueProgress:
    """Reviewed today, still in the queue, and how many of those were already waiting before today.

    One pass over the viewer's leads: a CASE picks each lead's worst reason (its group), and
    whether that reason's `since` is before today.
    """
    reasons = group_reasons(scope)
    conditions = [(reason_condition(reason, scope), since_expression(reason, scope)) for reason in reasons]
    in_queue = case(*[(condition, 1) for condition, _since in conditions], else_=0)
    carried_whens = []
    for condition, since in conditions:
        carried_whens.append((and_(condition, since < day_start), 1))
        carried_whens.append((condition, 0))
    carried = case(*carried_whens, else_=0)
    total, old = session.execute(
        select(func.coalesce(func.sum(in_queue), 0), func.coalesce(func.sum(carried), 0)).where(scope_filter(scope))
    ).one()
    reviewed = session.execute(
        select(func.count(func.distinct(lead_reviews.c.lead_id)))
        .select_from(lead_reviews.join(leads, leads.c.id == lead_reviews.c.lead_id))
        .where(lead_reviews.c.day == scope.today, *([leads.c.owner_id == scope.owner_id] if scope.owner_id else []))
    ).scalar_one()
    return QueueProgress(reviewed_today=reviewed, in_queue=int(total), carried_over=int(old))


def build_scope(
    settings,
    *,
    now: datetime,
    viewer_id: int,
    viewer_is_head: bool,
    manager_id: int | None = None,
    text: str | None = None,
) -> QueueScope:
    """The scope of one viewer's queue at ``now``: a manager always sees only their own leads.

    ``manager_id`` is the head's filter; a manager naming anybody else gets PermissionDenied.
    """
    rules = QueueRules.build(settings.pipeline, settings.working_hours(), settings.first_contact_limit, now)
    today = now.astimezone(settings.tz).date()
    owner_id = manager_id if viewer_is_head else scoped_user(ViewerRef(viewer_id, False), manager_id)
    like = like_pattern(text) if text and text.strip() else None
    return QueueScope(now=now, rules=rules, today=today, head_view=viewer_is_head, owner_id=owner_id, like=like)


def pending_action_ids(session: Session, lead_id: int, *, viewer: Viewer | None = None) -> list[int]:
    """The head's actions on ``lead_id`` that its manager has not marked done yet (PermissionDenied:
    another manager's lead)."""
    if restricted(viewer):
        from .visibility import require_lead_visible

        require_lead_visible(session, viewer, lead_id)
    return list(
        session.scalars(
            select(lead_reviews.c.id)
            .where(
                lead_reviews.c.lead_id == lead_id,
                lead_reviews.c.verdict == "action",
                lead_reviews.c.action_done_at.is_(None),
            )
            .order_by(lead_reviews.c.id)
        )
    )
