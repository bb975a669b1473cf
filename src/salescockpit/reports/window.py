"""The stretch of time a report covers, and the tables the report reads.

A day runs from local midnight to local midnight in the team timezone (`local_day_bounds`);
`end` is the report's "as of": the end of the day, or the current instant when that is
earlier. Every query counts what happened in ``[start, end)`` or what stood at ``end``, so
the same day gives the same report whenever it runs.

A window may be narrowed to one user (`user_id`: whose figures) and seen by a manager
(`viewer_id`): then the rows that name a lead keep to the leads that manager owns now
(`store.queries.visibility`), while the figures count their own work wherever the lead is, and
the leads, callbacks and actions that were theirs at the time (`reports.owners`).

A `Span` is several consecutive days counted in one pass: each query puts every row in its
day with a portable CASE expression (`Span.bucket`), so the report day and the seven days it
is compared with cost one range scan per table rather than eight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, func, literal_column, select
from sqlalchemy.orm import Session

from salescockpit.clock import local_day_bounds
from salescockpit.config import Settings
from salescockpit.domain.workhours import WorkingHours
from salescockpit.store.tables import (
    Call,
    CallObjection,
    CallReview,
    CallReviewItem,
    Callback,
    Lead,
    LeadReview,
    ObjectionType,
    Recheck,
    Script,
    StageHistory,
    User,
)

users = User.__table__
leads = Lead.__table__
calls = Call.__table__
callbacks = Callback.__table__
call_reviews = CallReview.__table__
review_items = CallReviewItem.__table__
call_objections = CallObjection.__table__
objection_types = ObjectionType.__table__
rechecks = Recheck.__table__
lead_reviews = LeadReview.__table__
stage_history = StageHistory.__table__
scripts = Script.__table__

#: Read a whole table rather than seek through an index row by row when the rows wanted are
#: more than this share of it: on SQLite one seek costs several rows of a sequential read.
SCAN_SHARE = 8

#: Call outcomes that mean the lead was spoken to.
REACHED_OUTCOMES = ("reached", "callback_requested", "meeting_set", "won", "lost")


@dataclass(frozen=True)
class Window:
    """One report day: local ``day``, UTC ``[start, end)``, and the user it is narrowed to."""

    day: date
    start: datetime
    end: datetime
    settings: Settings
    user_id: int | None = None
    viewer_id: int | None = None

    @classmethod
    def of(
        cls, day: date, settings: Settings, now: datetime | None, user_id: int | None = None,
        viewer_id: int | None = None,
    ) -> Window:
        """The window of ``day``; it stops at ``now`` when the day is not over yet."""
        start, end = local_day_bounds(day, settings.tz)
        if now is not None and now < end:
            end = max(start, now)
        return cls(day=day, start=start, end=end, settings=settings, user_id=user_id, viewer_id=viewer_id)

    @property
    def complete(self) -> bool:
        """True when the whole day is over (the figures are final)."""
        return self.end == local_day_bounds(self.day, self.settings.tz)[1]

    @property
    def working_hours(self) -> WorkingHours:
        return self.settings.working_hours()

    @property
    def first_contact_limit(self) -> timedelta:
        return self.settings.first_contact_limit

    def during(self, column) -> ColumnElement[bool]:
        """``column`` falls in ``[start, end)``."""
        return and_(column >= self.start, column < self.end)

    def narrow(self, query, column):
        """``query`` limited to the window's user (by ``column``), when it has one."""
        return query if self.user_id is None else query.where(column == self.user_id)

    def visible(self, query):
        """``query`` (which reads `leads`) limited to the viewing manager's own leads, if any."""
        return query if self.viewer_id is None else query.where(leads.c.owner_id == self.viewer_id)

    def shifted(self, days: int, now: datetime | None) -> Window:
        """The window of the day ``days`` later (negative: earlier), for the same user."""
        return Window.of(self.day + timedelta(days=days), self.settings, now, self.user_id, self.viewer_id)


def _number(value: int):
    return literal_column(str(int(value)))


@dataclass(frozen=True)
class Span:
    """Consecutive report days, oldest first; the last one may stop at "now"."""

    windows: tuple[Window, ...]

    @classmethod
    def ending(cls, last: Window, days: int, now: datetime | None) -> Span:
        """``days`` days ending with ``last``."""
        return cls(tuple(last.shifted(-back, now) for back in range(days - 1, 0, -1)) + (last,))

    @property
    def first(self) -> Window:
        return self.windows[0]

    @property
    def last(self) -> Window:
        return self.windows[-1]

    @property
    def user_id(self) -> int | None:
        return self.last.user_id

    @property
    def settings(self) -> Settings:
        return self.last.settings

    def __len__(self) -> int:
        return len(self.windows)

    def earlier(self) -> Span | None:
        """The days before the last one (None when there are none)."""
        return Span(self.windows[:-1]) if len(self.windows) > 1 else None

    def during(self, column, *, scan: bool = False) -> ColumnElement[bool]:
        """``column`` falls in the span. ``scan`` words it so no index is used (a big share of a table)."""
        if scan:
            column = func.coalesce(column, column)
        return and_(column >= self.first.start, column < self.last.end)

    def bucket(self, column):
        """The index of the day ``column`` falls in (for rows known to be inside the span).

        The indexes are written into the SQL (not bound), so the same expression can be
        selected and grouped by on any database; it is always a CASE, never a bare number
        (which GROUP BY would read as a column position).
        """
        last = _number(len(self.windows) - 1)
        whens = [(column < window.end, _number(index)) for index, window in enumerate(self.windows[:-1])]
        return case(*whens, else_=last) if whens else case((column.is_(None), last), else_=last)

    def reached_by(self, column):
        """The first day by whose end ``column`` had happened; ``len(self)`` for later or never."""
        never = _number(len(self.windows))
        whens = [(column < window.end, _number(index)) for index, window in enumerate(self.windows)]
        return case((column.is_(None), never), *whens, else_=never)

    def narrow(self, query, column):
        return self.last.narrow(query, column)

    def index_of(self, moment: datetime) -> int:
        """The day ``moment`` falls in (``moment`` inside the span)."""
        for index, window in enumerate(self.windows):
            if moment < window.end:
                return index
        return len(self.windows) - 1


def prefer_scan(session: Session, id_column, *conditions) -> bool:
    """Whether rows matching ``conditions`` are a big share of the table (SQLite only).

    The count is answered from an index; the highest id stands for the table's size. Other
    databases keep statistics and choose for themselves, so this is False for them.
    """
    if session.get_bind().dialect.name != "sqlite":
        return False
    wanted = session.scalar(select(func.count()).select_from(id_column.table).where(*conditions)) or 0
    highest = session.scalar(select(func.max(id_column))) or 0
    return wanted * SCAN_SHARE > highest
