"""What a board is drawn for: the instant, the pipeline, the viewer and their filter.

Below both `board` (the pages) and `board_markers` (the markers of a page), which take it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ...domain.pipeline import Pipeline
from ..search import like_pattern
from .visibility import Viewer, scoped_user


@dataclass(frozen=True)
class BoardFilter:
    """What the viewer narrowed the board to (a manager always has ``owner_id`` set to self)."""

    owner_id: int | None = None
    text: str = ""
    problems_only: bool = False

    @property
    def like(self) -> str | None:
        """The LIKE pattern for ``text`` against `search_text` (None when no text)."""
        return like_pattern(self.text) if self.text.strip() else None


@dataclass(frozen=True)
class BoardScope:
    """The instant the board is drawn at, the pipeline and the filter."""

    now: datetime
    pipeline: Pipeline
    filter: BoardFilter = field(default_factory=BoardFilter)
    viewer: Viewer | None = None

    @property
    def owner_id(self) -> int | None:
        """The one owner whose leads are shown: the head's filter, or the manager themselves."""
        return scoped_user(self.viewer, self.filter.owner_id)

    def stale_cutoff(self, stage: str) -> datetime | None:
        """Leads that entered ``stage`` before this instant are stale (None: the stage never is)."""
        spec = self.pipeline.spec(stage)
        if spec.is_terminal or spec.stale_days is None:
            return None
        return self.now - timedelta(days=spec.stale_days)
