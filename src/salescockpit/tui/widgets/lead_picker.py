"""Pick a lead by typing part of its name, company, phone or e-mail.

The widget never searches itself: as the user types it posts `LeadPicker.SearchRequested`
(after a short pause), its screen runs the search in a worker and hands the matches back with
`show_matches`. Choosing a match posts `LeadPicker.Picked`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import _

#: Seconds of quiet typing before a search is asked for.
SEARCH_PAUSE = 0.2


class LeadLike(Protocol):
    """What the picker shows of a match (a `store.queries.leads.LeadMatch`)."""

    lead_id: int
    phone: str | None
    email: str | None
    owner_name: str

    @property
    def label(self) -> str: ...


class LeadPicker(Vertical):
    """A search Input, the matches under it, and the lead chosen so far."""

    DEFAULT_CSS = """
    LeadPicker { height: auto; }
    LeadPicker > OptionList { height: auto; max-height: 7; display: none; }
    LeadPicker.-has-matches > OptionList { display: block; }
    LeadPicker > .picker-status { height: auto; padding: 0 1; color: $text-muted; }
    LeadPicker > .picker-status.-chosen { color: $success; text-style: bold; }
    """

    @dataclass
    class SearchRequested(Message):
        picker: LeadPicker
        query: str

    @dataclass
    class Picked(Message):
        picker: LeadPicker
        lead_id: int
        label: str

    def __init__(self, *, input_id: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._input_id = input_id
        self._timer: Timer | None = None
        self._labels: dict[str, str] = {}
        self.lead_id: int | None = None
        self.lead_label: str = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("name, company, phone or e-mail"), id=self._input_id, compact=True)
        yield OptionList()
        yield Static(_("Type to search your leads."), classes="picker-status")

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_PAUSE, self._ask)

    def _ask(self) -> None:
        self._timer = None
        text = self.query_text.strip()
        if not text:
            self.show_matches(())
            return
        self.post_message(self.SearchRequested(self, text))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.option_count == 1:
            self._choose(options.get_option_at_index(0).id or "")
        elif options.option_count:
            options.focus()
            options.highlighted = 0

    def on_key(self, event) -> None:
        options = self.query_one(OptionList)
        if event.key == "down" and self.query_one(Input).has_focus and options.option_count:
            event.stop()
            options.focus()
            options.highlighted = 0

    def show_matches(self, matches: Sequence[LeadLike]) -> None:
        """Show the matches the screen found for the current text."""
        options = self.query_one(OptionList)
        options.clear_options()
        self._labels = {}
        for match in matches:
            option_id = str(match.lead_id)
            self._labels[option_id] = match.label
            details = " · ".join(part for part in (match.phone, match.email, match.owner_name) if part)
            prompt = Content.assemble(match.label, ("  " + details, "$text-muted")) if details else Content(match.label)
            options.add_option(Option(prompt, id=option_id))
        self.set_class(bool(matches), "-has-matches")
        if not matches and self.query_text.strip() and self.lead_id is None:
            self._status(_("No lead matches {text!r}.").format(text=self.query_text.strip()))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_id or "")

    def _choose(self, option_id: str) -> None:
        if option_id not in self._labels:
            return
        self.choose(int(option_id), self._labels[option_id])

    def choose(self, lead_id: int, label: str) -> None:
        """Make ``lead_id`` the chosen lead (as picking it from the matches does)."""
        self.lead_id = lead_id
        self.lead_label = label
        self._status(_("Lead: {label}").format(label=self.lead_label), chosen=True)
        self.set_class(False, "-has-matches")
        self.post_message(self.Picked(self, self.lead_id, self.lead_label))

    def _status(self, text: str, *, chosen: bool = False) -> None:
        status = self.query_one(".picker-status", Static)
        status.set_class(chosen, "-chosen")
        status.update(Content(text))
