"""The queue's verdict keys: `o` OK, `a` an action for the manager, `u` undo; a manager's `o`.

A mixin of `QueueScreen`. A verdict takes its row off the table the moment it is given (the
cursor lands on the next lead) and is saved in the background; if the save fails, the row comes
back with an error line. The lead stays hidden from any page read before its save committed.

Saves and undos go through one lane, one at a time in the order the keys came, so `o` then `u`
undoes that very `o`, and two fast keys never reach the same lead. The undo stack is the
database's: the head's verdicts of today, newest first (`store.queries.queue_verdicts`), so it
survives leaving the screen and restarting the program.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...i18n import _, ngettext
from .base import error_text

if TYPE_CHECKING:
    from ...store.queries.queue import QueueRow
    from ...store.queries.queue_verdicts import UndoableVerdict
    from ..cockpit import Cockpit


def record_verdict(cockpit: Cockpit, lead_id, verdict: str, action_text: str = ""):
    from ...services.reviews import record_lead_review

    return record_lead_review(cockpit.ctx, cockpit.actor, lead_id, verdict, action_text)


def undo_last_verdict(cockpit: Cockpit, given_together: list[list[int]]) -> list[UndoableVerdict]:
    """Undo the head's last verdict of today still on the stack; empty when there is none.

    ``given_together`` holds the review ids of verdicts given to several marked rows at once in
    this session: when the last verdict is one of those, the whole group is undone in one call.
    """
    from ...services.reviews import undo_lead_review
    from ...store.queries.queue_verdicts import undoable_verdicts

    today = cockpit.clock.now().astimezone(cockpit.settings.tz).date()
    with cockpit.ctx.db.read() as session:
        stack = undoable_verdicts(session, cockpit.actor, today)
    if not stack:
        return []
    on_stack = {verdict.review_id: verdict for verdict in stack}
    group = next((ids for ids in reversed(given_together) if stack[0].review_id in ids), [stack[0].review_id])
    undone = [on_stack[review_id] for review_id in group if review_id in on_stack]
    undo_lead_review(cockpit.ctx, cockpit.actor, [verdict.review_id for verdict in undone])
    return undone


def complete_pending_action(cockpit: Cockpit, lead_id: int, comment: str = "") -> int:
    """Mark the head's open actions on ``lead_id`` done (the manager's `o`; ``comment`` for the head)."""
    from ...services.reviews import complete_action
    from ...store.queries.queue import pending_action_ids

    with cockpit.ctx.db.read() as session:
        review_ids = pending_action_ids(session, lead_id, viewer=cockpit.actor)
    for review_id in review_ids:
        complete_action(cockpit.ctx, cockpit.actor, review_id, comment)
    return len(review_ids)


class QueueVerdicts:
    """The verdict keys of the queue (mixed into `QueueScreen`, which provides rows and reloads)."""

    #: Leads given a verdict here and not undone: no page may show them again today.
    given: set[int]
    #: The lead the cursor goes to when the next first page arrives.
    focus_lead: int | None
    #: Review ids of each verdict given to several marked rows at once: one `u` undoes the group.
    given_together: list[list[int]]

    def setup_verdicts(self) -> None:
        self.given = set()
        self.given_together = []
        self._given_on = None
        self.focus_lead = None
        self._lane: deque[Callable[[], None]] = deque()
        self._lane_busy = False

    def forget_yesterdays_verdicts(self) -> None:
        """A new team-day: yesterday's leads may come back (called before each reload)."""
        today = self.cockpit.clock.today()
        if self._given_on != today and not self._lane_busy:
            self.given.clear()
            self._given_on = today

    # Keys -----------------------------------------------------------------------------------

    def action_verdict_ok(self) -> None:
        row = self._current()
        if row is None:
            return
        if self.cockpit.is_head and self.marked:
            self._give_marked("ok", "", _("OK"))
        elif self.cockpit.is_head:
            self._give(row, "ok", "", _("OK"))
        else:
            self._complete(row, "")

    def _complete(self, row: QueueRow, comment: str) -> None:
        """The manager's `o`: done if something was done on the lead, else ask for a comment."""
        from ..modals.done_comment import DoneCommentModal

        def with_comment(text: str | None) -> None:
            if text:
                self._complete(row, text)

        def refused(error: BaseException) -> None:
            if getattr(error, "field", None) == "comment" and not comment:
                self.push_own_modal(DoneCommentModal(row.name, row.action_text or ""), with_comment)
            else:
                self.notify(error_text(error), title=_("Not done"), severity="error", timeout=8)

        self._in_lane(complete_pending_action, row.lead_id, comment, then=lambda count: self._actions_done(row, count),
                      failed=refused)

    def action_verdict_action(self) -> None:
        from ..modals.action_text import ActionTextModal

        row = self._current()
        if row is None:
            return

        marked = self.marked_rows()

        def save(text: str | None) -> None:
            # Runs in the app's queue before any key typed after Enter: the row leaves first.
            if text and marked:
                self._give_marked("action", text, _("action"))
            elif text and row.lead_id not in self.given:
                self._give(row, "action", text, _("action for {owner}").format(owner=row.owner_name))

        title = ngettext("{n} marked lead", "{n} marked leads", len(marked)).format(n=len(marked)) if marked else row.name
        self.push_own_modal(ActionTextModal(title, row.owner_name), save)

    def action_undo(self) -> None:
        self._in_lane(undo_last_verdict, self.given_together, then=self._undone)

    # The verdict, at once on screen and then in the database --------------------------------

    def _give(self, row: QueueRow, verdict: str, action_text: str, label: str) -> None:
        self.given.add(row.lead_id)
        self._remove_row(row)
        self._in_lane(
            record_verdict, row.lead_id, verdict, action_text,
            then=lambda _review_id: self._verdict_saved(row, label),
            failed=lambda error: self._verdict_failed(row, error),
        )

    def _give_marked(self, verdict: str, action_text: str, label: str) -> None:
        """One verdict for every marked row, saved in one transaction."""
        rows = [row for row in self.marked_rows() if row.lead_id not in self.given]
        self.marked.clear()
        for row in rows:
            self.given.add(row.lead_id)
            self._remove_row(row)
        self._in_lane(
            record_verdict, [row.lead_id for row in rows], verdict, action_text,
            then=lambda ids: self._marked_saved(len(rows), label, ids),
            failed=lambda error: self._marked_failed(rows, error),
        )

    def _marked_saved(self, count: int, label: str, review_ids) -> None:
        self.given_together.append(list(review_ids))
        self.notify(ngettext("{n} lead: {verdict}.", "{n} leads: {verdict}.", count).format(n=count, verdict=label),
                    timeout=3)
        self.reload_progress()

    def _marked_failed(self, rows: list, error: BaseException) -> None:
        for row in rows:
            self.given.discard(row.lead_id)
        self.notify(error_text(error), title=_("Not saved"), severity="error", timeout=8)
        self.reload()

    def _verdict_saved(self, row: QueueRow, label: str) -> None:
        self.notify(_("{lead}: {verdict}. u undoes it.").format(lead=row.name, verdict=label), timeout=3)
        self.reload_progress()

    def _verdict_failed(self, row: QueueRow, error: BaseException) -> None:
        self.given.discard(row.lead_id)
        self.notify(error_text(error), title=_("Not saved"), severity="error", timeout=8)
        self.focus_lead = row.lead_id
        self.reload()

    def _undone(self, verdicts: list[UndoableVerdict]) -> None:
        if not verdicts:
            self.notify(_("Nothing to undo today."), severity="warning", timeout=3)
            return
        for verdict in verdicts:
            self.given.discard(verdict.lead_id)
        if len(verdicts) == 1:
            self.notify(_("Undone: {lead} is back in the queue.").format(lead=verdicts[0].lead_name), timeout=4)
        else:
            self.notify(ngettext("Undone: {n} lead is back in the queue.", "Undone: {n} leads are back in the queue.",
                                 len(verdicts)).format(n=len(verdicts)), timeout=4)
        self.focus_lead = verdicts[-1].lead_id
        self.reload()

    def _actions_done(self, row: QueueRow, count: int) -> None:
        if count == 0:
            self.notify(_("No open action from the head on this lead."), severity="warning")
            return
        self.notify(_("{lead}: action done").format(lead=row.name), timeout=3)
        self.reload()

    # One write at a time, in the order given ------------------------------------------------

    def _in_lane(
        self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        def start() -> None:
            def succeeded(result: Any) -> None:
                try:
                    then(result)
                finally:
                    self._next_in_lane()

            def went_wrong(error: BaseException) -> None:
                try:
                    if failed is not None:
                        failed(error)
                    else:
                        self.notify(error_text(error), title=_("Not done"), severity="error", timeout=8)
                finally:
                    self._next_in_lane()

            self.in_worker(fn, *args, then=succeeded, failed=went_wrong, group="verdicts")

        self._lane.append(start)
        if not self._lane_busy:
            self._next_in_lane()

    def _next_in_lane(self) -> None:
        if not self._lane:
            self._lane_busy = False
            return
        self._lane_busy = True
        self._lane.popleft()()
