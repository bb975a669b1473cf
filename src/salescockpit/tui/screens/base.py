"""What every cockpit screen shares: running store calls in thread workers, safely.

`self.in_worker(fn, *args, then=callback)` runs ``fn(cockpit, *args)`` in a thread worker and
hands its result to ``then`` on the UI thread. A `ServiceError` shows its message as an error
notification; any other exception shows a short readable error and is logged: the screen stays
usable and the user's screen is never covered by a traceback. The thread mechanics are the same
`ThreadCalls` the forms use; screens add the cockpit as the first argument.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.worker import Worker

from ..widgets.thread_calls import ThreadCalls, readable_error

if TYPE_CHECKING:
    from ..cockpit import Cockpit

#: What the user reads for a failure: a service's own message, or a short generic one.
error_text = readable_error


def _ignore(_result: Any) -> None:
    return None


class WorkerCalls(ThreadCalls):
    """Mixin for screens: store calls in thread workers with results delivered on the UI thread."""

    @property
    def cockpit(self) -> Cockpit:
        return self.app.cockpit  # type: ignore[attr-defined]

    def in_worker(
        self,
        fn: Callable[..., Any],
        *args: Any,
        then: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        group: str = "store",
        exclusive: bool = False,
    ) -> Worker:
        return self.call_in_thread(
            fn, self.cockpit, *args, then=then or _ignore, failed=failed, group=group, exclusive=exclusive
        )


class CockpitScreen(WorkerCalls, Screen):
    """A full screen of the cockpit."""
