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


#: The longest error text put in front of the user (the log keeps the whole error).
_LONGEST = 200


def readable_error(error: BaseException) -> str:
    """A service error's own message, or a short one line in words (never a statement or a traceback)."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return message
    original = getattr(error, "orig", None)  # the database driver's error, wrapped by SQLAlchemy
    if isinstance(original, BaseException):
        text = _first_line(original)
        if "locked" in text or "busy" in text:
            return _("The database is busy (another program is writing to it): try again in a moment.")
        return _("The database refused: {error}").format(error=text)
    return _("Something went wrong: {error}").format(error=f"{type(error).__name__}: {_first_line(error)}")


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


class ThreadCalls:
    """Mixin for modal screens: `call_in_thread(fn, *args, then=..., failed=...)`."""

    _thread_callbacks: dict[Worker, tuple[Callable[[Any], None], Callable[[BaseException], None] | None]]

    @property
    def thread_calls_pending(self) -> bool:
        """True while a call made with `call_in_thread` has not yet handed back its result."""
        return bool(getattr(self, "_thread_callbacks", None))

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
            self._guarded(then, event.worker.result)
        elif event.state == WorkerState.ERROR:
            _then, failed = callbacks.pop(event.worker)
            error = event.worker.error
            self.log.error(repr(error))  # type: ignore[attr-defined]
            if failed is not None:
                self._guarded(failed, error)
            else:
                self._tell(error)
        elif event.state == WorkerState.CANCELLED:
            callbacks.pop(event.worker, None)

    def _guarded(self, callback: Callable[[Any], None], value: Any) -> None:
        """Run a result callback; an error in it is shown in words instead of ending the app."""
        try:
            callback(value)
        except Exception as error:  # noqa: BLE001 - the user reads it, the log keeps it
            self.log.error(f"{callback!r} failed: {error!r}")  # type: ignore[attr-defined]
            self._tell(error)

    def _tell(self, error: BaseException) -> None:
        self.notify(readable_error(error), title=_("Not done"), severity="error", timeout=8)  # type: ignore[attr-defined]
