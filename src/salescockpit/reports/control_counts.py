"""The report's "control" section: the head's reviews, the fix lists sent, and whether they were kept.

Reviewed: leads given a verdict that day (not by a fix list), for the lead's owner then. Sent: leads
in fix lists sent that day. Fixed on time / overdue: fix-list actions due that day, done by
their due time / not done by the end of the day. Kept on time (30 days): of the fix-list actions
due in the 30 days to the day's end, the share done by their due time. All for the manager
the fix list went to.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salescockpit.store.tables import FixList, FixListItem

from .owners import Ownership
from .tally import Tallies
from .window import Window, lead_reviews, leads

fix_lists = FixList.__table__
fix_list_items = FixListItem.__table__
KEPT_DAYS = 30


def _items():
    return fix_list_items.join(fix_lists, fix_lists.c.id == fix_list_items.c.fix_list_id).join(
        lead_reviews, lead_reviews.c.id == fix_list_items.c.lead_review_id)


def count_control(session: Session, window: Window, tallies: Tallies) -> None:
    start, end = window.start, window.end
    from_fix_list = select(fix_list_items.c.id).where(fix_list_items.c.lead_review_id == lead_reviews.c.id)
    ownership = Ownership.of(session, start)
    owned = ownership.then(lead_reviews.join(leads, leads.c.id == lead_reviews.c.lead_id), "lead",
                           lead_reviews.c.created_at)
    pairs = (  # each (owner then, lead) once; counted in SQL, not row by row in Python
        select(owned.owner.label("owner_id"), lead_reviews.c.lead_id)
        .select_from(owned.source)
        .where(lead_reviews.c.created_at >= start, lead_reviews.c.created_at < end, ~from_fix_list.exists())
        .distinct()
    )
    reviewed = window.narrow(pairs, owned.owner).subquery("reviewed_leads")
    counted = select(reviewed.c.owner_id, func.count()).group_by(reviewed.c.owner_id)
    for owner_id, count in session.execute(counted):
        tallies.add(owner_id, control_reviewed=int(count))
    sent = select(fix_lists.c.manager_id).select_from(_items()).where(
        fix_lists.c.sent_at >= start, fix_lists.c.sent_at < end)
    for (manager_id,) in session.execute(window.narrow(sent, fix_lists.c.manager_id)):
        tallies.add(manager_id, control_sent=1)
    due = select(fix_lists.c.manager_id, fix_lists.c.due_at, lead_reviews.c.action_done_at).select_from(_items()).where(
        fix_lists.c.due_at >= end - timedelta(days=KEPT_DAYS), fix_lists.c.due_at < end)
    for manager_id, due_at, done_at in session.execute(window.narrow(due, fix_lists.c.manager_id)):
        on_time = done_at is not None and done_at <= due_at
        tallies.add(manager_id, control_due_30d=1, control_kept_30d=int(on_time))
        if due_at >= start:
            tallies.add(manager_id, control_fixed_on_time=int(on_time),
                        control_overdue=int(done_at is None or done_at >= end))
