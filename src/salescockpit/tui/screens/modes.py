"""The top-level modes of the cockpit, one key away each (1-6)."""

from __future__ import annotations

from ...i18n import N_, _
from .board import BoardScreen
from .callbacks import CallbacksScreen
from .placeholder import placeholder_screen
from .queue import QueueScreen

MODE_TITLES = {
    "queue": _(N_("Queue")),
    "board": _(N_("Board")),
    "callbacks": _(N_("Callbacks")),
    "objections": _(N_("Objections")),
    "recheck": _(N_("Re-check")),
    "reports": _(N_("Reports")),
}

MODE_SCREENS = {
    "queue": QueueScreen,
    "board": BoardScreen,
    "callbacks": CallbacksScreen,
    "objections": placeholder_screen("objections", N_("The objection ledger comes with the strict-control screens.")),
    "recheck": placeholder_screen("recheck", N_("The junk re-check queue comes with the strict-control screens.")),
    "reports": placeholder_screen("reports", N_("The daily control report view comes with the report issue.")),
}
