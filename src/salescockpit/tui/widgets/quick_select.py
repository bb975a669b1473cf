"""A Select that chooses by typing, without opening its list.

While the list is closed, a digit chooses that option (1 = the first), and a letter chooses the
next option whose label starts with it (typing it again steps to the following one), as a
native drop-down does. Enter, space and the arrows still open the list.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Select


class QuickSelect(Select):
    """`Select` with digits and first letters choosing directly."""

    def __init__(self, options: Any, **kwargs: Any) -> None:
        self._choices = [(str(label), value) for label, value in options]
        super().__init__(options, **kwargs)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable() and not character.isspace()

    def choice_for(self, character: str) -> Any:
        """The value ``character`` chooses, starting after the current one; Select.NULL for none."""
        if character.isdigit():
            index = int(character) - 1
            return self._choices[index][1] if 0 <= index < len(self._choices) else Select.NULL
        values = [value for _label, value in self._choices]
        start = values.index(self.value) + 1 if self.value in values else 0
        folded = character.casefold()
        for offset in range(len(self._choices)):
            label, value = self._choices[(start + offset) % len(self._choices)]
            if label.casefold().startswith(folded):
                return value
        return Select.NULL

    async def _on_key(self, event: events.Key) -> None:
        if self.expanded or not self.check_consume_key(event.key, event.character):
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        value = self.choice_for(event.character or "")
        if value is not Select.NULL:
            self.value = value
