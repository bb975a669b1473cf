"""Counting the days' qualification, stage moves and review discipline.

Junk claims and re-checks belong to the manager who marked the lead; stage moves, won and lost
to whoever owned the lead at the move, a reviewed lead to its owner at the review, an action to
whoever it was given to (`reports.owners`). Forward and back follow the pipeline order (the
open stages, then won); moves into or out of lost and disqualified are neither.
"""

from __future__ import annotations

from sqlalchemy import and_, case, distinct, func, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from salescockpit.domain.qualification import NOT_A_REAL_LEAD

from .owners import Ownership
from .tally import Tallies
from .window import Span, lead_reviews, leads, rechecks, stage_history


def _direction(walk: tuple[str, ...], from_stage: str | None, to_stage: str) -> str | None:
    if from_stage not in walk or to_stage not in walk:
        return None
    step = walk.index(to_stage) - walk.index(from_stage)
    return "moved_forward" if step > 0 else "moved_back" if step < 0 else None


def _moves(span: Span, ownership: Ownership):
    """Stage moves in ``span`` grouped by day, stages, the lead's lost reason, the mover and the
    lead's owner at the move (each move reads its lead). Returns (query, owner column)."""
    moves = stage_history.c
    day = span.bucket(moves.moved_at)
    owned = ownership.then(stage_history.outerjoin(leads, leads.c.id == moves.lead_id), "lead", moves.moved_at)
    groups = (day, moves.from_stage, moves.to_stage, leads.c.lost_reason, moves.moved_by_id, owned.owner)
    query = (
        select(*groups, func.count(), func.coalesce(func.sum(leads.c.value), 0))
        .select_from(owned.source)
        .group_by(*groups)
    )
    return query, owned.owner


def count_stage_moves(session: Session, span: Span, days: list[Tallies]) -> None:
    """Moves forward and back, won (count, value), lost (by reason), and junk claims by their marker.

    The earlier days are counted for the team in one pass that reads the lead only of moves
    into won or lost; the report day (or a manager's own report) reads the lead of every move,
    for its owner.
    """
    pipeline = span.settings.pipeline
    walk = (*pipeline.open_keys, pipeline.won_key)
    user = span.user_id
    moves = stage_history.c
    queries = []
    earlier = span.earlier()
    if user is None and earlier is not None:
        ownership = Ownership.of(session, span.last.start)
        _count_team_moves(session, earlier, days)
        last, _owner = _moves(Span((span.last,)), ownership)
        queries.append((len(span) - 1, last.where(span.last.during(moves.moved_at))))
    elif user is None:
        every, _owner = _moves(span, Ownership.of(session, span.first.start))
        queries.append((0, every.where(span.during(moves.moved_at))))
    else:  # one manager: the moves of the leads they owned then, then their junk claims
        own, owner = _moves(span, Ownership.of(session, span.first.start))
        queries.append((0, own.where(span.during(moves.moved_at), owner == user)))
        _count_junk_claims(session, span, days)
    for offset, query in queries:
        for index, from_stage, to_stage, lost_reason, mover_id, owner_id, count, value in session.execute(query):
            tallies, count = days[offset + index], int(count)
            junk = to_stage == pipeline.disqualified_key or (
                to_stage == pipeline.lost_key and lost_reason == NOT_A_REAL_LEAD
            )
            if junk and from_stage != to_stage and user is None:
                tallies.add(mover_id, marked_junk=count)
            direction = _direction(walk, from_stage, to_stage)
            if direction is not None:
                tallies.add(owner_id, **{direction: count})
            if to_stage == pipeline.won_key and from_stage != to_stage:
                tallies.add(owner_id, won=count, won_value=int(value))
            elif to_stage == pipeline.lost_key and from_stage != to_stage:
                tallies.count(owner_id, "lost_reasons", lost_reason or "unknown", count)


def _stage_position(column, walk: tuple[str, ...]):
    """The place of ``column``'s stage in the pipeline walk; NULL for a stage outside it."""
    return case({key: literal_column(str(place)) for place, key in enumerate(walk)}, value=column, else_=null())


def _count_team_moves(session: Session, earlier: Span, days: list[Tallies]) -> None:
    """The team's moves of the earlier days (the comparison), without sorting them.

    Forward, back and disqualified are summed day by day with conditional aggregates, one range
    of `ix_stage_history_moved_figures` each (UNION ALL, no GROUP BY, no lead read); only the
    moves into won and lost (few) read their lead and are grouped, by day and lost reason.
    """
    pipeline = earlier.settings.pipeline
    walk = (*pipeline.open_keys, pipeline.won_key)
    moves = stage_history.c
    moved = moves.from_stage.is_distinct_from(moves.to_stage)
    step = _stage_position(moves.to_stage, walk) - _stage_position(moves.from_stage, walk)

    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    ranges = [
        select(literal_column(str(index)), total(step > 0), total(step < 0),
               total(and_(moves.to_stage == pipeline.disqualified_key, moved)))
        .where(window.during(moves.moved_at))
        for index, window in enumerate(earlier.windows)
    ]
    for index, forward, back, disqualified in session.execute(union_all(*ranges)):
        days[index].add(None, moved_forward=int(forward), moved_back=int(back), marked_junk=int(disqualified))
    day = earlier.bucket(moves.moved_at)
    closing = (
        select(day, moves.to_stage, leads.c.lost_reason, func.count(), func.coalesce(func.sum(leads.c.value), 0))
        .select_from(stage_history.outerjoin(leads, leads.c.id == moves.lead_id))
        .where(earlier.during(moves.moved_at), moves.to_stage.in_((pipeline.won_key, pipeline.lost_key)), moved)
        .group_by(day, moves.to_stage, leads.c.lost_reason)
    )
    for index, to_stage, lost_reason, count, value in session.execute(closing):
        if to_stage == pipeline.won_key:
            days[index].add(None, won=int(count), won_value=int(value))
            continue
        days[index].count(None, "lost_reasons", lost_reason or "unknown", int(count))
        if lost_reason == NOT_A_REAL_LEAD:
            days[index].add(None, marked_junk=int(count))


