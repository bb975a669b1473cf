"""Several cards at once on the board: space marks a card, shift+up/down marks and extends.

A mixin of `BoardScreen`. With cards marked, the move keys (H, L, n, x) move every marked lead
in one go, each from its own stage: each lead is one `services.stages.move_stage` call, so the
stage gates apply card by card. What a gate or an error refuses stays where it was and stays
marked; one notification says how many moved and names each refused lead with the reason.
Moved leads go on the undo stack one by one (u moves them back one at a time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...i18n import _, ngettext
from ..messages import DataChanged
from .base import error_text
from .board_moves import UndoEntry

if TYPE_CHECKING:
    from ...domain.pipeline import Pipeline
    from ..cockpit import Cockpit


@dataclass(frozen=True)
class MarkedCard:
    lead_id: int
    name: str
    stage: str


@dataclass(frozen=True)
class BatchResult:
    """What a move of several marked leads did: (card, to_stage) moved, (card, reason) refused."""

    moved: list[tuple[MarkedCard, str]]
    refused: list[tuple[MarkedCard, str]]


def move_marked(cockpit: Cockpit, moves: list[tuple[MarkedCard, str]]) -> BatchResult:
    """Move each lead to its target, one service call each; a refusal does not stop the others."""
    from ...services.errors import ServiceError
    from ...services.stages import move_stage

    moved, refused = [], []
    for card, target in moves:
        try:
            move = move_stage(cockpit.ctx, cockpit.actor, card.lead_id, target)
        except ServiceError as error:
            refused.append((card, error_text(error)))
        else:
            moved.append((card, move.to_stage))
    return BatchResult(moved, refused)


class BoardMarks:
    """Marking cards and moving the marked ones (mixed into `BoardScreen`)."""

    marked: dict[int, MarkedCard]

    # Marking ------------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        found = self._focused_card()
        if found is None:
            return
        column, card = found
        if card.lead_id in self.marked:
            del self.marked[card.lead_id]
        else:
            self.marked[card.lead_id] = MarkedCard(card.lead_id, card.name, column.stage)
        self._show_marks()

    def action_extend_marks(self, step: int) -> None:
        """Mark the focused card and the next one (step 1) or the one above (step -1)."""
        column = self.current_column
        if column is None or column.current is None:
            return
        self._mark(column.stage, column.current)
        column.move_cursor(step)
        self._mark(column.stage, column.current)
        self._show_marks()

    def _mark(self, stage: str, card) -> None:
        if card is not None:
            self.marked[card.lead_id] = MarkedCard(card.lead_id, card.name, stage)

    def clear_marks(self) -> bool:
        """Unmark every card; True when there were marks."""
        if not self.marked:
            return False
        self.marked.clear()
        self._show_marks()
        return True

    def _show_marks(self) -> None:
        ids = frozenset(self.marked)
        for column in self.columns:
            column.set_marked(ids)
        self._show_title()

    def marks_text(self) -> str:
        count = len(self.marked)
        return ngettext("{n} card marked: H, L, n and x move them all; esc unmarks",
                        "{n} cards marked: H, L, n and x move them all; esc unmarks", count).format(n=count)

    # Moving the marked cards --------------------------------------------------------------

    def move_marked_by(self, target_of: Callable[[Pipeline, str], str | None]) -> bool:
        """Move every marked lead to ``target_of(pipeline, its stage)``; False when nothing is marked."""
        if not self.marked:
            return False
        pipeline = self.cockpit.settings.pipeline
        moves, at_edge = [], []
        for card in self.marked.values():
            target = target_of(pipeline, card.stage)
            if target is None or target == card.stage:
                at_edge.append((card, _("it cannot go further that way.")))
            else:
                moves.append((card, target))
        self.in_worker(move_marked, moves, then=lambda result: self._marked_moved(result, at_edge), group="move")
        return True

    def _marked_moved(self, result: BatchResult, at_edge: list[tuple[MarkedCard, str]]) -> None:
        pipeline = self.cockpit.settings.pipeline
        refused = result.refused + at_edge
        for card, to_stage in result.moved:
            self.marked.pop(card.lead_id, None)
            self.undo_stack.append(UndoEntry(card.lead_id, card.name, card.stage, to_stage))
        self._moves_done += 1
        self._show_marks()
        self.reload()
        moved = len(result.moved)
        lines = [ngettext("{n} lead moved.", "{n} leads moved.", moved).format(n=moved)]
        if result.moved:
            targets = sorted({pipeline.label(stage) for _card, stage in result.moved})
            lines[0] = ngettext("{n} lead moved to {stages}.", "{n} leads moved to {stages}.", moved).format(
                n=moved, stages=", ".join(targets))
        for card, reason in refused:
            lines.append(_("Not moved: {lead}: {reason}").format(lead=card.name, reason=reason))
        self.notify("\n".join(lines), title=_("Marked leads"), severity="warning" if refused else "information",
                    timeout=12 if refused else 5)
        for card, _stage in result.moved:
            self._own_moves.append(card.lead_id)
            self.app.post_message(DataChanged(card.lead_id))
