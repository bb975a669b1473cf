"""Script compliance, read side: calls to review, one call with its checklist, scores per manager.

The review list is a keyset page of calls, newest first: waiting for a review, reviewed, or
reviewed and failed. Only conversations are listed unless an outcome is chosen (nobody scores
an unanswered ring). Per-manager figures cover the reviews given in a period.

Visibility (`visibility`): a manager ``viewer`` lists the calls they made on the leads they own,
opens only a call on a lead they own (another's: PermissionDenied), and gets the figures of
their own calls; a filter naming another manager is refused.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from ...domain.scoring import DEFAULT_SCRIPTS, Criticality, ScriptDefinition, script_from_mapping
from ...i18n import _
from ...services.errors import PermissionDenied
from ..tables import Call, CallObjection, CallReview, CallReviewItem, Lead, ObjectionType, Script, User
from ..text_order import by_text
from .visibility import Viewer, lead_is_visible, restricted, scoped_user

calls = Call.__table__
reviews = CallReview.__table__
review_items = CallReviewItem.__table__
leads = Lead.__table__
users = User.__table__
scripts = Script.__table__

#: Outcomes where somebody was reached: the calls worth scoring against the script.
CONVERSATION_OUTCOMES = ("reached", "callback_requested", "meeting_set", "won", "lost")
#: What the review list shows: calls waiting for a review, reviewed ones, reviewed and failed.
VIEWS = ("waiting", "reviewed", "failed")
DEFAULT_SCRIPT_NAME = DEFAULT_SCRIPTS[0].name


@dataclass(frozen=True)
class CallFilter:
    """Which calls the list shows; ``manager_id`` is forced to the viewer for a manager."""

    view: str = "waiting"
    manager_id: int | None = None
    outcome: str | None = None  # None = every conversation outcome


@dataclass(frozen=True)
class CallCursor:
    started_at: datetime
    call_id: int


@dataclass(frozen=True)
class CallRow:
    call_id: int
    lead_id: int
    lead_name: str
    company: str
    manager_login: str
    manager_name: str
    started_at: datetime
    duration_seconds: int
    outcome: str
    score: float | None
    passed: bool | None
    failed_critical: bool
    reviewed: bool


@dataclass(frozen=True)
class CallPage:
    rows: tuple[CallRow, ...]
    next_cursor: CallCursor | None


def _reviewed(extra=()):
    return exists().where(reviews.c.call_id == calls.c.id, *extra)


def review_calls_page(
    session: Session, flt: CallFilter, after: CallCursor | None = None, limit: int = 50, *,
    viewer: Viewer | None = None,
) -> CallPage:
    """One page of calls for the compliance list, newest first."""
    if flt.view not in VIEWS:
        raise ValueError(f"unknown view {flt.view!r}")
    flt = replace(flt, manager_id=scoped_user(viewer, flt.manager_id))
    tests = [lead_is_visible(calls.c.lead_id, viewer)]
    if flt.view == "waiting":
        tests.append(~_reviewed())
    elif flt.view == "reviewed":
        tests.append(_reviewed())
    else:
        tests.append(_reviewed([reviews.c.passed.is_(False)]))
    if flt.manager_id is not None:
        tests.append(calls.c.manager_id == flt.manager_id)
    tests.append(calls.c.outcome == flt.outcome if flt.outcome else calls.c.outcome.in_(CONVERSATION_OUTCOMES))
    if after is not None:
        tests.append(
            or_(
                calls.c.started_at < after.started_at,
                and_(calls.c.started_at == after.started_at, calls.c.id < after.call_id),
            )
        )
    page_ids = (
        select(calls.c.id, calls.c.started_at)
        .where(*tests)
        .order_by(calls.c.started_at.desc(), calls.c.id.desc())
        .limit(limit + 1)
    ).subquery()
    query = (
        select(
            calls.c.id, calls.c.lead_id, leads.c.name, leads.c.company, users.c.login, users.c.display_name,
            calls.c.started_at, calls.c.duration_seconds, calls.c.outcome,
            reviews.c.score, reviews.c.passed, reviews.c.failed_critical, reviews.c.id,
        )
        .join(page_ids, page_ids.c.id == calls.c.id)
        .join(leads, leads.c.id == calls.c.lead_id)
        .join(users, users.c.id == calls.c.manager_id)
        .outerjoin(reviews, reviews.c.call_id == calls.c.id)
        .order_by(calls.c.started_at.desc(), calls.c.id.desc())
    )
    rows = [
        CallRow(cid, lead_id, name, company or "", login, display, started, duration, outcome,
                score, passed, bool(failed), review_id is not None)
        for cid, lead_id, name, company, login, display, started, duration, outcome, score, passed, failed, review_id
        in session.execute(query)
    ]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = CallCursor(rows[-1].started_at, rows[-1].call_id)
    return CallPage(tuple(rows), next_cursor)


# One call, for the checklist -------------------------------------------------------------


@dataclass(frozen=True)
class CallObjectionLine:
    type_label: str
    handled: bool
    answer: str


@dataclass(frozen=True)
class CallForReview:
    """Everything the head needs to score one call, with the review so far (if any)."""

    call_id: int
    lead_id: int
    lead_name: str
    company: str
    lead_stage: str
    manager_id: int
    manager_name: str
    started_at: datetime
    direction: str
    duration_seconds: int
    outcome: str
    notes: str
    recording_ref: str | None
    script_id: int
    script: ScriptDefinition
    objections: tuple[CallObjectionLine, ...]
    answers: dict[str, str] = field(default_factory=dict)
    item_notes: dict[str, str] = field(default_factory=dict)
    review_note: str = ""
    reviewer_name: str | None = None
    score: float | None = None
    passed: bool | None = None


def script_definition(row: Script) -> ScriptDefinition:
    """The checklist a script row holds (name, version and pass mark as the row says)."""
    definition = script_from_mapping(json.loads(row.definition))
    return replace(definition, name=row.name, version=row.version, pass_mark=row.pass_mark)


def _script_row(session: Session, script_id: int | None) -> Script | None:
    if script_id is not None:
        return session.get(Script, script_id)
    query = select(Script).where(Script.name == DEFAULT_SCRIPT_NAME, Script.is_current.is_(True))
    return session.scalars(query.order_by(Script.version.desc()).limit(1)).first()


def call_for_review(session: Session, call_id: int, viewer: Viewer | None = None) -> CallForReview | None:
    """The call with its script and review; None when missing.

    A manager ``viewer`` may open any call on a lead they own now (PermissionDenied otherwise).
    """
    call = session.get(Call, call_id)
    if call is None:
        return None
    lead = session.get(Lead, call.lead_id)
    if restricted(viewer) and lead.owner_id != viewer.id:  # type: ignore[union-attr]
        raise PermissionDenied(_("Call #{id} is on another manager's lead.").format(id=call_id))
    review = session.scalars(select(CallReview).where(CallReview.call_id == call.id)).first()
    row = _script_row(session, call.script_id or (review.script_id if review else None))
    if row is None:
        return None
    manager = session.get(User, call.manager_id)
    objections = tuple(
        CallObjectionLine(label, bool(handled), answer or "")
        for label, handled, answer in session.execute(
            select(ObjectionType.label, CallObjection.handled, CallObjection.answer)
            .join(ObjectionType, ObjectionType.id == CallObjection.type_id)
            .where(CallObjection.call_id == call.id)
            .order_by(CallObjection.id)
        )
    )
    detail = CallForReview(
        call_id=call.id, lead_id=lead.id, lead_name=lead.name, company=lead.company or "", lead_stage=lead.stage,
        manager_id=call.manager_id, manager_name=manager.display_name, started_at=call.started_at,
        direction=call.direction, duration_seconds=call.duration_seconds, outcome=call.outcome,
        notes=call.notes or "", recording_ref=call.recording_ref, script_id=row.id,
        script=script_definition(row), objections=objections,
    )
    if review is None:
        return detail
    items = session.execute(
        select(CallReviewItem.item_key, CallReviewItem.answer, CallReviewItem.note)
        .where(CallReviewItem.review_id == review.id)
    ).all()
    reviewer = session.get(User, review.reviewer_id)
    return replace(
        detail,
        answers={key: answer for key, answer, _note in items},
        item_notes={key: note for key, _answer, note in items if note},
        review_note=review.note or "",
        reviewer_name=reviewer.display_name if reviewer else None,
        score=review.score,
        passed=review.passed,
    )


# Per manager ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissedItem:
    key: str
    text: str
    count: int


@dataclass(frozen=True)
class ManagerCompliance:
    manager_id: int
    login: str
    name: str
    reviewed: int
    average_score: float | None
    passed: int
    pass_rate: float | None
    critical_misses: int
    top_missed: tuple[MissedItem, ...]


def _mean_score(tenths, scored: int) -> float | None:
    """The mean of ``scored`` one-decimal scores summing to ``tenths``, rounded half-even in Python.

    AVG over floats is summed by each database in its own order and rounded by Python's float
    ``round``: at a .x5 tie SQLite and PostgreSQL could show different digits. (As the report does.)
    """
    if not scored:
        return None
    return float((Decimal(int(tenths)) / Decimal(10 * scored)).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN))


def compliance_by_manager(
    session: Session, since: datetime, until: datetime, manager_id: int | None = None, top: int = 3, *,
    viewer: Viewer | None = None,
) -> list[ManagerCompliance]:
    """Reviews given in [since, until) per manager of the call: score, pass rate, misses.

    The period is the review's time (as in the daily report), which is also what an index serves.
    A manager ``viewer`` gets their own figures only.
    """
    manager_id = scoped_user(viewer, manager_id)
    in_period = [reviews.c.created_at >= since, reviews.c.created_at < until]
    if manager_id is not None:
        in_period.append(calls.c.manager_id == manager_id)
    totals = {
        manager: (count, _mean_score(tenths, scored), passed, judged)
        for manager, count, tenths, scored, passed, judged in session.execute(
            select(
                calls.c.manager_id,
                func.count(reviews.c.id),
                func.sum(func.round(reviews.c.score * 10)),  # scores have one decimal: whole tenths
                func.count(reviews.c.score),
                func.count().filter(reviews.c.passed.is_(True)),
                func.count(reviews.c.passed),
            )
            .select_from(reviews)
            .join(calls, calls.c.id == reviews.c.call_id)
            .where(*in_period)
            .group_by(calls.c.manager_id)
        )
    }
    misses: dict[int, Counter] = defaultdict(Counter)
    script_ids: set[int] = set()
    for manager, script_id, key, count in session.execute(
        select(calls.c.manager_id, reviews.c.script_id, review_items.c.item_key, func.count())
        .select_from(reviews)
        .join(calls, calls.c.id == reviews.c.call_id)
        .join(review_items, review_items.c.review_id == reviews.c.id)
        .where(*in_period, review_items.c.answer == "missed")
        .group_by(calls.c.manager_id, reviews.c.script_id, review_items.c.item_key)
    ):
        misses[manager][(script_id, key)] += count
        script_ids.add(script_id)
    items = _script_items(session, script_ids)
    people = select(users.c.id, users.c.login, users.c.display_name)
    if manager_id is not None:
        people = people.where(users.c.id == manager_id)
    else:
        people = people.where(or_(users.c.role == "manager", users.c.id.in_(list(totals) or [-1])))
    result = []
    for uid, login, name in by_text(session.execute(people), lambda row: row.display_name, lambda row: row.id):
        count, average, passed, judged = totals.get(uid, (0, None, 0, 0))
        by_key: Counter = Counter()
        critical = 0
        texts: dict[str, str] = {}
        for (script_id, key), missed in misses.get(uid, Counter()).items():
            text, criticality = items.get((script_id, key), (key, Criticality.NONE))
            by_key[key] += missed
            texts.setdefault(key, text)
            if criticality is not Criticality.NONE:
                critical += missed
        top_missed = tuple(
            MissedItem(key, texts[key], missed)
            for key, missed in sorted(by_key.items(), key=lambda pair: (-pair[1], pair[0]))[:top]
        )
        result.append(
            ManagerCompliance(
                manager_id=uid, login=login, name=name, reviewed=count,
                average_score=average,
                passed=passed, pass_rate=None if not judged else passed / judged,
                critical_misses=critical, top_missed=top_missed,
            )
        )
    return result


def _script_items(session: Session, script_ids: set[int]) -> dict[tuple[int, str], tuple[str, Criticality]]:
    found: dict[tuple[int, str], tuple[str, Criticality]] = {}
    if not script_ids:
        return found
    for row in session.scalars(select(Script).where(Script.id.in_(sorted(script_ids)))):
        for item in script_definition(row).items():
            found[(row.id, item.key)] = (item.text, item.criticality)
    return found
