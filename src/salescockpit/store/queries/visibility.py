"""Who may read which rows: the one visibility rule every read query applies in its SQL.

The rule (issue 9), the same in every screen, CLI command, export and report:

- **The head of sales sees everything.**
- **A manager sees a row of lead data only when the lead is theirs now** (``leads.owner_id``):
  the lead itself and its calls, callbacks, objections, reviews and re-checks. The lead is the
  unit of ownership: after a hand-over (`salescockpit lead reassign`) the lead's whole history
  goes to the new manager and the old one no longer sees it, not even the calls they made.
- Lists about a manager's own work narrow further: the compliance list and the calls export
  are the calls *they made* (on their leads), the callbacks list the callbacks *they owe*.
- Figures (counts, averages, rates) about a manager's work count what they did (calls made,
  reviews of those calls, junk marked) and what they owned at the time (leads, callbacks owed,
  actions: `reports.owners`, from the owner changes kept) wherever the lead is now: a number
  names no lead, and a hand-over never moves a past day's figures to the new owner.

A caller may also pass a filter for one user (``owner_id``, ``manager_id``, a report's
``--manager``): that is the head's choice. For a manager a missing filter means "my own", and
a filter naming anybody else is refused with `PermissionDenied`, never answered with a
silently empty list. The restriction is a WHERE in the query, never a filter applied in
Python afterwards. ``viewer=None`` is the unrestricted view (the head, or an internal job).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from ...i18n import _
from ...services.errors import NotFound, PermissionDenied
from ..tables import Lead
from ..viewer_scope import Viewer, ViewerRef, restricted, scoped_user

__all__ = ["Viewer", "ViewerRef", "lead_is_visible", "own_leads", "require_lead_visible", "restricted", "scoped_user"]

leads = Lead.__table__


def own_leads(viewer: Viewer | None, owner_column=leads.c.owner_id) -> ColumnElement[bool]:
    """The WHERE that keeps a manager to the leads they own now (always true for the head)."""
    if not restricted(viewer):
        return true()
    assert viewer is not None
    return owner_column == viewer.id


def lead_is_visible(lead_column, viewer: Viewer | None) -> ColumnElement[bool]:
    """For a row that only carries a lead id (a call, an objection): its lead is the viewer's."""
    if not restricted(viewer):
        return true()
    assert viewer is not None
    return lead_column.in_(select(leads.c.id).where(leads.c.owner_id == viewer.id))


def require_lead_visible(session: Session, viewer: Viewer | None, lead_id: int) -> None:
    """NotFound when the lead does not exist, PermissionDenied when it is another manager's."""
    owner_id = session.execute(select(leads.c.owner_id).where(leads.c.id == lead_id)).scalar()
    if owner_id is None:
        raise NotFound(_("Lead #{id} does not exist.").format(id=lead_id))
    if restricted(viewer) and owner_id != viewer.id:  # type: ignore[union-attr]
        raise PermissionDenied(_("Lead #{id} belongs to another manager.").format(id=lead_id))
