"""The call form's pieces: durations, the values it holds, what the flow hands it, and where errors go.

Kept apart from `log_call` so the form itself stays about composing and reacting to keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain.timeinput import describe_when
from ...i18n import _
from ..drafts import DraftFile
from ..widgets.lead_picker import LeadLike
from ..widgets.objection_checklist import ObjectionValue

if TYPE_CHECKING:
    from ...clock import Clock
    from ...domain.workhours import WorkingHours

_DURATION = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2})$")


def parse_duration(text: str) -> int:
    """Seconds from "m:ss", "h:mm:ss" or whole minutes ("5"); ValueError with a readable message."""
    cleaned = text.strip()
    if cleaned.isdigit():
        return int(cleaned) * 60
    match = _DURATION.match(cleaned)
    if match is None or int(match[3]) > 59 or (match[1] is not None and int(match[2]) > 59):
        raise ValueError(_("Give the duration as minutes (5) or m:ss (4:30)."))
    hours = int(match[1] or 0)
    return hours * 3600 + int(match[2]) * 60 + int(match[3])


def format_duration(seconds: int) -> str:
    """The form's way of writing ``seconds`` back (m:ss, or h:mm:ss from an hour)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class CallFormValues:
    """What the form holds (lead 0, outcome "" and duration 0 stand for "not given yet")."""

    lead_id: int
    direction: str
    outcome: str
    duration_seconds: int
    notes: str
    objections: tuple[ObjectionValue, ...]
    next_callback_at: datetime | None
    no_next_step_reason: str
    fulfils_callback_id: int | None
    campaign: Any = None  # a campaign call's `CampaignOutcomeValue` (widgets.campaign_outcome_field)


@dataclass(frozen=True)
class CallFormSetup:
    """What the flow hands the form: the core's rules and lookups as plain values and callables."""

    clock: Clock
    outcomes: Sequence[tuple[str, str]]
    objection_catalog: Sequence[tuple[str, str]]
    build_draft: Callable[[CallFormValues], Any]
    check: Callable[[Any], Mapping[str, str]]
    find_leads: Callable[[str], Sequence[LeadLike]] | None = None
    save: Callable[[Any], Any] | None = None
    drafts: DraftFile | None = None
    #: lead id -> the open callback a call with it settles by default (run in a thread worker).
    find_callback_to_settle: Callable[[int], CallbackLike | None] | None = None
    #: The team's working hours: a next callback outside them is taken only after a warning.
    working_hours: WorkingHours | None = None
    #: A campaign call's outcomes (key, label), offered when the form logs a campaign call.
    campaign_outcomes: Sequence[tuple[str, str]] = ()
    #: lead id -> the reminder call the client made from it owes today (run in a thread worker),
    #: and how to save the call with that reminder's outcome (draft, outcome) in one write.
    find_reminder: Callable[[int], Any] | None = None
    save_with_reminder: Callable[[Any, Any], Any] | None = None


class CallbackLike(Protocol):
    """A `store.queries.callbacks.CallbackToSettle`."""

    callback_id: int
    due_at: datetime


def settles_text(due_at: datetime, clock: Clock) -> str:
    """ "Settles: callback due Tue 17 Nov 10:00 (6 days ago)"."""
    return _("Settles: callback due {when}").format(when=describe_when(due_at, clock.now(), clock.tz))


#: Service field name -> the id of the line that shows its message.
ERROR_LINES = {
    "lead": "error-lead",
    "direction": "error-outcome",
    "outcome": "error-outcome",
    "duration_seconds": "error-duration",
    "objections": "error-objections",
    "next_callback_at": "error-next",
    "no_next_step_reason": "error-next",
    "reminder": "error-reminder",
}

#: Service field names in the order of the form, each with the field the cursor goes to
#: ("objections" is placed by the checklist itself).
FOCUS_ORDER = (
    ("lead", "#lead-search"),
    ("fulfils_callback_id", "#settles"),
    ("direction", "#direction"),
    ("outcome", "#outcome"),
    ("reminder", "#reminder-outcome"),
    ("duration_seconds", "#duration"),
    ("started_at", "#duration"),
    ("notes", "#notes"),
    ("recording_ref", "#notes"),
    ("objections", None),
    ("next_callback_at", "#next-callback"),
    ("no_next_step_reason", "#no-next-step"),
)


class DiscardChanges(ModalScreen[bool]):
    """Asks before a filled form is thrown away."""

    BINDINGS = [
        Binding("y,d", "answer(True)", _("Discard"), id="discard.yes", tooltip=_("Throw away what was typed")),
        Binding("n,escape", "answer(False)", _("Keep editing"), id="discard.no", tooltip=_("Back to the form")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-box", classes="form-box small"):
            yield Static(_("Throw away what you typed?"), classes="title")
            yield Static(_("y: discard · n or esc: keep editing"), classes="hint")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


def error_line(line_id: str) -> Static:
    line = Static("", id=line_id, classes="field-error")
    line.display = False
    return line


def set_error(line: Static, message: str) -> None:
    line.update(Content(message))
    line.display = bool(message)
