"""The call form's callback it settles: found for the lead in a thread, shown, left open with ctrl+o.

A mixin of `LogCallForm` (which gives `setup`, `fulfils_callback_id`, `fulfils_text`,
`_chosen_lead` and `call_in_thread`); the `#settles` checkbox is in the form's compose.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

from ...i18n import _
from .call_form_parts import CallbackLike, settles_text


class SettlesCallback:
    """The open callback a call with the chosen lead settles by default."""

    def _settles_label(self) -> Content:
        text = self.fulfils_text or ""
        return Content.assemble(text, (" · " + _("ctrl+o leaves it open"), "$text-muted") if text else "")

    def _find_callback_to_settle(self, lead_id: int) -> None:
        finder = self.setup.find_callback_to_settle
        if finder is None:
            return
        self.call_in_thread(finder, lead_id, then=lambda found: self._show_callback_to_settle(lead_id, found),
                            group="settle", exclusive=True)

    def _show_callback_to_settle(self, lead_id: int, found: CallbackLike | None) -> None:
        if lead_id != self._chosen_lead():
            return  # the lead changed meanwhile
        self.fulfils_callback_id = None if found is None else found.callback_id
        self.fulfils_text = "" if found is None else settles_text(found.due_at, self.setup.clock)
        settles = self.query_one("#settles", Checkbox)
        settles.label = self._settles_label()
        settles.value = True
        settles.display = found is not None

    def action_toggle_settles(self) -> None:
        settles = self.query_one("#settles", Checkbox)
        if self.fulfils_callback_id is None:
            return
        settles.value = not settles.value
        self.notify(_("The callback will be settled by this call.") if settles.value
                    else _("The callback stays open."), timeout=3)
