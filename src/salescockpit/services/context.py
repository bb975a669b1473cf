"""What every use case needs: the database, the clock and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from salescockpit.clock import Clock

if TYPE_CHECKING:
    from salescockpit.config import Settings
    from salescockpit.domain.pipeline import Pipeline
    from salescockpit.store.engine import Database


@dataclass
class ServiceContext:
    """Handed to every service call; built once by the app or the CLI (tests build their own)."""

    db: Database
    clock: Clock
    settings: Settings

    @property
    def pipeline(self) -> Pipeline:
        return self.settings.pipeline

    @property
    def tz(self) -> ZoneInfo:
        """The team timezone (for calendar days such as a lead review's day)."""
        return self.settings.tz
