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


def _own_actions(screen: Screen) -> set[str]:
    """The actions of the bindings the screen's own classes declare (not Textual's `Screen`)."""
    return {
        binding.action
        for cls in type(screen).__mro__
        if not cls.__module__.startswith("textual.")
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding)
    }


def _order(screen: Screen, own: set[str], active) -> int:
    """0 for the screen's own keys, 1 for the app's (screens, help, quit), 2 for the generic rest
    (Textual's focus keys, the focused table's cursor keys)."""
    if active.node is screen and active.binding.action in own:
        return 0
    return 1 if active.node is screen.app else 2


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(key, description, tooltip) for every active binding with a description: the screen's own
    keys first, then the app's, then the focused widget's (a table's cursor keys)."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    own = _own_actions(screen)
    bindings = sorted(screen.active_bindings.values(), key=lambda active: _order(screen, own, active))
    for active in bindings:
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
