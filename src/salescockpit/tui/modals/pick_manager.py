"""Pick one manager (or everyone) from a short list."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...i18n import _

EVERYONE = 0


class PickManagerModal(ModalScreen[tuple[int, str] | None]):
    """Returns (manager id, name); id 0 means everyone; None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="pick_manager.cancel", tooltip=_("Keep the current filter"))]
    DEFAULT_CSS = """
    PickManagerModal { align: center middle; }
    PickManagerModal > Vertical { width: 50; height: auto; max-height: 80%; border: round $primary; background: $surface; }
    PickManagerModal OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, managers: list[tuple[int, str]]) -> None:
        super().__init__()
        self.managers = [(EVERYONE, _("Everyone"))] + list(managers)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Show the leads of"), classes="title")
            yield OptionList(*[Option(name, id=str(manager_id)) for manager_id, name in self.managers])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.managers[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
