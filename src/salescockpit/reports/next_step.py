"""Leads with no next step at the end of a day: open then, and no callback open and due from then on.

Rebuilt from timestamps in a few grouped queries, without reading every lead's history: the
leads open now are counted from the (owner, stage) index, then corrected with what changed
after the end (leads created since; the stage each lead moved *from* at its first move since,
which is the stage it stood in at the end), and the leads that had a next step then are taken
away. A callback counts with its current due time (rescheduling is not kept per callback),
and a lead for whoever owned it at the end of the day (`reports.owners`).
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from .owners import Ownership
from .tally import Tallies
from .window import Window, callbacks, leads, stage_history

_ALL_STATUSES = ("open", "done", "cancelled", "missed")


def _is_open(column, open_keys: list[str]):
    return case((column.in_(open_keys), 1), else_=0)


def _first_moves_since(end):
    """Each lead's first stage move at or after ``end`` (the stage it left is its stage at ``end``).

    Found by grouping (linear in the moves since), then joined back through the (lead_id,
    moved_at) index; of two moves at the same instant the one with the lower id is first.
    """
    # Grouped by ``lead_id + 0``, not the bare column: left to group by the column itself, SQLite
    # walked all of ix_stage_history_lead (every move ever) for its order instead of the few
    # moves since ``end`` (33 ms against 5 ms at 100,000 leads); the groups are the same.
    lead = (stage_history.c.lead_id + 0).label("lead_id")
    firsts = (
        select(lead, func.min(stage_history.c.moved_at).label("moved_at"))
        .where(stage_history.c.moved_at >= end)
        .group_by(lead)
        .subquery("firsts")
    )
    twin = stage_history.alias("twin")
    same_instant_before = exists().where(
        twin.c.lead_id == stage_history.c.lead_id,
        twin.c.moved_at == stage_history.c.moved_at,
        twin.c.id < stage_history.c.id,
    )
    return (
        select(stage_history.c.lead_id, stage_history.c.from_stage)
        .select_from(
            firsts.join(
                stage_history,
                and_(stage_history.c.lead_id == firsts.c.lead_id, stage_history.c.moved_at == firsts.c.moved_at),
            )
        )
        .where(~same_instant_before)
        .subquery("first_moves")
    )


def count_no_next_step(session: Session, window: Window, tallies: Tallies) -> None:
    """Set `no_next_step` for the team and each owner, as it stood at ``window.end``."""
    end = window.end
    open_keys = sorted(window.settings.pipeline.open_keys)
    counts: Counter[int] = Counter()

    ownership = Ownership.of(session, end)
    by_stage = select(leads.c.owner_id, leads.c.stage, func.count()).group_by(leads.c.owner_id, leads.c.stage)
    for owner_id, stage, count in session.execute(window.narrow(by_stage, leads.c.owner_id)):
        counts[owner_id] += int(count) if stage in open_keys else 0
    if ownership.changes:
        _owner_then_not_now(session, window, ownership, counts)
    # Leads created since are few; without GROUP BY the planner walks the created_at index.
    owned = ownership.then(leads, "lead", end, at_end=True)
    newer = select(owned.owner, leads.c.stage).select_from(owned.source).where(leads.c.created_at >= end)
    for owner_id, stage in session.execute(window.narrow(newer, owned.owner)):
        counts[owner_id] -= stage in open_keys
    step = (
        callbacks.c.status.in_(_ALL_STATUSES),
        callbacks.c.due_at >= end,
        callbacks.c.created_at < end,
        or_(callbacks.c.done_at.is_(None), callbacks.c.done_at >= end),
    )
    first = _first_moves_since(end)
    then_minus_now = _is_open(first.c.from_stage, open_keys) - _is_open(leads.c.stage, open_keys)
    had_step = exists().where(callbacks.c.lead_id == leads.c.id, *step)
    owned = ownership.then(first.join(leads, leads.c.id == first.c.lead_id), "lead", end, at_end=True)
    moved = (  # open then minus open now, for all moved leads and for those with a next step then
        select(owned.owner, func.sum(then_minus_now), func.sum(case((had_step, then_minus_now), else_=0)))
        .select_from(owned.source)
        .where(leads.c.created_at < end)
        .group_by(owned.owner)
    )
    for owner_id, all_moved, moved_with_step in session.execute(window.narrow(moved, owned.owner)):
        counts[owner_id] += int(all_moved or 0) - int(moved_with_step or 0)
    owned = ownership.then(leads, "lead", end, at_end=True)
    with_step_now_open = (  # IN, not a join with COUNT(DISTINCT): each lead is read once, nothing deduplicated
        select(owned.owner, func.count())
        .select_from(owned.source)
        .where(leads.c.id.in_(select(callbacks.c.lead_id).where(*step)), leads.c.created_at < end,
               leads.c.stage.in_(open_keys))
        .group_by(owned.owner)
    )
    for owner_id, count in session.execute(window.narrow(with_step_now_open, owned.owner)):
        counts[owner_id] -= int(count)
    tallies.set_total(None, "no_next_step", 0)
    for owner_id in sorted(counts):
        tallies.set_total(owner_id, "no_next_step", counts[owner_id])


def _owner_then_not_now(session: Session, window: Window, ownership: Ownership, counts: Counter[int]) -> None:
    """Move the leads open now of the few leads handed over since the end to their owner then.

    The count by (owner, stage) above is by today's owner; every later correction is by the
    owner at the end, so these leads are taken from the one and given to the other.
    """
    owned = ownership.then(leads, "lead", window.end, at_end=True)
    query = (
        select(leads.c.owner_id, owned.owner, func.count())
        .select_from(owned.source)
        .where(ownership.moved("lead"), owned.changed, leads.c.stage.in_(sorted(window.settings.pipeline.open_keys)))
        .group_by(leads.c.owner_id, owned.owner)
    )
    for owner_now, owner_then, count in session.execute(query):
        if window.user_id in (None, owner_now):
            counts[owner_now] -= int(count)
        if window.user_id in (None, owner_then):
            counts[owner_then] += int(count)
