"""Narrowing the board: the search bar (/, typed text applied after a pause) and the manager filter.

A mixin of `BoardScreen`: it changes the screen's `view` (text, owner) and reloads the columns;
leaving the search bar puts the focus back on the column the user was in. Textual collects
`@on` handlers from its own classes only, so `BoardScreen` wires the search bar's messages to
`search_typed` and `search_done`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input

from .board_data import list_owners


class BoardSearch:
    """Search and manager filter of `BoardScreen` (its `view`, `reload`, columns and timers)."""

    def action_search(self) -> None:
        self._column_before_search = self.current_column or self._column_before_search
        box = self.query_one("#board-search", Input)
        box.display = True
        box.focus()

    def search_typed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(0.3, lambda: self._apply_search(event.value))

    def _apply_search(self, text: str) -> None:
        if text.strip() != self.view.text:
            self.view = replace(self.view, text=text.strip())
            self.reload(keep_place=False)

    def search_done(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._apply_search(event.value)
        if not event.value.strip():
            event.input.display = False
        self._focus_board()

    def action_clear_search(self) -> None:
        box = self.query_one("#board-search", Input)
        if not box.display and self.clear_marks():
            return
        if self._search_timer is not None:
            self._search_timer.stop()
        box.value = ""
        box.display = False
        self._focus_board()
        self._apply_search("")

    def _focus_board(self) -> None:
        """Back from the search bar to the column the user was in."""
        if self.current_column is not None:
            return
        target = self._column_before_search
        if target is None or target.folded:
            target = next((column for column in self.columns if not column.folded), None)
        if target is not None:
            target.focus()

    def action_pick_manager(self) -> None:
        from ..modals.pick_manager import PickManagerModal

        def chosen(choice: tuple[int, str] | None) -> None:
            if choice is not None:
                owner_id, owner_name = choice
                self.view = replace(self.view, owner_id=owner_id or None, owner_name=owner_name if owner_id else "")
                self.reload(keep_place=False)

        self.in_worker(list_owners, then=lambda owners: self._push_modal(PickManagerModal(owners), chosen))
