"""A callback-time field: the user types "tomorrow 10:00" and reads it back in words at once.

`WhenField` is an Input with a line under it: the parsed time described by
`domain.timeinput.describe_when` ("tomorrow, Tue 24 Nov 10:00 (in 24 h)"), or why the text
cannot be read. Given the team's `WorkingHours`, a time outside them is not taken silently: the
line warns and offers the next working slot; ctrl+t takes the slot, and enter pressed after the
warning keeps the typed time (`needs_decision` tells the form to wait for one or the other).
It never saves anything; forms read `when` and `problem`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from ...domain.timeinput import TimeInputError, describe_when, parse_when
from ...i18n import _

if TYPE_CHECKING:
    from ...clock import Clock
    from ...domain.workhours import WorkingHours


class WhenField(Vertical):
    """An Input for a future time in the team timezone, with the reading shown below it."""

    DEFAULT_CSS = """
    WhenField { height: auto; }
    WhenField > .when-reading { height: auto; padding: 0 1; color: $text-muted; }
    WhenField > .when-reading.-problem { color: $error; }
    WhenField > .when-reading.-ok { color: $success; }
    WhenField > .when-reading.-outside { color: $warning; }
    """
    BINDINGS = [
        Binding("ctrl+t", "take_slot", _("Take slot"), id="when.take_slot",
                tooltip=_("Use the next working slot instead of a time outside working hours")),
    ]

    def __init__(
        self,
        clock: Clock,
        *,
        hours: WorkingHours | None = None,
        value: str = "",
        placeholder: str | None = None,
        input_id: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._clock = clock
        self._hours = hours
        self._initial = value
        self._placeholder = placeholder if placeholder is not None else _("e.g. tomorrow 10:00, fri 15:30, +2h")
        self._input_id = input_id
        self._warned_text: str | None = None  # the text whose off-hours warning was pointed out
        self._kept_text: str | None = None  # the text kept outside working hours on purpose

    def compose(self) -> ComposeResult:
        yield Input(self._initial, placeholder=self._placeholder, id=self._input_id, compact=True)
        yield Static("", classes="when-reading")

    def on_mount(self) -> None:
        self._show_reading()

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()

    def read(self) -> tuple[datetime | None, str | None]:
        """(the UTC instant, None) when the text reads as a future time; (None, why not) otherwise.

        An empty field gives (None, None).
        """
        if self.is_empty:
            return None, None
        try:
            return parse_when(self.text, self._clock.now(), self._clock.tz), None
        except TimeInputError as error:
            return None, str(error)

    @property
    def when(self) -> datetime | None:
        return self.read()[0]

    @property
    def problem(self) -> str | None:
        return self.read()[1]

    # Outside working hours ------------------------------------------------------------------

    @property
    def offered_slot(self) -> datetime | None:
        """The next working slot when the typed time is outside working hours; else None."""
        when = self.when
        if when is None or self._hours is None or self._hours.is_working_time(when):
            return None
        return self._hours.next_working_slot(when)

    @property
    def needs_decision(self) -> bool:
        """True while a time outside working hours is neither kept on purpose nor replaced."""
        return self.offered_slot is not None and self._kept_text != self.text

    @property
    def decision_message(self) -> str:
        """What the user must decide about an off-hours time ("" when nothing)."""
        slot = self.offered_slot
        if slot is None or not self.needs_decision:
            return ""
        offered = describe_when(slot, self._clock.now(), self._clock.tz)
        if self._warned_text == self.text:
            return _("Outside working hours. ctrl+t: take {slot} · enter: keep the typed time.").format(slot=offered)
        return _("Outside working hours; the next working slot is {slot} (ctrl+t takes it).").format(slot=offered)

    def warn(self) -> None:
        """Point the warning out (a save was tried): the next enter in the field keeps the time."""
        if self.needs_decision:
            self._warned_text = self.text
            self._show_reading()
            self.query_one(Input).focus()

    def action_take_slot(self) -> None:
        slot = self.offered_slot
        if slot is None:
            return
        local = slot.astimezone(self._clock.tz)
        self.query_one(Input).value = f"{local:%d.%m.%Y %H:%M}"

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter on an off-hours time: the first points the warning out, the second keeps the time."""
        if not self.needs_decision:
            return
        if self._warned_text == self.text:
            self._kept_text = self.text
            self._show_reading()
            return
        event.stop()
        self.warn()

    @on(Input.Changed)
    def _text_changed(self) -> None:
        self._show_reading()

    def _show_reading(self) -> None:
        reading = self.query_one(".when-reading", Static)
        when, problem = self.read()
        decision = self.decision_message
        reading.set_class(problem is not None, "-problem")
        reading.set_class(when is not None and not decision, "-ok")
        reading.set_class(bool(decision), "-outside")
        if when is not None:
            said = "→ " + describe_when(when, self._clock.now(), self._clock.tz)
            if self._kept_text == self.text and self.offered_slot is not None:
                said += " · " + _("outside working hours, kept")
            reading.update(Content(f"{said}\n{decision}" if decision else said))
        elif problem is not None:
            reading.update(Content(problem))
        else:
            reading.update("")
