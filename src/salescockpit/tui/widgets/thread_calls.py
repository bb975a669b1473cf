"""Forms that look something up without knowing the store: run a handed-in callable in a thread.

A modal gets plain callables from the flow that opened it (a lead search, a save bound to the
logged-in user) and runs them with `call_in_thread`; the result comes back on the UI thread.
Importing nothing of the store keeps modals inside the import contract.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.worker import Worker, WorkerState

from ...i18n import _


def readable_error(error: BaseException) -> str:
    """A service error's own message, or a short generic one."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return message
    return _("Something went wrong: {error}").format(error=f"{type(error).__name__}: {error}")


class ThreadCalls:
    """Mixin for modal screens: `call_in_thread(fn, *args, then=..., failed=...)`."""

    _thread_callbacks: dict[Worker, tuple[Callable[[Any], None], Callable[[BaseException], None] | None]]

    def call_in_thread(
        self,
        fn: Callable[..., Any],
        *args: Any,
        then: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
        group: str = "form",
        exclusive: bool = False,
    ) -> Worker:
        """Run ``fn(*args)`` in a thread worker; ``then(result)`` or ``failed(error)`` on the UI thread.

        Without ``failed``, an error becomes an error notification in words.
        """
        if not hasattr(self, "_thread_callbacks"):
            self._thread_callbacks = {}
        worker = self.run_worker(  # type: ignore[attr-defined]
            partial(fn, *args), thread=True, group=group, exclusive=exclusive, exit_on_error=False
        )
        self._thread_callbacks[worker] = (then, failed)
        return worker

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        callbacks = getattr(self, "_thread_callbacks", {})
        if event.worker not in callbacks:
            return
        if event.state == WorkerState.SUCCESS:
            then, _failed = callbacks.pop(event.worker)
            then(event.worker.result)
        elif event.state == WorkerState.ERROR:
            _then, failed = callbacks.pop(event.worker)
            error = event.worker.error
            self.log.error(repr(error))  # type: ignore[attr-defined]
            if failed is not None:
                failed(error)
            else:
                self.notify(readable_error(error), title=_("Not done"), severity="error", timeout=8)  # type: ignore[attr-defined]
        elif event.state == WorkerState.CANCELLED:
            callbacks.pop(event.worker, None)
