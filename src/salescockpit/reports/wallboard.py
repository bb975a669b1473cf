"""The sales-floor wallboard's figures: today's team totals, a leaderboard, the pipeline and the money.

Nothing is counted here that the daily control report does not count already: the team and
per-manager figures are `build_report`'s for today as of "now", and the stage counts are the
pipeline board's `stage_totals`. Both are read in one read transaction, so the headline, the
leaderboard and the pipeline always describe the same instant. The wallboard shows the whole
team, so only the head of sales may build it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from salescockpit.clock import Clock
from salescockpit.config import Settings
from salescockpit.i18n import _
from salescockpit.services.actor import Actor, load_actor
from salescockpit.services.context import ServiceContext
from salescockpit.services.errors import PermissionDenied, ServiceError, UnknownUser
from salescockpit.store.engine import Database
from salescockpit.store.queries.board import BoardScope, stage_totals
from salescockpit.store.migrate import SchemaError
from salescockpit.store.read_only import open_read_only

from .build import build_report
from .figures import Figures
from .money_figures import MoneyScope


@dataclass(frozen=True)
class Standing:
    """One line of the wallboard: a manager's day (or the team's), in the figures the floor watches."""

    login: str
    name: str
    calls: int
    reached: int
    reach_rate: float | None
    reviewed: int
    average_score: float | None
    overdue_callbacks: int
    objections_raised: int
    objections_handled: int
    deals_won: int
    won_value: int

    @classmethod
    def of(cls, login: str, name: str, figures: Figures) -> Standing:
        return cls(
            login=login,
            name=name,
            calls=figures.calls.made,
            reached=figures.calls.reached,
            reach_rate=figures.calls.reach_rate,
            reviewed=figures.compliance.reviewed,
            average_score=figures.compliance.average_score,
            overdue_callbacks=figures.callbacks.overdue_at_end,
            objections_raised=figures.objections.raised,
            objections_handled=figures.objections.handled,
            deals_won=figures.pipeline.won,
            won_value=figures.pipeline.won_value,
        )

    @property
    def rank_key(self) -> tuple:
        """Deals won first, then calls made, then reach; ties by name so the order never flickers."""
        return (-self.deals_won, -self.calls, -self.reached, self.name.casefold(), self.login)


@dataclass(frozen=True)
class StageCount:
    """Leads standing in one pipeline stage now; `label` is English (translate at display)."""

    key: str
    label: str
    is_open: bool
    count: int
    value: int
    stale: int


@dataclass(frozen=True)
class Wallboard:
    """Everything the wallboard shows, as of ``as_of`` (aware UTC) on local ``day``."""

    day: date
    as_of: datetime
    timezone: str
    team: Standing
    leaders: tuple[Standing, ...]
    stages: tuple[StageCount, ...]
    money: MoneyScope | None = None  # the team's money today and this month (the report's money section)
    currency: str = ""

    @property
    def open_stages(self) -> tuple[StageCount, ...]:
        """The stages still being worked, in pipeline order (the bars on the board)."""
        return tuple(stage for stage in self.stages if stage.is_open)


def build_wallboard(
    source, *, actor: Actor, now: datetime | None = None, settings: Settings | None = None
) -> Wallboard:
    """Today's wallboard for the head ``actor``; ``source`` is a `ServiceContext` (its clock gives
    "now") or a `Session` (pass ``now`` and ``settings``). A manager is refused: the page shows
    everybody's figures."""
    _require_head(actor)
    if isinstance(source, Session):
        if now is None:
            raise ValueError("build_wallboard needs now= with a Session")
        return _build(source, settings or Settings(timezone="UTC"), now, actor)
    settings = settings or source.settings
    now = now if now is not None else source.clock.now()
    with source.db.read() as session:
        return _build(session, settings, now, actor)


def _require_head(actor: Actor) -> None:
    if not actor.is_head:
        raise PermissionDenied(
            _("Only the head of sales may show the wallboard: it shows the whole team ({login} is a manager).")
            .format(login=actor.login)
        )


def _build(session: Session, settings: Settings, now: datetime, actor: Actor) -> Wallboard:
    day = now.astimezone(settings.tz).date()
    report = build_report(session, day, actor=actor, settings=settings, now=now)
    leaders = sorted(
        (Standing.of(manager.login, manager.name, manager.figures) for manager in report.managers),
        key=lambda standing: standing.rank_key,
    )
    pipeline = settings.pipeline
    totals = stage_totals(session, BoardScope(now=now, pipeline=pipeline))
    stages = tuple(
        StageCount(
            key=spec.key, label=spec.label, is_open=not spec.is_terminal,
            count=totals[spec.key].count, value=totals[spec.key].value, stale=totals[spec.key].stale,
        )
        for spec in pipeline.stages
    )
    return Wallboard(
        day=day,
        as_of=report.as_of,
        timezone=settings.timezone,
        team=Standing.of("", _("Team"), report.team),
        leaders=tuple(leaders),
        stages=stages,
        money=report.money.team,
        currency=report.money.currency,
    )


class WallboardUnavailable(ServiceError):
    """The database cannot be shown: missing, or not at this program's schema."""


class WallboardRefused(ServiceError):
    """The viewer may not see the wallboard (no such user, deactivated, or not the head of sales)."""


@dataclass
class WallboardFeed:
    """The wallboard's one door to the store: a database that refuses writes, and the head watching.

    Opened once (in a worker thread of the wallboard app), then `read` every minute. The viewer is
    checked again at every read, so a head deactivated or made a manager stops the page within a
    minute: the page has no login of its own, it borrows the standing of whoever served it.
    """

    db: Database
    login: str
    settings: Settings
    clock: Clock
    #: The viewer as of the last check (None before the first).
    actor: Actor | None = None

    @classmethod
    def open(cls, db_target: str | Path, login: str, settings: Settings, clock: Clock) -> WallboardFeed:
        """Open ``db_target`` read-only for ``login``; WallboardUnavailable or WallboardRefused."""
        try:
            db = open_read_only(db_target)
        except SchemaError as error:
            raise WallboardUnavailable(str(error)) from error
        feed = cls(db=db, login=login, settings=settings, clock=clock)
        try:
            feed._check_viewer()
        except BaseException:
            db.close()
            raise
        return feed

    def read(self) -> Wallboard:
        """Today's figures as of the clock's "now" (WallboardRefused when the viewer lost the right)."""
        return build_wallboard(self._context(), actor=self._check_viewer())

    def close(self) -> None:
        self.db.close()

    def _context(self) -> ServiceContext:
        return ServiceContext(db=self.db, clock=self.clock, settings=self.settings)

    def _check_viewer(self) -> Actor:
        """The viewer, loaded afresh: an active head of sales, or WallboardRefused."""
        try:
            self.actor = load_actor(self._context(), self.login)
            _require_head(self.actor)
        except (UnknownUser, PermissionDenied) as error:
            raise WallboardRefused(error.message) from error
        return self.actor
