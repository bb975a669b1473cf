"""Scoring one call against its script: the call's facts and notes, the recording, the checklist.

`y` done, `n` missed, `-` n.a. (where the item allows it), `e` a note on the item, `c` a comment
on the call, `o` opens the recording with the system's opener, ctrl+s saves through `review_call`.
The recording plays inside the cockpit (space, arrows, `s` speed, `m` mark, `g` plays an item's
mark), the transcript sits beside the checklist with the trackers' suggestions on each item (`a`
keeps one; nothing is the head's answer until ticked): see `review_listening`.
A critical miss needs a note, but the note box never opens by itself under keys already typed:
the item shows "note needed" and the checklist keeps the keys; `e` writes the note, and ctrl+s
asks for each note still missing before it saves. The score and pass/fail follow every tick. A manager sees
their own call and its review but cannot score it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Header, Static
from ..widgets.cockpit_footer import CockpitFooter

from ...domain.scoring import Answer, Criticality
from ...i18n import _
from ...l10n import full_day_time
from ..messages import DataChanged
from ..widgets.checklist import Checklist, Provisional
from ..widgets.player_bar import PlayerBar
from ..widgets.suggested_checklist import SuggestedChecklist
from ..widgets.transcript_pane import TranscriptPane
from .base import CockpitScreen
from .recording_opener import RecordingError, open_recording, recording_name, recording_target  # noqa: F401
from .review_listening import PLAYER_BINDINGS, Listening, ListeningKeys, load_listening

if TYPE_CHECKING:
    from ...domain.scoring import ScoreResult
    from ...store.queries.compliance import CallForReview
    from ..cockpit import Cockpit

def load_call(cockpit: Cockpit, call_id: int) -> CallForReview | None:
    from ...store.queries.compliance import call_for_review

    with cockpit.ctx.db.read() as session:
        return call_for_review(session, call_id, cockpit.actor)


def load_review(cockpit: Cockpit, call_id: int) -> tuple[CallForReview | None, Listening]:
    """The call, then what listening adds to it (transcript, suggestions, marks)."""
    call = load_call(cockpit, call_id)
    return call, (load_listening(cockpit, call_id) if call is not None else Listening())


def save_review(cockpit: Cockpit, call_id: int, answers: dict, notes: dict, note: str) -> ScoreResult:
    from ...services.reviews import review_call

    return review_call(cockpit.ctx, cockpit.actor, call_id, answers, notes, note)


def describe_score(score: Provisional, pass_mark: float) -> str:
    """The score line: the score so far, and pass or fail with the reason."""
    result = score.result
    if result.score is None:
        text = _("Score: — (nothing scored yet)")
    else:
        text = _("Score: {score:.1f} (pass mark {mark:g})").format(score=result.score, mark=pass_mark)
    if not score.complete:
        left = score.total - score.answered
        return text + " · " + _("{n} item(s) to tick").format(n=left)
    if result.failed_critical:
        return text + " · [$text-error]" + _("FAILED: a call-critical item was missed") + "[/]"
    if result.passed:
        return text + " · [$text-success]" + _("PASSED") + "[/]"
    return text + " · [$text-error]" + _("FAILED: below the pass mark") + "[/]"


def _duration(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class ReviewCallScreen(ListeningKeys, CockpitScreen):
    """The compliance review of one call."""

    CSS_PATH = "../styles/compliance.tcss"
    DEFAULT_CSS = """
    ReviewCallScreen #review-body {
        height: 1fr;
    }
    ReviewCallScreen #review-body > #review-checklist {
        width: 3fr;
    }
    ReviewCallScreen #review-body > #review-transcript {
        width: 2fr;
    }
    ReviewCallScreen #review-player {
        display: none;
    }
    """
    BINDINGS = [
        Binding("y", "tick('done')", _("Done"), id="review.done", tooltip=_("The manager did this item")),
        Binding("n", "tick('missed')", _("Missed"), id="review.missed", tooltip=_("The manager missed this item")),
        Binding("minus", "tick('na')", _("N.a."), id="review.na", tooltip=_("The item does not apply to this call"),
                key_display="-"),
        Binding("j", "move(1)", _("Down"), id="review.down", tooltip=_("Next item"), show=False),
        Binding("k", "move(-1)", _("Up"), id="review.up", tooltip=_("Previous item"), show=False),
        Binding("e", "item_note", _("Note"), id="review.note", tooltip=_("Write a note on this item")),
        Binding("c", "comment", _("Comment"), id="review.comment", tooltip=_("A comment on the whole call")),
        Binding("o", "open_recording", _("Recording"), id="review.recording", tooltip=_("Open the call's recording")),
        Binding("ctrl+s", "save", _("Save"), id="review.save", tooltip=_("Save the review and its score")),
        Binding("escape,q", "close", _("Back"), id="review.back", tooltip=_("Back to the list of calls")),
        *PLAYER_BINDINGS,
    ]

    def __init__(self, call_id: int, *, play: bool = False) -> None:
        super().__init__()
        self.call_id = call_id
        self.play_at_once = play  # opened to listen (the lead card's play key)
        self.call: CallForReview | None = None
        self.comment = ""
        self.saving = False
        self.listening = Listening()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review-call"):
            yield Static(_("Loading the call…"), id="review-facts")
            yield Static("", id="review-recording")
            yield PlayerBar("", id="review-player")
            yield Static("", id="review-notes")
            yield Static("", id="review-score", classes="status-line")
        yield CockpitFooter()

    def on_mount(self) -> None:
        self.in_worker(load_review, self.call_id, then=self._loaded, group="review-load")
        self.start_listening_timer()

    def on_unmount(self) -> None:
        self.stop_player()

    def _loaded(self, found: tuple[CallForReview | None, Listening]) -> None:
        call, self.listening = found
        self._show(call)

    def _show(self, call: CallForReview | None) -> None:
        if call is None:
            self.notify(_("Call #{id} does not exist or is not yours.").format(id=self.call_id), severity="error")
            self.app.pop_screen()
            return
        self.call = call
        self.comment = call.review_note
        tz = self.cockpit.settings.tz
        pipeline = self.cockpit.settings.pipeline
        from ...services.calls import outcome_label

        when = full_day_time(call.started_at, tz)
        facts = [
            f"[b]{escape(call.lead_name)}[/b]" + (f" · {escape(call.company)}" if call.company else "")
            + " · " + escape(pipeline.label(call.lead_stage)),
            _("Call {when} · {direction} · {duration} · {outcome} · by {manager}").format(
                when=when, direction=_("outgoing") if call.direction == "out" else _("incoming"),
                duration=_duration(call.duration_seconds), outcome=outcome_label(call.outcome),
                manager=escape(call.manager_name)),
            _("Script: {name} v{version}").format(name=escape(_(call.script.name)), version=call.script.version)
            + (" · " + _("reviewed by {name}").format(name=escape(call.reviewer_name)) if call.reviewer_name else ""),
        ]
        self.query_one("#review-facts", Static).update("\n".join(facts))
        recording = (_("Recording: {ref} (space plays it, o opens it outside)").format(
            ref=escape(recording_name(call.recording_ref))) if call.recording_ref else _("Recording: none"))
        if self.listening.metrics is not None and self.listening.metrics.talk_ratio is not None:
            figures = self.listening.metrics
            recording += "\n" + _("Speech: the manager talks {share}% · longest monologue {monologue} s · "
                                   "silence {silence} s · spoke over each other {overlaps} times").format(
                share=round(figures.talk_ratio * 100), monologue=round(figures.longest_monologue_s),
                silence=round(figures.silence_s), overlaps=figures.overlaps)
        self.query_one("#review-recording", Static).update(recording)
        notes = _("Notes: {text}").format(text=escape(call.notes)) if call.notes else _("Notes: none")
        if call.objections:
            said = "; ".join(
                f"{escape(_(o.type_label))}: " + (_("handled") + (f" ({escape(o.answer)})" if o.answer else "")
                                                  if o.handled else _("not handled"))
                for o in call.objections
            )
            notes += "\n" + _("Objections: {list}").format(list=said)
        self.query_one("#review-notes", Static).update(notes)
        listening = self.listening
        if listening.problem:
            self.notify(_("No suggestions: {reason}").format(reason=listening.problem), severity="warning")
        if listening.suggestions is not None and listening.suggestions.objections:
            notes += "\n" + _("Suggested objections: {list}").format(list="; ".join(
                f"{escape(found.key)} “{escape(found.evidence)}” {_duration(int(found.start_s))}"
                for found in listening.suggestions.objections))
            self.query_one("#review-notes", Static).update(notes)
        marks: dict[str, list[float]] = {}
        for mark in listening.marks:
            marks.setdefault(mark.target_key, []).append(mark.at_seconds)
        suggestions = {found.key: found for found in listening.suggestions.items} if listening.suggestions else {}
        checklist = SuggestedChecklist(call.script, call.answers, call.item_notes, suggestions=suggestions,
                                       marks=marks, id="review-checklist")
        body = Horizontal(id="review-body")
        self.query_one("#review-call", Vertical).mount(body, before="#review-score")
        body.mount(checklist)
        if listening.lines:
            body.mount(TranscriptPane(listening.lines, id="review-transcript"))
        self.refresh_bindings()
        if call.recording_ref:
            self.query_one(PlayerBar).display = True
            self.query_one(PlayerBar).say(_("Space plays the recording; ←/→ 5 s, shift+←/→ 30 s, s speed, m mark."))
        checklist.focus()
        self._update_score()
        if self.play_at_once and call.recording_ref:
            self.action_play_pause()

    # Helpers ---------------------------------------------------------------------------------

    @property
    def checklist(self) -> Checklist | None:
        found = self.query("#review-checklist")
        return found.first(Checklist) if found else None

    def _update_score(self) -> None:
        checklist = self.checklist
        if checklist is None or self.call is None:
            return
        self.query_one("#review-score", Static).update(describe_score(checklist.score(), self.call.script.pass_mark))

    def _refuse_manager(self) -> bool:
        if self.cockpit.is_head:
            return False
        self.notify(_("Only the head of sales can score calls. You can read the review."), severity="warning")
        return True

    # Keys ------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        checklist = self.checklist
        if checklist is None:
            return
        if step > 0:
            checklist.action_cursor_down()
        else:
            checklist.action_cursor_up()

    def action_tick(self, value: str) -> None:
        checklist = self.checklist
        item = checklist.current_item if checklist else None
        if item is None or self._refuse_manager():
            return
        answer = Answer(value)
        if answer is Answer.NA and not item.na_allowed:
            self.notify(_("“{item}” cannot be n.a.: tick it done or missed.").format(item=_(item.text)),
                        severity="warning")
            return
        checklist.set_answer(item.key, answer)
        checklist.advance()
        self._update_score()

    def _ask_note(self, item, *, required: bool, then: Callable[[], None] | None = None) -> None:
        from ..modals.review_note import NoteModal

        checklist = self.checklist
        if required:
            title = _("Why was “{item}” missed? A critical miss needs a note.").format(item=_(item.text))
        else:
            title = _("Note on “{item}”").format(item=_(item.text))

        def done(text: str | None) -> None:
            if text is None or checklist is None:
                return
            checklist.set_note(item.key, text)
            self._update_score()
            if then is not None:
                then()

        self.app.push_screen(NoteModal(title, initial=checklist.notes.get(item.key, "") if checklist else "",
                                       required=required), done)

    def action_item_note(self) -> None:
        checklist = self.checklist
        item = checklist.current_item if checklist else None
        if item is None or self._refuse_manager():
            return
        critical_miss = checklist.answers.get(item.key) is Answer.MISSED and item.criticality is not Criticality.NONE
        self._ask_note(item, required=critical_miss)

    def action_comment(self) -> None:
        from ..modals.review_note import NoteModal

        if self.call is None or self._refuse_manager():
            return

        def done(text: str | None) -> None:
            if text is not None:
                self.comment = text

        self.app.push_screen(NoteModal(_("Comment on the call"), initial=self.comment), done)

    def action_open_recording(self) -> None:
        if self.call is None:
            return

        def failed(error: BaseException) -> None:
            self.notify(getattr(error, "message", str(error)), severity="warning", timeout=8)

        self.in_worker(open_recording, self.call.recording_ref, then=lambda text: self.notify(text, timeout=3),
                       failed=failed, group="recording")

    def action_save(self) -> None:
        checklist = self.checklist
        if checklist is None or self.call is None or self._refuse_manager() or self.saving:
            return
        score = checklist.score()
        if not score.complete:
            self.notify(_("Tick every item first: {n} left.").format(n=score.total - score.answered), severity="warning")
            return
        unexplained = checklist.missing_notes()
        if unexplained:  # asked now, because the user asked to save: each missing note, then the save
            checklist.show_item(unexplained[0].key)
            self._ask_note(unexplained[0], required=True, then=self.action_save)
            return
        self.saving = True
        answers = {key: str(answer) for key, answer in checklist.answers.items()}

        def failed(error: BaseException) -> None:
            from .base import error_text

            self.saving = False
            self.notify(error_text(error), title=_("Not saved"), severity="error", timeout=8)

        self.in_worker(save_review, self.call_id, answers, dict(checklist.notes), self.comment,
                       then=self._saved, failed=failed, group="review-save")

    def _saved(self, result: ScoreResult) -> None:
        self.saving = False
        if result.passed:
            verdict = _("passed")
        elif result.failed_critical:
            verdict = _("failed on a critical item")
        else:
            verdict = _("failed")
        score = "—" if result.score is None else f"{result.score:.1f}"
        self.notify(_("Review saved: {score}, {verdict}.").format(score=score, verdict=verdict), timeout=4)
        if self.call is not None:
            self.app.post_message(DataChanged(self.call.lead_id))
        self.app.pop_screen()

    def action_close(self) -> None:
        pane = self.transcript_pane
        if pane is not None and pane.close_search():
            return
        self.app.pop_screen()
