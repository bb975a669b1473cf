"""Textual's own command palette commands ("Theme", "Quit", "Keys", ...) in the user's language.

Textual 8 writes them in English inside `App.get_system_commands`; `CockpitApp` yields these
instead: the same commands, under the same conditions, with translated titles and help. Keep
in step with textual/app.py when Textual is upgraded (tests/tui/test_textual_texts.py compares them).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

from ..i18n import _


def textual_commands(app: App[object], screen: Screen[object]) -> Iterable[SystemCommand]:
    """What `App.get_system_commands` yields in Textual 8, translated."""
    yield SystemCommand(_("Theme"), _("Change the current theme"), app.action_change_theme)
    yield SystemCommand(_("Quit"), _("Quit the application as soon as possible"), app.action_quit)
    if screen.query("HelpPanel"):
        yield SystemCommand(_("Keys"), _("Hide the keys and widget help panel"), app.action_hide_help_panel)
    else:
        yield SystemCommand(
            _("Keys"), _("Show help for the focused widget and a summary of available keys"), app.action_show_help_panel
        )
    if screen.maximized is not None:
        yield SystemCommand(_("Minimize"), _("Minimize the widget and restore to normal size"), screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(_("Maximize"), _("Maximize the focused widget"), screen.action_maximize)
    yield SystemCommand(
        _("Screenshot"), _("Save an SVG 'screenshot' of the current screen"),
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )
