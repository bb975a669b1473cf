"""Listening on the review screen: the player's keys, marks, the transcript, the suggestions.

A mixin of `ReviewCallScreen`. The player starts on the first play key (on the UI thread, so it
dies with the app: see `audio.player`), connects in a worker, and stops when the screen goes.
A timer reads the player's last reported position (never blocking) into the position bar and
the transcript. Keys go to the cockpit; the player never reads the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.widgets import OptionList

from ...i18n import _
from ..widgets.player_bar import PlayerBar, clock_text
from ..widgets.suggested_checklist import SuggestedChecklist
from ..widgets.transcript_pane import TranscriptPane

if TYPE_CHECKING:
    from ...audio.player import FfplayPlayer, MpvPlayer
    from ...domain.trackers import Suggestions
    from ...domain.transcripts import TranscriptLine
    from ...services.marks import Mark
    from ..cockpit import Cockpit

TICK_S = 0.2
PLAYER_BINDINGS = [
    Binding("space", "play_pause", _("Play/pause"), id="review.play_pause",
            tooltip=_("Play or pause the call's recording")),
    Binding("left,comma", "skip(-5)", _("-5 s"), id="review.back_5", tooltip=_("Back 5 seconds"), show=False),
    Binding("right,full_stop", "skip(5)", _("+5 s"), id="review.forward_5", tooltip=_("Forward 5 seconds"),
            show=False),
    Binding("shift+left,less_than_sign", "skip(-30)", _("-30 s"), id="review.back_30", tooltip=_("Back 30 seconds"),
            show=False),
    Binding("shift+right,greater_than_sign", "skip(30)", _("+30 s"), id="review.forward_30",
            tooltip=_("Forward 30 seconds"), show=False),
    Binding("s", "speed", _("Speed"), id="review.speed", tooltip=_("Speed 1x, 1.25x, 1.5x, 2x (pitch kept)")),
    Binding("m", "mark", _("Mark"), id="review.mark",
            tooltip=_("Tie this moment of the recording to the item (or the objection line) under the cursor")),
    Binding("g", "play_mark", _("Play mark"), id="review.play_mark",
            tooltip=_("Play from the mark on the item under the cursor"), show=False),
    Binding("a", "accept_suggestion", _("Keep suggestion"), id="review.accept",
            tooltip=_("Tick the item as the transcript suggests")),
    Binding("slash", "search_transcript", _("Find"), id="review.search", tooltip=_("Search the transcript"),
            key_display="/", show=False),
]

PLAYER_ACTIONS = frozenset({"play_pause", "skip", "speed", "mark", "play_mark"})
TRANSCRIPT_ACTIONS = frozenset({"accept_suggestion", "search_transcript"})


@dataclass
class Listening:
    """What the review shows beside the checklist (empty when the call has no transcript)."""

    lines: list[TranscriptLine] = field(default_factory=list)
    suggestions: Suggestions | None = None
    marks: list[Mark] = field(default_factory=list)
    problem: str = ""
    metrics: Any = None  # audio.speech.SpeechMetrics of a local stereo recording, else None


def load_listening(cockpit: Cockpit, call_id: int) -> Listening:
    """The transcript, the trackers' suggestions and the marks of a call (in a worker)."""
    from ...services.errors import ServiceError
    from ...services.marks import call_marks
    from ...services.suggestions import call_metrics, suggest_for_call
    from ...store.queries.transcripts import call_transcript

    with cockpit.ctx.db.read() as session:
        lines = call_transcript(session, cockpit.actor, call_id)
    found = Listening(lines=lines, marks=call_marks(cockpit.ctx, cockpit.actor, call_id))
    if lines:
        try:
            found.suggestions = suggest_for_call(cockpit.ctx, cockpit.actor, call_id)
        except (ServiceError, ImportError, LookupError) as error:  # the lemma dictionary missing, say
            found.problem = getattr(error, "message", str(error))
    try:  # the talk/listen figures, from the recording alone (no recording, a link, mono: none)
        found.metrics = call_metrics(cockpit.ctx, cockpit.actor, call_id)
    except (ServiceError, OSError, ValueError, EOFError):
        found.metrics = None
    return found


