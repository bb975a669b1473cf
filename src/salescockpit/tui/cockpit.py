"""The cockpit's handle on the core: the service context and who is logged in.

Built in a worker when the app starts (the first frame never waits for the database layer),
then handed to every screen as `app.cockpit`. Screens call it only inside thread workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..clock import Clock
    from ..config import Settings
    from ..services.actor import Actor
    from ..services.context import ServiceContext


@dataclass
class Cockpit:
    """An open database, the logged-in user, and the settings the screens need."""

    ctx: ServiceContext
    actor: Actor

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def clock(self) -> Clock:
        return self.ctx.clock

    @property
    def is_head(self) -> bool:
        return self.actor.is_head

    @property
    def read_only(self) -> bool:
        """True when the database file may not be written: every save is refused with a message."""
        return self.ctx.db.read_only


def open_cockpit(db_target: str, login: str, settings: Settings, clock: Clock, *, write_side: bool = True) -> Cockpit:
    """Open (and migrate) the database and load the user. Runs in a worker thread.

    A database that cannot be used raises `store.problems.DatabaseProblem` (its message names the
    file and what to do); a missing one is never created. A read-only one opens for reading.
    This is the read path: SQLAlchemy Core only. With ``write_side`` the start-up writes
    (`prepare_write_side`) run here too; the app passes False and runs them once the queue's
    first rows are on screen, so the first rows never wait for SQLModel and pydantic.
    """
    from ..services.context import ServiceContext
    from ..store.audit_key import KeyFileError, configured_key, require_the_key
    from ..store.engine import Database
    from ..store.problems import DatabaseProblem, describe_database_error, shown_target

    try:
        try:
            key = configured_key(settings.audit_key_file)
        except KeyFileError as error:
            raise DatabaseProblem(shown_target(db_target), error.message) from None
        database = Database.open(db_target, create=False, audit_key=key)
        ctx = ServiceContext(db=database, clock=clock, settings=settings)
        if not database.read_only:
            require_the_key(database)  # a keyed trail without its key: one line now, not at the first save
        cockpit = Cockpit(ctx=ctx, actor=_actor(ctx, login))
        if write_side:
            prepare_write_side(cockpit)
        return cockpit
    except DatabaseProblem:
        raise
    except Exception as error:
        what = describe_database_error(error, _file_of(db_target))
        if what is None:
            raise
        raise DatabaseProblem(shown_target(db_target), what) from error


def prepare_write_side(cockpit: Cockpit) -> bool:
    """The start-up writes, after the first rows: import the models (SQLModel, pydantic), add the
    missing default scripts and objection types, make today's reminder tasks. Runs in a worker.

    True when the reminder ladder changed a task (the queue's client rows then need a reload).
    A read-only database only gets the import.
    """
    import salescockpit.store.tables  # noqa: F401  (the write side's models, imported once here)

    if cockpit.read_only:
        return False
    from ..services.catalog import ensure_catalog

    ensure_catalog(cockpit.ctx)
    return _run_reminder_ladder(cockpit.ctx, cockpit.actor)


def _run_reminder_ladder(ctx: ServiceContext, actor: Actor) -> bool:
    """Make today's reminder tasks (idempotent); a refusal, or another cockpit making the same tasks
    at the same moment, never keeps this one from opening (the next opening makes what is left)."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..services.errors import ServiceError
    from ..services.reminders import run_reminders

    try:
        return run_reminders(ctx, actor).changed
    except (ServiceError, SQLAlchemyError):
        return False


def _actor(ctx: ServiceContext, login: str) -> Actor:
    """The user ``login``; a database with no user at all says how to add its first head."""
    from ..services.actor import load_actor
    from ..services.errors import ServiceError, UnknownUser
    from ..store.problems import no_users_yet

    try:
        return load_actor(ctx, login)
    except UnknownUser:
        from ..services.users import has_users  # imports the models: only when the login is unknown

        if not has_users(ctx):
            raise ServiceError(no_users_yet(ctx.db.display_name)) from None
        raise


def _file_of(db_target: str):
    from pathlib import Path

    return None if "://" in db_target else Path(db_target).expanduser()


def list_managers(cockpit: Cockpit) -> list[tuple[int, str]]:
    """(id, name) of the active managers, for the head's "show one manager" pickers. Runs in a worker."""
    from ..services.users import list_users

    return [(user.id, user.name) for user in list_users(cockpit.ctx, include_inactive=False) if user.role == "manager"]
