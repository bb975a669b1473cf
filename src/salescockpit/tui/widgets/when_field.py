"""A callback-time field: the user types "tomorrow 10:00" and reads it back in words at once.

`WhenField` is an Input with a line under it: the parsed time described by
`domain.timeinput.describe_when` ("tomorrow, Tue 24 Nov 10:00 (in 24 h)"), or why the text
cannot be read. It never saves anything; forms read `when` and `problem`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from ...domain.timeinput import TimeInputError, describe_when, parse_when
from ...i18n import _

if TYPE_CHECKING:
    from ...clock import Clock


class WhenField(Vertical):
    """An Input for a future time in the team timezone, with the reading shown below it."""

    DEFAULT_CSS = """
    WhenField { height: auto; }
    WhenField > .when-reading { height: auto; padding: 0 1; color: $text-muted; }
    WhenField > .when-reading.-problem { color: $error; }
    WhenField > .when-reading.-ok { color: $success; }
    """

    def __init__(
        self,
        clock: Clock,
        *,
        value: str = "",
        placeholder: str | None = None,
        input_id: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._clock = clock
        self._initial = value
        self._placeholder = placeholder if placeholder is not None else _("e.g. tomorrow 10:00, fri 15:30, +2h")
        self._input_id = input_id

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

    @on(Input.Changed)
    def _text_changed(self) -> None:
        self._show_reading()

    def _show_reading(self) -> None:
        reading = self.query_one(".when-reading", Static)
        when, problem = self.read()
        reading.set_class(problem is not None, "-problem")
        reading.set_class(when is not None, "-ok")
        if when is not None:
            reading.update(Content("→ " + describe_when(when, self._clock.now(), self._clock.tz)))
        elif problem is not None:
            reading.update(Content(problem))
        else:
            reading.update("")
