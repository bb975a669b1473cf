"""The top-level modes of the cockpit, one key away each (1-7)."""

from __future__ import annotations

from ...i18n import N_, _
from .board import BoardScreen
from .callbacks import CallbacksScreen
from .compliance import ComplianceScreen
from .objections import ObjectionsScreen
from .queue import QueueScreen
from .recheck import RecheckScreen
from .reports import ReportsScreen

MODE_TITLES = {
    "queue": _(N_("Queue")),
    "board": _(N_("Board")),
    "callbacks": _(N_("Callbacks")),
    "objections": _(N_("Objections")),
    "recheck": _(N_("Re-check")),
    "reports": _(N_("Reports")),
    "compliance": _(N_("Compliance")),
}

MODE_SCREENS = {
    "queue": QueueScreen,
    "board": BoardScreen,
    "callbacks": CallbacksScreen,
    "objections": ObjectionsScreen,
    "recheck": RecheckScreen,
    "reports": ReportsScreen,
    "compliance": ComplianceScreen,
}
