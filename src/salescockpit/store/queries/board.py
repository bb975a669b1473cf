"""The pipeline board, read side: per-stage totals and keyset pages of cards with their markers.

A column lists its stage's leads stale first, then by value (highest first, no value last), then
by id. ``ix_leads_stage_value`` (stage, coalesce(value, -1) DESC, id, stage_entered_at) holds
that order: the stale and the fresh part of a stage are each a walk of the index from the page's
anchor, the stale test read from the entry, so a page never sorts its stage (0115). Totals for every column come from one GROUP BY stage query. The markers of a
page (overdue callback, open objection, failed review, no next step) come from three set
queries over that page's lead ids, never one query per card.

Visibility (`visibility`): the scope carries who is looking; a manager ``viewer`` sees only their
own leads (`BoardScope.owner_id`; naming another manager is refused), markers included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, and_, case, exists, false, func, literal_column, or_, select, true
from sqlalchemy.orm import Session

from ...domain.pipeline import days_in_stage
from ..search import LIKE_ESCAPE
from ..tables import Call, Callback, CallObjection, CallReview, Lead, User
from ..text_order import text_key
from .board_markers import page_markers
from .board_plans import entered_in_order, stage_for_grouping
from .board_scope import BoardFilter, BoardScope  # noqa: F401  (callers take both from here)

leads = Lead.__table__
users = User.__table__
callbacks = Callback.__table__
calls = Call.__table__
call_reviews = CallReview.__table__
objections = CallObjection.__table__

#: Sort key for a lead's value: no value sorts after every real value (0 included). Spelled with
#: a literal -1, as in ``ix_leads_stage_value``: a bound parameter would not match the index.
VALUE_KEY = func.coalesce(leads.c.value, literal_column("-1", Integer))
STALE, FRESH = 0, 1


@dataclass(frozen=True)
class StageTotals:
    stage: str
    count: int = 0
    value: int = 0
    stale: int = 0


@dataclass(frozen=True, order=True)
class CardCursor:
    """A card's place in its column: (segment, value key, lead id); pages start before or after one."""

    segment: int
    value_key: int
    lead_id: int


@dataclass(frozen=True)
class BoardCard:
    lead_id: int
    name: str
    company: str
    value: int | None
    owner_id: int
    owner_name: str
    stage: str
    stage_entered_at: datetime
    days_in_stage: int
    stale: bool
    position: CardCursor
    overdue_callback: bool = False
    open_objection: bool = False
    failed_review: bool = False
    no_next_step: bool = False

    @property
    def has_problem(self) -> bool:
        return self.stale or self.overdue_callback or self.open_objection or self.failed_review or self.no_next_step


@dataclass(frozen=True)
class CardPage:
    """Cards in column order; whether the column goes on before the first and after the last."""

    stage: str
    cards: tuple[BoardCard, ...]
    has_before: bool
    has_after: bool

    @property
    def next_cursor(self) -> CardCursor | None:
        """Where the following page starts (None at the end of the column)."""
        return self.cards[-1].position if self.has_after and self.cards else None


@dataclass(frozen=True)
class OwnerChoice:
    id: int
    login: str
    name: str
    role: str


# Conditions -----------------------------------------------------------------------


def stale_condition(scope: BoardScope) -> ColumnElement[bool]:
    tests = []
    for stage in scope.pipeline.keys:
        cutoff = scope.stale_cutoff(stage)
        if cutoff is not None:
            tests.append(and_(leads.c.stage == stage, leads.c.stage_entered_at < cutoff))
    return or_(*tests) if tests else false()


