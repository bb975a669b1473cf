"""The call's transcript beside the checklist: one line a row, the line being played marked.

Display only: the screen hands in the lines (start, speaker, text) and, as the recording plays,
the position (`follow`). `/` opens the search box (`open_search`); enter in it highlights the next
line holding the words (case folded, so "бюджет" finds "Бюджет"); enter on a line posts
`OptionList.OptionSelected`, on which the screen plays from that line's start.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.transcripts import TranscriptLine
from ...i18n import _
from .player_bar import clock_text

PLAYING = "▶"


def speaker_label(speaker: str | None) -> str:
    if speaker == "manager":
        return _("Manager")
    if speaker == "client":
        return _("Client")
    return "?"


class TranscriptPane(Vertical):
    """A title, the lines, and a search box shown on `/`."""

    DEFAULT_CSS = """
    TranscriptPane {
        width: 2fr;
        height: 1fr;
        min-height: 5;
    }
    TranscriptPane #transcript-lines {
        height: 1fr;
        border: round $primary 60%;
    }
    TranscriptPane #transcript-lines:focus {
        border: round $primary;
    }
    TranscriptPane #transcript-search {
        display: none;
    }
    TranscriptPane.searching #transcript-search {
        display: block;
    }
    """

    def __init__(self, lines: Sequence[TranscriptLine], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = list(lines)
        self.starts = [line.start_s for line in self.lines]
        self.playing: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Transcript · / finds · enter plays"), classes="card-section")
        yield OptionList(*(Option(self._prompt(index), id=str(index)) for index in range(len(self.lines))),
                         id="transcript-lines")
        yield Input(placeholder=_("Find in the transcript"), id="transcript-search")

    def _prompt(self, index: int) -> Content:
        line = self.lines[index]
        marker = PLAYING if index == self.playing else " "
        style = "bold reverse" if index == self.playing else ""
        return Content.assemble(marker, " ", (clock_text(line.start_s), "$text-muted"), " ",
                                (speaker_label(line.speaker) + ":", "bold"), " ", (line.text, style))

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#transcript-lines", OptionList)

    def line_at(self, position: float | None) -> int | None:
        """The index of the line being said at ``position`` (the last one started)."""
        if position is None or not self.lines:
            return None
        index = bisect_right(self.starts, position + 0.05) - 1
        return index if index >= 0 else None

    def follow(self, position: float | None) -> None:
        """Mark the line being played at ``position`` (and keep it in view when the list is not focused)."""
        index = self.line_at(position)
        if index == self.playing:
            return
        before, self.playing = self.playing, index
        options = self.option_list
        for changed in (before, index):
            if changed is not None:
                options.replace_option_prompt_at_index(changed, self._prompt(changed))
        if index is not None and not options.has_focus:
            options.highlighted = index

    def open_search(self) -> None:
        self.add_class("searching")
        self.query_one("#transcript-search", Input).focus()

    def find(self, words: str, after: int | None) -> int | None:
        """The first line after ``after`` (wrapping) holding ``words``, case folded."""
        needle = " ".join(words.split()).casefold()
        if not needle:
            return None
        count = len(self.lines)
        begin = -1 if after is None else after
        for step in range(1, count + 1):
            index = (begin + step) % count
            if needle in self.lines[index].text.casefold():
                return index
        return None

    @on(Input.Submitted, "#transcript-search")
    def _search(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.option_list
        found = self.find(event.value, options.highlighted)
        if found is None:
            self.notify(_("Not in the transcript: {words}").format(words=event.value), severity="warning")
            return
        options.highlighted = found
        self.remove_class("searching")
        options.focus()

    def close_search(self) -> bool:
        """Hide the search box; False when it was not open."""
        if not self.has_class("searching"):
            return False
        self.remove_class("searching")
        self.option_list.focus()
        return True
