"""Counting the days' qualification, stage moves and review discipline.

Junk claims and re-checks belong to the manager who marked the lead; won and lost to the
lead's owner; actions to their assignee. Forward and back follow the pipeline order (the
open stages, then won); moves into or out of lost and disqualified are neither.
"""

from __future__ import annotations

from sqlalchemy import and_, distinct, func, null, select
from sqlalchemy.orm import Session

from salescockpit.domain.qualification import NOT_A_REAL_LEAD

from .tally import Tallies
from .window import Span, lead_reviews, leads, prefer_scan, rechecks, stage_history


def _direction(walk: tuple[str, ...], from_stage: str | None, to_stage: str) -> str | None:
    if from_stage not in walk or to_stage not in walk:
        return None
    step = walk.index(to_stage) - walk.index(from_stage)
    return "moved_forward" if step > 0 else "moved_back" if step < 0 else None


def _moves(span: Span, *, per_user: bool, every_lead: bool):
    """Stage moves in ``span`` grouped by day and stages; with the lead of every move, or only of closing ones."""
    pipeline = span.settings.pipeline
    moves = stage_history.c
    joined = leads.c.id == moves.lead_id
    if not every_lead:
        joined = and_(joined, moves.to_stage.in_((pipeline.won_key, pipeline.lost_key)))
    day = span.bucket(moves.moved_at)
    users = (moves.moved_by_id, leads.c.owner_id) if per_user else (null(), null())
    groups = (day, moves.from_stage, moves.to_stage, leads.c.lost_reason, *users[: 2 if per_user else 0])
    return (
        select(day, moves.from_stage, moves.to_stage, leads.c.lost_reason, *users,
               func.count(), func.coalesce(func.sum(leads.c.value), 0))
        .select_from(stage_history.outerjoin(leads, joined))
        .group_by(*groups)
    )


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
        scan = prefer_scan(session, moves.id, earlier.during(moves.moved_at))
        queries.append((0, _moves(earlier, per_user=False, every_lead=False)
                        .where(earlier.during(moves.moved_at, scan=scan))))
        queries.append((len(span) - 1, _moves(Span((span.last,)), per_user=True, every_lead=True)
                        .where(span.last.during(moves.moved_at))))
    elif user is None:
        queries.append((0, _moves(span, per_user=True, every_lead=True).where(span.during(moves.moved_at))))
    else:  # one manager: the moves of their leads (found through the owner), then their junk claims
        queries.append((0, _moves(span, per_user=True, every_lead=True)
                        .where(span.during(moves.moved_at), leads.c.owner_id == user)))
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


def _count_junk_claims(session: Session, span: Span, days: list[Tallies]) -> None:
    """One manager's junk claims (any lead they marked, theirs or not)."""
    pipeline = span.settings.pipeline
    moves = stage_history.c
    day = span.bucket(moves.moved_at)
    joined = and_(leads.c.id == moves.lead_id, moves.to_stage == pipeline.lost_key)
    scan = prefer_scan(session, moves.id, span.during(moves.moved_at))
    query = (
        select(day, moves.to_stage, leads.c.lost_reason, func.count())
        .select_from(stage_history.outerjoin(leads, joined))
        .where(span.during(moves.moved_at, scan=scan), moves.moved_by_id == span.user_id,
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
    reviewed = (
        select(lead_reviews.c.day, leads.c.owner_id, func.count(distinct(lead_reviews.c.lead_id)))
        .select_from(lead_reviews.join(leads, leads.c.id == lead_reviews.c.lead_id))
        .where(*in_span)
        .group_by(lead_reviews.c.day, leads.c.owner_id)
    )
    for day, owner_id, count in session.execute(span.narrow(reviewed, leads.c.owner_id)):
        days[day_index[day]].add(owner_id, leads_reviewed=int(count))
    given = (
        select(lead_reviews.c.day, lead_reviews.c.assignee_id, func.count())
        .where(*in_span, lead_reviews.c.verdict == "action")
        .group_by(lead_reviews.c.day, lead_reviews.c.assignee_id)
    )
    for day, assignee_id, count in session.execute(span.narrow(given, lead_reviews.c.assignee_id)):
        days[day_index[day]].add(assignee_id, actions_given=int(count))
    done_day = span.bucket(lead_reviews.c.action_done_at)
    done = (
        select(done_day, lead_reviews.c.assignee_id, func.count())
        .where(span.during(lead_reviews.c.action_done_at))
        .group_by(done_day, lead_reviews.c.assignee_id)
    )
    for index, assignee_id, count in session.execute(span.narrow(done, lead_reviews.c.assignee_id)):
        days[index].add(assignee_id, actions_done=int(count))
