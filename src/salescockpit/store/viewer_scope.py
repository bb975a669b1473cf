"""Who is looking, and which one user a read is narrowed to: the visibility rule without tables.

The rule itself is told in `store.queries.visibility`, which re-exports these; they live here,
apart from any table, so the read path to the queue's first rows imports no table models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..i18n import _
from ..services.errors import PermissionDenied


class Viewer(Protocol):
    """Who is looking: `services.actor.Actor` is one (any object with ``id`` and ``is_head``)."""

    @property
    def id(self) -> int: ...

    @property
    def is_head(self) -> bool: ...


@dataclass(frozen=True)
class ViewerRef:
    """A viewer known only by id and role (for callers that hold no `Actor`)."""

    id: int
    is_head: bool


def restricted(viewer: Viewer | None) -> bool:
    """True when ``viewer`` is a manager, whose reads are narrowed to their own leads."""
    return viewer is not None and not viewer.is_head


def scoped_user(viewer: Viewer | None, requested: int | None) -> int | None:
    """The one user a read is narrowed to: the head's choice, or (for a manager) themselves.

    A manager asking for another user's rows gets `PermissionDenied`.
    """
    if not restricted(viewer):
        return requested
    assert viewer is not None
    if requested is not None and requested != viewer.id:
        raise PermissionDenied(_("A manager can see only their own leads, calls and figures."))
    return viewer.id