def save_mark(cockpit: Cockpit, call_id: int, at_seconds: float, kind: str, key: str) -> Mark:
    from ...services.marks import add_mark

    return add_mark(cockpit.ctx, cockpit.actor, call_id, at_seconds, kind, key)


def _connect(_cockpit: Cockpit, player: Any) -> Any:
    player.connect()
    return player


class ListeningKeys:
    """The player, marks and transcript part of the review screen."""

    player: MpvPlayer | FfplayPlayer | None = None
    player_starting = False
    listening: Listening

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Player keys only for a call with a recording, `a` and `/` only with a transcript."""
        call = getattr(self, "call", None)
        if action in PLAYER_ACTIONS:
            return bool(call is not None and call.recording_ref)
        if action in TRANSCRIPT_ACTIONS:
            return bool(self.listening.lines)
        return True

    # The player ------------------------------------------------------------------------------

    def start_listening_timer(self) -> None:
        self.set_interval(TICK_S, self._follow_player)  # type: ignore[attr-defined]

    def _with_player(self, then: Callable[[Any], None]) -> None:
        """Run ``then(player)`` now, or once the player has started (starting it if needed)."""
        from ...audio.player import PlayerError, open_player

        if self.player is not None:
            self._obey(then)
            return
        if self.player_starting or self.call is None:  # type: ignore[attr-defined]
            return
        try:
            player = open_player(self.call.recording_ref)  # type: ignore[attr-defined]
        except PlayerError as error:
            self.notify(error.message, severity="warning", timeout=8)  # type: ignore[attr-defined]
            return
        self.player_starting = True
        self.player_bar.say(_("Starting the player…"))

        def ready(started: Any) -> None:
            self.player_starting = False
            if not self.is_attached:  # type: ignore[attr-defined]
                started.stop()
                return
            self.player = started
            self._obey(then)

        def failed(error: BaseException) -> None:
            self.player_starting = False
            player.stop()
            self.player_bar.say(getattr(error, "message", str(error)), "$text-error")
            self.notify(getattr(error, "message", str(error)), severity="warning", timeout=8)  # type: ignore[attr-defined]

        self.in_worker(_connect, player, then=ready, failed=failed, group="player")  # type: ignore[attr-defined]

    def _obey(self, command: Callable[[Any], None]) -> None:
        from ...audio.player import PlayerError

        try:
            command(self.player)
        except PlayerError as error:
            self.notify(error.message, severity="warning", timeout=6)  # type: ignore[attr-defined]
        self._follow_player()

    def stop_player(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player = None

    @property
    def player_bar(self) -> PlayerBar:
        return self.query_one("#review-player", PlayerBar)  # type: ignore[attr-defined]

    def _mark_labels(self) -> list[tuple[float, str]]:
        return [(mark.at_seconds, self._mark_label(mark.target_kind, mark.target_key)) for mark in self.listening.marks]

    def _follow_player(self) -> None:
        player = self.player
        if player is None or not self.is_attached:  # type: ignore[attr-defined]
            return
        position = player.position()
        self.player_bar.show(position=position, duration=player.duration(), paused=player.is_paused(),
                             speed=player.speed, can_seek=player.can_seek, marks=self._mark_labels())
        pane = self.transcript_pane
        if pane is not None:
            pane.follow(position)

    def action_play_pause(self) -> None:
        self._with_player(lambda player: player.toggle_pause())

    def action_skip(self, seconds: int) -> None:
        self._with_player(lambda player: player.seek(seconds))

    def action_speed(self) -> None:
        self._with_player(lambda player: player.cycle_speed())

    def play_from(self, seconds: float) -> None:
        def go(player: Any) -> None:
            player.seek_to(seconds)
            if player.is_paused():
                player.toggle_pause()

        self._with_player(go)

    # Marks -----------------------------------------------------------------------------------

    def _objection_under_cursor(self) -> str | None:
        """The objection whose evidence is the transcript line under the cursor (when the transcript has focus)."""
        pane = self.transcript_pane
        suggestions = self.listening.suggestions
        if pane is None or suggestions is None or not pane.option_list.has_focus:
            return None
        index = pane.option_list.highlighted
        if index is None:
            return None
        line = pane.lines[index]
        return next((found.key for found in suggestions.objections
                     if found.evidence == line.text and abs(found.start_s - line.start_s) < 0.01), None)

    def _mark_label(self, kind: str, key: str) -> str:
        checklist = self.checklist  # type: ignore[attr-defined]
        if kind == "item" and checklist is not None and key in checklist.items:
            text = _(checklist.items[key].text)
            return text if len(text) <= 24 else text[:23] + "…"
        return key or "•"

    def action_mark(self) -> None:
        checklist = self.checklist  # type: ignore[attr-defined]
        item = checklist.current_item if checklist else None
        if item is None or self._refuse_manager():  # type: ignore[attr-defined]
            return
        objection = self._objection_under_cursor()
        kind, key = ("objection", objection) if objection else ("item", item.key)
        position = self.player.position() if self.player is not None else None
        if position is None:
            self.notify(_("Play the recording first (space): a mark ties a moment of it."),  # type: ignore[attr-defined]
                        severity="warning")
            return

        def saved(mark: Mark) -> None:
            self.listening.marks.append(mark)
            self.listening.marks.sort(key=lambda found: found.at_ms)
            if isinstance(checklist, SuggestedChecklist) and kind == "item":
                checklist.add_mark(item.key, mark.at_seconds)
            self.notify(_("Marked {time} on “{item}”.").format(time=clock_text(mark.at_seconds),  # type: ignore[attr-defined]
                                                               item=self._mark_label(kind, key)), timeout=3)
            self._follow_player()

        self.in_worker(save_mark, self.call_id, position, kind, key, then=saved,  # type: ignore[attr-defined]
                       group="review-mark")

    def action_play_mark(self) -> None:
        checklist = self.checklist  # type: ignore[attr-defined]
        item = checklist.current_item if checklist else None
        if item is None:
            return
        moments = [mark.at_seconds for mark in self.listening.marks if mark.target_key == item.key]
        if not moments:
            self.notify(_("“{item}” has no mark.").format(item=_(item.text)), severity="warning")  # type: ignore[attr-defined]
            return
        self.play_from(moments[-1])

    # Suggestions and the transcript ----------------------------------------------------------

    def action_accept_suggestion(self) -> None:
        from ...domain.scoring import Answer

        checklist = self.checklist  # type: ignore[attr-defined]
        item = checklist.current_item if checklist else None
        if item is None or self._refuse_manager():  # type: ignore[attr-defined]
            return
        suggestion = self.listening.suggestions.item(item.key) if self.listening.suggestions else None
        if suggestion is None:
            self.notify(_("Nothing is suggested for “{item}”: tick it yourself.").format(item=_(item.text)),  # type: ignore[attr-defined]
                        severity="warning")
            return
        checklist.set_answer(item.key, Answer(suggestion.answer))
        checklist.advance()
        self._update_score()  # type: ignore[attr-defined]

    @property
    def transcript_pane(self) -> TranscriptPane | None:
        found = self.query("#review-transcript")  # type: ignore[attr-defined]
        return found.first(TranscriptPane) if found else None

    def action_search_transcript(self) -> None:
        pane = self.transcript_pane
        if pane is None:
            self.notify(_("This call has no transcript."), severity="warning")  # type: ignore[attr-defined]
            return
        pane.open_search()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a transcript line plays from its start."""
        pane = self.transcript_pane
        if pane is not None and event.option_list.id == "transcript-lines":
            event.stop()
            self.play_from(pane.lines[event.option_index].start_s)
