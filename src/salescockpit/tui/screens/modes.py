"""The top-level modes of the cockpit, one key away each (1-9).

Each mode's screen is imported the first time the mode is shown, so the first frame does not
wait for screens the user has not opened yet (Textual's MODES accepts a factory).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from textual.screen import Screen

from ...i18n import N_, _

MODE_TITLES = {
    "queue": _(N_("Queue")),
    "board": _(N_("Board")),
    "callbacks": _(N_("Callbacks")),
    "objections": _(N_("Objections")),
    "recheck": _(N_("Re-check")),
    "reports": _(N_("Reports")),
    "compliance": _(N_("Compliance")),
    "reconcile": _(N_("Reconcile")),
    "accounts": _(N_("Accounts")),
}

_SCREEN_CLASSES = {
    "queue": "queue:QueueScreen",
    "board": "board:BoardScreen",
    "callbacks": "callbacks:CallbacksScreen",
    "objections": "objections:ObjectionsScreen",
    "recheck": "recheck:RecheckScreen",
    "reports": "reports:ReportsScreen",
    "compliance": "compliance:ComplianceScreen",
    "reconcile": "reconcile:ReconcileScreen",
    "accounts": "accounts:AccountsScreen",
}


def _lazy(target: str) -> Callable[[], Screen]:
    module_name, class_name = target.split(":")

    def make() -> Screen:
        module = import_module(f"{__package__}.{module_name}")
        return getattr(module, class_name)()

    make.__name__ = class_name
    return make


MODE_SCREENS: dict[str, Callable[[], Screen]] = {mode: _lazy(target) for mode, target in _SCREEN_CLASSES.items()}
