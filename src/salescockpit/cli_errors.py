"""One place where a database that cannot be used becomes one line and exit code 2.

`SafeGroup` is the class of the `salescockpit` command group: any database error a command
lets through (a missing, damaged, read-only, locked or foreign database, a folder, a full disk)
is turned by `store.problems.describe_database_error` into

    Error: <file>: <what happened>. <what to do>

and the process exits with 2 (click's own ClickException exits with 1). Commands need not catch
these errors themselves, and a new command is covered without doing anything.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click


class DatabaseUnusable(click.ClickException):
    """A database problem, shown as one `Error:` line; exit code 2."""

    exit_code = 2


def database_target(ctx: click.Context) -> str:
    """The database the command was working on, as the messages name it."""
    from .store.problems import shown_target

    target = ctx.meta.get("salescockpit.db_target")
    return shown_target(target) if target else "?"


def as_click_error(error: BaseException, ctx: click.Context) -> click.ClickException | None:
    """``error`` as a `DatabaseUnusable`, or None when it is not a database problem."""
    from pathlib import Path

    from .store.problems import DatabaseProblem, describe_database_error, sentence

    target = ctx.meta.get("salescockpit.db_target")
    path = Path(target).expanduser() if target and "://" not in target else None
    what = describe_database_error(error, path)
    if what is None:
        return None
    target = error.target if isinstance(error, DatabaseProblem) else database_target(ctx)
    return DatabaseUnusable(f"{target}: {sentence(what)}")


def _run_guarded(ctx: click.Context, run: Callable[[], Any]) -> Any:
    try:
        return run()
    except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001 - only database problems are turned into a line
        converted = as_click_error(error, ctx)
        if converted is None:
            raise
        raise converted from error


def guard_database_errors(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a command's function (`cli.common_options` does it for every command), so its database
    errors end as one line even when the command is run on its own, outside `salescockpit`."""

    @functools.wraps(callback)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        return _run_guarded(click.get_current_context(), lambda: callback(*args, **kwargs))

    return guarded


class SafeGroup(click.Group):
    """A click group whose commands' database errors end as one line and exit code 2."""

    def invoke(self, ctx: click.Context):
        return _run_guarded(ctx, lambda: super(SafeGroup, self).invoke(ctx))
