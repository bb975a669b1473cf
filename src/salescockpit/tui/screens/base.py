"""What every cockpit screen shares: running store calls in thread workers, safely.

`self.in_worker(fn, *args, then=callback)` runs ``fn(cockpit, *args)`` in a thread worker and
hands its result to ``then`` on the UI thread. A `ServiceError` shows its message as an error
notification; any other exception shows a short readable error and is logged: the screen stays
usable and the user's screen is never covered by a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from ...i18n import _

if TYPE_CHECKING:
    from ..cockpit import Cockpit


def error_text(error: BaseException) -> str:
    """What the user reads for a failure: a service's own message, or a short generic one."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return message
    return _("Something went wrong: {error}").format(error=f"{type(error).__name__}: {error}")


class WorkerCalls:
    """Mixin for screens: store calls in thread workers with results delivered on the UI thread."""

    _worker_callbacks: dict[Worker, tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]]

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
        if not hasattr(self, "_worker_callbacks"):
            self._worker_callbacks = {}
        cockpit = self.cockpit
        worker = self.run_worker(  # type: ignore[attr-defined]
            lambda: fn(cockpit, *args), thread=True, group=group, exclusive=exclusive, exit_on_error=False
        )
        self._worker_callbacks[worker] = (then, failed)
        return worker

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Deliver a finished worker's result (or its error) to the callback it was started with."""
        callbacks = getattr(self, "_worker_callbacks", {})
        if event.worker not in callbacks:
            return
        if event.state == WorkerState.SUCCESS:
            then, _failed = callbacks.pop(event.worker)
            if then is not None:
                then(event.worker.result)
        elif event.state == WorkerState.ERROR:
            _then, failed = callbacks.pop(event.worker)
            error = event.worker.error
            if failed is not None:
                failed(error)
            else:
                self.notify(error_text(error), title=_("Not done"), severity="error", timeout=8)  # type: ignore[attr-defined]
            self.log.error(repr(error))  # type: ignore[attr-defined]
        elif event.state == WorkerState.CANCELLED:
            callbacks.pop(event.worker, None)


class CockpitScreen(WorkerCalls, Screen):
    """A full screen of the cockpit."""


class CockpitModal(WorkerCalls, ModalScreen):
    """A modal that may look things up (never writes: forms return drafts to their screen)."""