def _latest_review_failed() -> ColumnElement[bool]:
    failed = case((or_(call_reviews.c.failed_critical == true(), call_reviews.c.passed == false()), 1), else_=0)
    latest = (
        select(failed)
        .select_from(calls.join(call_reviews, call_reviews.c.call_id == calls.c.id))
        .where(calls.c.lead_id == leads.c.id)
        .order_by(calls.c.started_at.desc(), calls.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return latest == 1


def problem_condition(scope: BoardScope) -> ColumnElement[bool]:
    """A lead with any marker, or stale: the same rules as the markers of `card_page`."""
    now = scope.now
    open_callback = exists().where(callbacks.c.lead_id == leads.c.id, callbacks.c.status == "open")
    return or_(
        stale_condition(scope),
        open_callback.where(callbacks.c.due_at < now),
        exists().where(
            objections.c.lead_id == leads.c.id, objections.c.handled == false(), objections.c.resolved_at.is_(None)
        ),
        _latest_review_failed(),
        and_(
            leads.c.stage.in_(scope.pipeline.open_keys),
            ~exists().where(
                callbacks.c.lead_id == leads.c.id, callbacks.c.status == "open", callbacks.c.due_at >= now
            ),
        ),
    )


def filter_condition(scope: BoardScope) -> ColumnElement[bool]:
    tests: list[ColumnElement[bool]] = [true()]
    board_filter = scope.filter
    if scope.owner_id is not None:
        tests.append(leads.c.owner_id == scope.owner_id)
    if board_filter.like is not None:
        tests.append(leads.c.search_text.like(board_filter.like, escape=LIKE_ESCAPE))
    if board_filter.problems_only:
        tests.append(problem_condition(scope))
    return and_(*tests)


# Totals ---------------------------------------------------------------------------


def stage_totals(
    session: Session, scope: BoardScope, stages: Iterable[str] | None = None, *, lead_id: int | None = None,
) -> dict[str, StageTotals]:
    """Count, total value and stale count per stage (all pipeline stages, or only ``stages``).

    With ``lead_id``: that one lead's share, by the same rules (a move reads it before and after,
    and the board adds the difference instead of counting every lead again).
    """
    wanted = tuple(scope.pipeline.keys if stages is None else stages)
    stale_tests = [
        (and_(leads.c.stage == stage, leads.c.stage_entered_at < cutoff), 1)
        for stage in wanted
        if (cutoff := scope.stale_cutoff(stage)) is not None
    ]
    stale = case(*stale_tests, else_=0) if stale_tests else None
    stage = stage_for_grouping(session, scope)
    query = (
        select(
            stage,
            func.count(),
            func.coalesce(func.sum(leads.c.value), 0),
            func.coalesce(func.sum(stale), 0) if stale is not None else func.count() * 0,
        )
        .where(stage.in_(wanted), filter_condition(scope))
        .group_by(stage)
    )
    if lead_id is not None:
        query = query.where(leads.c.id == lead_id)
    totals = {stage: StageTotals(stage) for stage in wanted}
    for key, count, value, stale_count in session.execute(query):
        totals[key] = StageTotals(key, int(count), int(value), int(stale_count))
    return totals


# Pages ----------------------------------------------------------------------------


def _segments(session: Session, scope: BoardScope, stage: str) -> list[tuple[int, ColumnElement[bool]]]:
    cutoff = scope.stale_cutoff(stage)
    if cutoff is None:
        return [(FRESH, true())]
    entered = entered_in_order(session)
    return [(STALE, entered < cutoff), (FRESH, entered >= cutoff)]


_CARD_COLUMNS = (
    leads.c.id, VALUE_KEY, leads.c.name, leads.c.company, leads.c.value, leads.c.owner_id,
    users.c.display_name, leads.c.stage, leads.c.stage_entered_at,
)


def _beyond(anchor: CardCursor, backward: bool, inclusive: bool) -> ColumnElement[bool]:
    """Rows after ``anchor`` in column order (before it when ``backward``), within its segment."""
    # The bound on VALUE_KEY alone repeats the test in a form an index range can start from.
    if backward:
        same_value = leads.c.id <= anchor.lead_id if inclusive else leads.c.id < anchor.lead_id
        return and_(VALUE_KEY >= anchor.value_key,
                    or_(VALUE_KEY > anchor.value_key, and_(VALUE_KEY == anchor.value_key, same_value)))
    same_value = leads.c.id >= anchor.lead_id if inclusive else leads.c.id > anchor.lead_id
    return and_(VALUE_KEY <= anchor.value_key,
                or_(VALUE_KEY < anchor.value_key, and_(VALUE_KEY == anchor.value_key, same_value)))


def card_page(
    session: Session,
    scope: BoardScope,
    stage: str,
    *,
    after: CardCursor | None = None,
    before: CardCursor | None = None,
    inclusive: bool = False,
    from_end: bool = False,
    limit: int = 40,
) -> CardPage:
    """A keyset page of the ``stage`` column, with the cards' markers.

    From the top by default; ``after`` a card (``inclusive``: from that place on); ``before`` a
    card (the page ending just before it); or ``from_end`` (the last page of the column).
    """
    rows = _page_rows(session, scope, stage, after=after, before=before, inclusive=inclusive, from_end=from_end,
                      limit=limit)
    return _page(rows, _cards(session, scope, rows.rows, rows.segment_of))


def card_pages(
    session: Session, scope: BoardScope, requests: Mapping[str, tuple[CardCursor | None, int]],
) -> dict[str, CardPage]:
    """Several columns at once: per stage, the page from a card on (inclusive; None: the top) of
    ``limit`` cards. The markers of every page come from one set of queries, not one per column."""
    found = {
        stage: _page_rows(session, scope, stage, after=anchor, inclusive=True, limit=limit)
        for stage, (anchor, limit) in requests.items()
    }
    every_row = [row for rows in found.values() for row in rows.rows]
    markers = page_markers(session, scope, [row[0] for row in every_row])
    return {stage: _page(rows, _build_cards(scope, rows.rows, rows.segment_of, markers))
            for stage, rows in found.items()}


@dataclass(frozen=True)
class _PageRows:
    stage: str
    rows: list[tuple]
    segment_of: dict[int, int]
    has_before: bool
    has_after: bool


def _page(rows: _PageRows, cards: list[BoardCard]) -> CardPage:
    return CardPage(rows.stage, tuple(cards), rows.has_before, rows.has_after)


def _page_rows(
    session: Session, scope: BoardScope, stage: str, *, after: CardCursor | None = None,
    before: CardCursor | None = None, inclusive: bool = False, from_end: bool = False, limit: int = 40,
) -> _PageRows:
    """The rows of one page of the ``stage`` column (see `card_page`), without markers."""
    scope.pipeline.spec(stage)
    backward = before is not None or from_end
    anchor = before if backward else after
    segments = _segments(session, scope, stage)
    rows: list[tuple] = []
    segment_of: dict[int, int] = {}
    for segment, condition in reversed(segments) if backward else segments:
        if anchor is not None and (segment > anchor.segment if backward else segment < anchor.segment):
            continue
        query = (
            select(*_CARD_COLUMNS)
            .join(users, users.c.id == leads.c.owner_id)
            .where(leads.c.stage == stage, condition, filter_condition(scope))
        )
        if anchor is not None and segment == anchor.segment:
            query = query.where(_beyond(anchor, backward, inclusive))
        order = (VALUE_KEY.asc(), leads.c.id.desc()) if backward else (VALUE_KEY.desc(), leads.c.id.asc())
        for row in session.execute(query.order_by(*order).limit(limit + 1 - len(rows))):
            rows.append(tuple(row))
            segment_of[row[0]] = segment
        if len(rows) > limit:
            break
    more = len(rows) > limit
    rows = rows[:limit]
    if backward:
        rows.reverse()
        has_before, has_after = more, before is not None
    else:
        has_before, has_after = after is not None, more
    return _PageRows(stage, rows, segment_of, has_before, has_after)


def board_card(session: Session, scope: BoardScope, lead_id: int) -> BoardCard | None:
    """One lead as a card of its column (None when the filter leaves it out): after a move."""
    row = session.execute(
        select(*_CARD_COLUMNS).join(users, users.c.id == leads.c.owner_id)
        .where(leads.c.id == lead_id, filter_condition(scope))
    ).first()
    if row is None:
        return None
    cutoff = scope.stale_cutoff(row.stage)
    segment = STALE if cutoff is not None and row.stage_entered_at < cutoff else FRESH
    return _cards(session, scope, [tuple(row)], {lead_id: segment})[0]


def cards_before(
    session: Session, scope: BoardScope, stage: str, anchor: CardCursor, *, stale_count: int | None = None,
) -> int:
    """How many cards of the ``stage`` column come before ``anchor``: its place, counted from 0.

    Asked once per move, for the moved card's place. ``stale_count`` (the board's stale total) is
    taken for the stale part before a fresh card instead of counting it (0.1-0.2 s at 1M leads).
    """
    count = 0
    for segment, condition in _segments(session, scope, stage):
        if segment > anchor.segment:
            break
        if segment < anchor.segment and segment == STALE and stale_count is not None:
            count += stale_count
            continue
        query = (
            select(func.count()).select_from(leads).join(users, users.c.id == leads.c.owner_id)
            .where(leads.c.stage == stage, condition, filter_condition(scope))
        )
        if segment == anchor.segment:
            query = query.where(_beyond(anchor, backward=True, inclusive=False))
        count += int(session.scalar(query) or 0)
    return count


def _cards(session: Session, scope: BoardScope, rows: Sequence[tuple], segment_of: dict[int, int]) -> list[BoardCard]:
    return _build_cards(scope, rows, segment_of, page_markers(session, scope, [row[0] for row in rows]))


def _build_cards(
    scope: BoardScope, rows: Sequence[tuple], segment_of: dict[int, int], markers: Mapping[int, tuple],
) -> list[BoardCard]:
    cards = []
    for lead_id, value_key, name, company, value, owner_id, owner_name, stage, entered in rows:
        overdue, objection, failed, no_next = markers.get(lead_id, (False, False, False, False))
        segment = segment_of[lead_id]
        cards.append(
            BoardCard(
                lead_id=lead_id, name=name, company=company or "", value=value, owner_id=owner_id,
                owner_name=owner_name, stage=stage, stage_entered_at=entered,
                days_in_stage=days_in_stage(entered, scope.now), stale=segment == STALE,
                position=CardCursor(segment, int(value_key), lead_id),
                overdue_callback=overdue, open_objection=objection, failed_review=failed,
                no_next_step=no_next and scope.pipeline.is_open(stage),
            )
        )
    return cards


def board_owners(session: Session) -> tuple[OwnerChoice, ...]:
    """The active users who can own leads, for the head's manager filter (managers first, by name)."""
    rows = session.execute(
        select(users.c.id, users.c.login, users.c.display_name, users.c.role).where(users.c.active == true())
    )
    ordered = sorted(rows, key=lambda row: (row.role != "manager", text_key(row.display_name), row.id))
    return tuple(OwnerChoice(*row) for row in ordered)