def _count_junk_claims(session: Session, span: Span, days: list[Tallies]) -> None:
    """One manager's junk claims (any lead they marked, theirs or not)."""
    pipeline = span.settings.pipeline
    moves = stage_history.c
    day = span.bucket(moves.moved_at)
    joined = and_(leads.c.id == moves.lead_id, moves.to_stage == pipeline.lost_key)
    query = (
        select(day, moves.to_stage, leads.c.lost_reason, func.count())
        .select_from(stage_history.outerjoin(leads, joined))
        .where(span.during(moves.moved_at), moves.moved_by_id == span.user_id,
               moves.to_stage.in_((pipeline.disqualified_key, pipeline.lost_key)))
        .group_by(day, moves.to_stage, leads.c.lost_reason)
    )
    for index, to_stage, lost_reason, count in session.execute(query):
        if to_stage == pipeline.disqualified_key or lost_reason == NOT_A_REAL_LEAD:
            days[index].add(span.user_id, marked_junk=int(count))


def count_rechecks(session: Session, span: Span, days: list[Tallies]) -> None:
    """The head's re-checks each day, for the manager whose junk claim was re-checked."""
    day = span.bucket(rechecks.c.created_at)
    query = (
        select(day, rechecks.c.marked_by_id, rechecks.c.verdict, func.count())
        .where(span.during(rechecks.c.created_at))
        .group_by(day, rechecks.c.marked_by_id, rechecks.c.verdict)
    )
    for index, user_id, verdict, count in session.execute(span.narrow(query, rechecks.c.marked_by_id)):
        if verdict in ("confirmed", "returned"):
            days[index].add(user_id, **{verdict: int(count)})


def count_reviews(session: Session, span: Span, days: list[Tallies]) -> None:
    """The head's lead reviews of each day, actions given (to the assignee) and actions done."""
    day_index = {window.day: index for index, window in enumerate(span.windows)}
    in_span = (lead_reviews.c.day.in_(list(day_index)), lead_reviews.c.created_at < span.last.end)
    ownership = Ownership.of(session, span.first.start)
    by_owner = list(day_index)
    if span.user_id is None and len(span) > 1:  # the team's earlier days need no owner: no lead is read
        by_owner = [span.last.day]
        team = (
            select(lead_reviews.c.day, func.count(distinct(lead_reviews.c.lead_id)))
            .where(lead_reviews.c.day.in_(list(day_index)[:-1]), lead_reviews.c.created_at < span.last.end)
            .group_by(lead_reviews.c.day)
        )
        for day, count in session.execute(team):
            days[day_index[day]].add(None, leads_reviewed=int(count))
    owned = ownership.then(lead_reviews.join(leads, leads.c.id == lead_reviews.c.lead_id), "lead",
                           lead_reviews.c.created_at)
    reviewed = (
        select(lead_reviews.c.day, owned.owner, func.count(distinct(lead_reviews.c.lead_id)))
        .select_from(owned.source)
        .where(lead_reviews.c.day.in_(by_owner), lead_reviews.c.created_at < span.last.end)
        .group_by(lead_reviews.c.day, owned.owner)
    )
    for day, owner_id, count in session.execute(span.narrow(reviewed, owned.owner)):
        days[day_index[day]].add(owner_id, leads_reviewed=int(count))
    assigned = ownership.then(lead_reviews, "lead_review", lead_reviews.c.created_at)
    given = (
        select(lead_reviews.c.day, assigned.owner, func.count())
        .select_from(assigned.source)
        .where(*in_span, lead_reviews.c.verdict == "action")
        .group_by(lead_reviews.c.day, assigned.owner)
    )
    for day, assignee_id, count in session.execute(span.narrow(given, assigned.owner)):
        days[day_index[day]].add(assignee_id, actions_given=int(count))
    done_day = span.bucket(lead_reviews.c.action_done_at)
    done = (
        select(done_day, lead_reviews.c.assignee_id, func.count())
        .where(span.during(lead_reviews.c.action_done_at))
        .group_by(done_day, lead_reviews.c.assignee_id)
    )
    for index, assignee_id, count in session.execute(span.narrow(done, lead_reviews.c.assignee_id)):
        days[index].add(assignee_id, actions_done=int(count))
