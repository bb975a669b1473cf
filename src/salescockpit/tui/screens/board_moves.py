"""Moving leads on the board: H/L a stage back or forward, n nurture, x lost or disqualified, u undo.

A mixin of `BoardScreen`. A move runs `services.stages.move_stage` in a worker that reads the
lead back as a card, and what the move changed in the totals of the two stages (read from the one
lead, before and after); the card leaves one column and is slotted into the other at once, the
two stages' totals take that change, and both columns' windows are re-read in the background.
No move counts every lead again.
When a stage gate refuses, `GatePrompt` asks for what is missing and the move is retried with
the answers. Each move made here goes on an undo stack; `u` moves the lead back through the
same service (so gates may ask again).

The cursor follows the moved card into its new column, so `L L L` walks ONE lead three stages.
Move keys pressed while a move is still in flight are queued for that same lead and run, one by
one, from the stage it lands in; a gate prompt or an error ends the sequence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkerState

from ...i18n import _, ngettext
from ..messages import DataChanged
from ..widgets.board_column import LOOKAHEAD, BoardColumn, ColumnTotals
from .base import error_text
from .board_data import MoveDone, move_lead

if TYPE_CHECKING:
    from ...domain.pipeline import Pipeline


@dataclass(frozen=True)
class UndoEntry:
    lead_id: int
    name: str
    from_stage: str
    to_stage: str


#: A key pressed while its lead was moving, run with the stage the lead landed in.
QueuedStep = Callable[[str], None]


@dataclass
class MoveInFlight:
    """The lead a worker is moving now, and the keys pressed for it meanwhile."""

    lead_id: int
    name: str
    queued: list[QueuedStep] = field(default_factory=list)
    worker: Worker | None = None

    @property
    def cancelled(self) -> bool:
        """The worker was cancelled (it reports neither a result nor an error): nothing is moving."""
        return self.worker is not None and self.worker.state is WorkerState.CANCELLED


class BoardMoves:
    """The move keys of the board (mixed into `BoardScreen`, which provides columns and reloads)."""

    undo_stack: list[UndoEntry]
    move_in_flight: MoveInFlight | None = None

    def _queue_for_moving_lead(self, make_step: Callable[[int, str], QueuedStep]) -> bool:
        """While a lead is moving, keep the key for that lead (True); else False: act now."""
        flight = self.move_in_flight
        if flight is None or flight.cancelled:
            self.move_in_flight = None
            return False
        flight.queued.append(make_step(flight.lead_id, flight.name))
        return True

    def action_move_next(self) -> None:
        self._move_by(lambda pipeline, stage: pipeline.next_stage(stage), _("This is the last stage."))

    def action_move_previous(self) -> None:
        self._move_by(lambda pipeline, stage: pipeline.previous_stage(stage), _("There is no stage before this one."))

    def _move_by(self, neighbour: Callable[[Pipeline, str], str | None], at_edge: str) -> None:
        def step(lead_id: int, name: str) -> QueuedStep:
            return lambda stage: self._step(lead_id, name, stage, neighbour, at_edge)

        if self._queue_for_moving_lead(step) or self.move_marked_by(neighbour):
            return
        found = self._focused_card()
        if found is not None:
            column, card = found
            step(card.lead_id, card.name)(column.stage)

    def _step(
        self, lead_id: int, name: str, stage: str, neighbour: Callable[[Pipeline, str], str | None], at_edge: str,
    ) -> None:
        target = neighbour(self.cockpit.settings.pipeline, stage)
        if target is None:
            self.notify(at_edge, severity="warning", timeout=4)
            return
        self.move_by_id(lead_id, name, stage, target)

    def action_move_nurture(self) -> None:
        nurture = self.cockpit.settings.pipeline.nurture_key
        if nurture is None:
            self.notify(_("This pipeline has no nurture stage."), severity="warning")
            return
        self._move_by(lambda _pipeline, _stage: nurture, "")

    def action_close_lead(self) -> None:
        def step(lead_id: int, name: str) -> QueuedStep:
            return lambda stage: self._ask_close(lead_id, name, stage)

        if self._queue_for_moving_lead(step):
            return
        if self.marked:
            self._ask_close_marked()
            return
        found = self._focused_card()
        if found is not None:
            column, card = found
            step(card.lead_id, card.name)(column.stage)

    def _ask_close(self, lead_id: int, name: str, stage: str) -> None:
        from ..modals.gate_prompt import StagePicker

        pipeline = self.cockpit.settings.pipeline
        choices = [(key, pipeline.label(key)) for key in (pipeline.lost_key, pipeline.disqualified_key)
                   if key != stage]

        def chosen(target: str | None) -> None:
            if target is not None:
                self.move_by_id(lead_id, name, stage, target)

        self._push_modal(StagePicker(choices, current_label=pipeline.label(stage)), chosen)

    def _ask_close_marked(self) -> None:
        """Lost or disqualified for every marked lead: one choice, then each lead's own gates."""
        from ..modals.gate_prompt import StagePicker

        pipeline = self.cockpit.settings.pipeline
        choices = [(key, pipeline.label(key)) for key in (pipeline.lost_key, pipeline.disqualified_key)]

        def chosen(target: str | None) -> None:
            if target is not None:
                self.move_marked_by(lambda _pipeline, _stage: target)

        count = len(self.marked)
        marked = ngettext("{n} marked lead", "{n} marked leads", count).format(n=count)
        self._push_modal(StagePicker(choices, current_label=marked), chosen)

    def action_undo(self) -> None:
        if self._queue_for_moving_lead(lambda _lead_id, _name: lambda _stage: self.action_undo()):
            return  # the move in flight is not on the stack yet: undo it once it is
        if not self.undo_stack:
            self.notify(_("Nothing to undo."), severity="warning", timeout=3)
            return
        entry = self.undo_stack.pop()
        self.move_by_id(entry.lead_id, entry.name, entry.to_stage, entry.from_stage, undo_of=entry)

    def move_by_id(
        self, lead_id: int, name: str, from_stage: str, to_stage: str, *, answers: Any = None,
        undo_of: UndoEntry | None = None,
    ) -> None:
        """Move the lead in a worker; ask the gate prompt when refused, then retry."""
        flight = self.move_in_flight = MoveInFlight(lead_id, name)

        def done(result: MoveDone) -> None:
            flight, self.move_in_flight = self.move_in_flight, None
            self._moved(result, name, undo_of)
            if flight is not None:
                self._run_queued(flight.queued, result.move.to_stage)

        def refused(error: BaseException) -> None:
            self.move_in_flight = None  # a gate prompt or an error ends the sequence
            self._refused(error, lead_id, name, from_stage, to_stage, answers, undo_of)

        target = self.column(to_stage)
        window_above = None if target.folded else min(target.visible_cards // 2, LOOKAHEAD)
        stale_count = self.totals[to_stage].stale if to_stage in self.totals else None
        flight.worker = self.in_worker(move_lead, self.view, lead_id, to_stage, answers, window_above, stale_count,
                                       then=done, failed=refused, group="move")

    def _run_queued(self, queued: list[QueuedStep], stage: str) -> None:
        """The first key pressed meanwhile now; the others wait for the move it starts."""
        if not queued:
            return
        first, rest = queued[0], queued[1:]
        first(stage)
        if self.move_in_flight is not None:
            self.move_in_flight.queued.extend(rest)

    def _push_modal(self, modal, callback) -> None:
        """Open one of the board's own forms: closing it needs no reload (the move reloads)."""
        self._own_modal_open = True
        self.app.push_screen(modal, callback)

    def _moved(self, result: MoveDone, name: str, undo_of: UndoEntry | None) -> None:
        """Show the move at once (card out of one window, into the other), then re-read both columns."""
        move = result.move
        self._moves_done += 1
        source, target = self.column(move.from_stage), self.column(move.to_stage)
        source.remove_card(move.lead_id)
        self._change_totals(result.totals_change)
        if result.card is not None:
            if not target.folded:
                if not target.insert_card(result.card) and result.window is not None:
                    window = result.window  # it landed out of the window shown: show the window around it
                    target.replace(window.page.cards, start=window.start, has_before=window.page.has_before,
                                   has_after=window.page.has_after, cursor=window.cursor)
                self._follow(target, move.lead_id)
        self._show_title()
        # Re-read both columns' windows, once the moved card is on screen.
        self.call_after_refresh(self.reload_columns, (move.from_stage, move.to_stage))
        pipeline = self.cockpit.settings.pipeline
        if undo_of is None:
            self.undo_stack.append(UndoEntry(move.lead_id, name, move.from_stage, move.to_stage))
            message = _("{lead} moved to {stage}. u undoes it.")
        else:
            message = _("Undone: {lead} is back in {stage}.")
        self.notify(message.format(lead=name, stage=pipeline.label(move.to_stage)), timeout=4)
        self._own_moves.append(move.lead_id)  # other screens refresh; this one already shows it
        self.app.post_message(DataChanged(move.lead_id))

    def _follow(self, column: BoardColumn, lead_id: int) -> None:
        """The cursor goes with the moved card, so the next move key moves the same lead on."""
        if not column.select_card(lead_id):
            return
        if self.focused is not column and (self.focused is None or isinstance(self.focused, BoardColumn)):
            column.focus()
        column.scroll_visible(animate=False)

    def _change_totals(self, change: Mapping[str, ColumnTotals]) -> None:
        """Add a move's change to the totals shown (not loaded yet: the load under way counts it)."""
        for stage, difference in change.items():
            totals = self.totals.get(stage)
            if totals is not None:
                totals = ColumnTotals(totals.count + difference.count, totals.value + difference.value,
                                      totals.stale + difference.stale)
                self.totals[stage] = totals
                self.column(stage).set_totals(totals)

    def _refused(
        self, error: BaseException, lead_id: int, name: str, from_stage: str, to_stage: str, answers: Any,
        undo_of: UndoEntry | None,
    ) -> None:
        from ...services.errors import GateRefused
        from ..modals.gate_prompt import GatePrompt, can_answer

        can_override = self.cockpit.is_head
        if not isinstance(error, GateRefused) or not can_answer(error.problems, can_override=can_override):
            if undo_of is not None:
                self.undo_stack.append(undo_of)
            self.notify(error_text(error), title=_("Not moved"), severity="error", timeout=8)
            return
        target = self.cockpit.settings.pipeline.label(to_stage)

        def retry(given: Any) -> None:
            if given is None:
                if undo_of is not None:
                    self.undo_stack.append(undo_of)
                self.notify(_("{lead} stays where it was.").format(lead=name), timeout=3)
                return
            merged = answers.merged(given) if answers is not None else given
            self.move_by_id(lead_id, name, from_stage, to_stage, answers=merged, undo_of=undo_of)

        self._push_modal(GatePrompt(error.problems, target_label=target, can_override=can_override), retry)
