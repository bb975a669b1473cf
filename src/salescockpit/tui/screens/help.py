"""Help: the keys of the screen underneath, generated from its live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from ...i18n import _, pgettext


class HelpScreen(ModalScreen[None]):
    """Every key that works on ``target`` right now, with what it does."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", _("Close"), id="help.close", tooltip=_("Close the help")),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(_("Keys on this screen"), classes="title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(_("ctrl+p opens the command palette: every screen and action by name."), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(pgettext("keyboard", "Key"), _("Action"), _("What it does"))
        for key, description, tooltip in key_rows(self.target):
            table.add_row(key, description, tooltip)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(key, description, tooltip) for every active binding with a description, screen first."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding: Binding = active.binding
        if not binding.description:
            continue
        shown = screen.app.get_key_display(binding)
        entry = (shown, binding.action)
        if entry in seen:
            continue
        seen.add(entry)
        # Textual's own widgets describe their keys in English: `tui.textual_texts` lists them for the catalog.
        rows.append((shown, _(binding.description), _(binding.tooltip) if binding.tooltip else ""))
    return rows
