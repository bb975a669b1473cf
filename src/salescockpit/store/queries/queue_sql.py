"""The review-queue reasons as SQL conditions (the same rules as `domain.review.reasons_for`).

Each reason is a WHERE condition on the `leads` table plus the instant it has waited since.
The queue is walked reason by reason, worst first; a lead is listed under its worst reason
only, so each group excludes the leads that have a worse one. The conditions test the lead's
own columns and roll-ups (`store/rollups.py`: open callback due range, earliest unscored call),
so a page is an index walk that stops after the page is full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, bindparam, exists, false, func, not_, or_, select, true
from sqlalchemy.sql import Select

from ...domain.review import QueueRules, Reason, ReasonHit
from ..core_tables import call_reviews, callbacks, calls  # noqa: F401  (for queue.lead_facts)
from ..core_tables import fix_list_items, fix_lists, lead_reviews, leads, rechecks


@dataclass(frozen=True)
class QueueScope:
    """Who is looking and what they filtered: it narrows every reason alike."""

    now: datetime
    rules: QueueRules
    today: object  # date in the team timezone
    head_view: bool
    owner_id: int | None = None
    like: str | None = None


class QueueRow(NamedTuple):
    """One lead of the queue: what its row shows and every reason it is there, worst first.

    A named tuple (immutable, like the frozen dataclass it was): the page makes 50 at a time and
    the SQLite page builds them straight from its records (`queue_sqlite`), issue 22. Here
    so that both `queue` and `queue_sqlite` reach it; `queue` is where the screens import it from."""

    lead_id: int
    name: str
    company: str
    owner_login: str
    owner_name: str
    stage: str
    hits: tuple[ReasonHit, ...]
    action_text: str | None


def _junk_marked_at():
    return func.coalesce(leads.c.junk_marked_at, leads.c.stage_entered_at)


def _needs_recheck(lost_key: str) -> ColumnElement[bool]:
    marked = or_(
        leads.c.qualification.in_(("junk", "disqualified")),
        and_(leads.c.stage == lost_key, leads.c.lost_reason == "not_a_real_lead"),
    )
    not_rechecked = ~exists().where(
        rechecks.c.lead_id == leads.c.id, rechecks.c.created_at >= _junk_marked_at()
    )
    return and_(marked, not_rechecked)


def _open_stage(scope: QueueScope) -> ColumnElement[bool]:
    return leads.c.stage.not_in(sorted(scope.rules.pipeline_terminal))


def stale_before(scope: QueueScope, days: int):
    """``days`` days before `now`: a value, or in a prepared statement (`queue_sqlite`, where `now`
    is a parameter) a parameter of its own, ``stale_before_DAYS``."""
    if isinstance(scope.now, datetime):
        return scope.now - timedelta(days=days)
    return bindparam(f"stale_before_{days}", None)


def _stale(scope: QueueScope) -> ColumnElement[bool]:
    tests = [
        and_(leads.c.stage == stage, leads.c.stage_entered_at < stale_before(scope, days))
        for stage, days in sorted(scope.rules.stale_days.items())
        if days is not None and stage not in scope.rules.pipeline_terminal
    ]
    return or_(*tests) if tests else false()


def reason_condition(reason: Reason, scope: QueueScope, lost_key: str = "lost") -> ColumnElement[bool]:
    """The SQL test that a lead has ``reason`` at ``scope.now`` (mostly on the lead's roll-ups)."""
    now = scope.now
    if reason is Reason.ACTION_PENDING:
        return exists().where(
            lead_reviews.c.lead_id == leads.c.id,
            lead_reviews.c.verdict == "action",
            lead_reviews.c.action_done_at.is_(None),
        )
    if reason is Reason.OVERDUE_CALLBACK:
        # IS NOT NULL first: groups exclude worse reasons with NOT(...), and NOT(NULL) is not true.
        return and_(leads.c.open_due_min.is_not(None), leads.c.open_due_min < now)
    if reason is Reason.NEW_NOT_CONTACTED:
        return and_(
            leads.c.first_call_at.is_(None),
            _open_stage(scope),
            leads.c.created_at <= scope.rules.first_contact_cutoff,
        )
    if reason is Reason.HOT_NO_NEXT_STEP:
        return and_(leads.c.stage.in_(sorted(scope.rules.hot)), leads.c.open_due_min.is_(None))
    if reason is Reason.UNREVIEWED_CALL:
        return leads.c.unscored_since.is_not(None)
    if reason is Reason.JUNK_NOT_RECHECKED:
        return _needs_recheck(lost_key)
    if reason is Reason.STALE_IN_STAGE:
        return _stale(scope)
    if reason is Reason.NO_NEXT_STEP:
        return and_(_open_stage(scope), or_(leads.c.open_due_max.is_(None), leads.c.open_due_max < now))
    raise ValueError(reason)


def since_expression(reason: Reason, scope: QueueScope):
    """The instant the lead has waited since, for ordering inside a reason group."""
    if reason is Reason.ACTION_PENDING:
        # By due time: a fix-list action is due with its list, the head's own action at once.
        due = func.coalesce(
            select(fix_lists.c.due_at)
            .select_from(fix_list_items.join(fix_lists, fix_lists.c.id == fix_list_items.c.fix_list_id))
            .where(fix_list_items.c.lead_review_id == lead_reviews.c.id)
            .scalar_subquery(),
            lead_reviews.c.created_at,
        )
        return (
            select(func.min(due))
            .where(
                lead_reviews.c.lead_id == leads.c.id,
                lead_reviews.c.verdict == "action",
                lead_reviews.c.action_done_at.is_(None),
            )
            .scalar_subquery()
        )
    if reason is Reason.OVERDUE_CALLBACK:
        return leads.c.open_due_min
    if reason is Reason.NEW_NOT_CONTACTED:
        return leads.c.created_at
    if reason in (Reason.HOT_NO_NEXT_STEP, Reason.STALE_IN_STAGE):
        return leads.c.stage_entered_at
    if reason is Reason.UNREVIEWED_CALL:
        return leads.c.unscored_since
    if reason is Reason.JUNK_NOT_RECHECKED:
        return _junk_marked_at()
    if reason is Reason.NO_NEXT_STEP:
        return leads.c.last_activity_at
    raise ValueError(reason)


def scope_filter(scope: QueueScope, *, whole_table: bool = False) -> ColumnElement[bool]:
    """What every group shares: the viewer's leads, the text filter, not yet reviewed today.

    ``whole_table``: the statement tests every lead (today's list), so today's reviewed leads are
    read once as a list (one index range) instead of one seek per lead (100,000 seeks at 100k)."""
    tests: list[ColumnElement[bool]] = [true()]
    if scope.owner_id is not None:
        tests.append(leads.c.owner_id == scope.owner_id)
    if scope.like is not None:
        tests.append(leads.c.search_text.like(scope.like, escape="\\"))
    if scope.head_view and whole_table:
        tests.append(leads.c.id.not_in(select(lead_reviews.c.lead_id).where(lead_reviews.c.day == scope.today)))
    elif scope.head_view:
        tests.append(
            ~exists().where(lead_reviews.c.lead_id == leads.c.id, lead_reviews.c.day == scope.today)
        )
    return and_(*tests)


def group_condition(reason: Reason, scope: QueueScope) -> ColumnElement[bool]:
    """Leads whose worst reason is ``reason``."""
    worse = [r for r in Reason if r.severity < reason.severity and _applies(r, scope)]
    excluded = [not_(reason_condition(r, scope)) for r in worse]
    return and_(scope_filter(scope), reason_condition(reason, scope), *excluded)


#: Reasons that are the head's work (scoring calls, re-checking junk), not a manager's.
HEAD_ONLY_REASONS = frozenset({Reason.UNREVIEWED_CALL, Reason.JUNK_NOT_RECHECKED})


def _applies(reason: Reason, scope: QueueScope) -> bool:
    """The head's queue leaves pending actions to the managers; a manager's puts them first
    and leaves out what only the head can act on."""
    if scope.head_view:
        return reason is not Reason.ACTION_PENDING
    return reason not in HEAD_ONLY_REASONS


def group_reasons(scope: QueueScope) -> list[Reason]:
    return [r for r in Reason if _applies(r, scope)]


def group_page(
    reason: Reason, scope: QueueScope, after: tuple[datetime, int] | None, limit: int
) -> Select:
    """One keyset page of lead ids (with their `since`) whose worst reason is ``reason``."""
    since = since_expression(reason, scope).label("since")
    query = select(leads.c.id, since).where(group_condition(reason, scope))
    if after is not None:
        after_since, after_id = after  # values, or parameters in a prepared statement (`queue_sqlite`)
        since_value = since_expression(reason, scope)
        query = query.where(
            or_(since_value > after_since, and_(since_value == after_since, leads.c.id > after_id))
        )
    return query.order_by(since, leads.c.id).limit(limit)
