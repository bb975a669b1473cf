"""The Footer of every cockpit screen: tighter on narrow terminals, modes as tabs on wide ones.

At 80 columns Textual's Footer runs out of room after six or seven keys (sooner with Russian
labels), and what falls off the end is cut mid-word. Below `NARROW_WIDTH` the keys lose their
padding, and the keys a user rarely needs in the Footer give their place to the screen's own:
the palette key (ctrl+p) and refresh (r; the screens reload by themselves after every write made
here). Both still work, and the help screen and the palette list them.

The mode keys (one compact group, "12345678 screens") name no screen. Where the terminal is wide
enough for every mode's name, the Footer puts a line of tabs (`ModeTabs`) under the Header
instead and leaves the group out; where it is not, the group stays.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header
from textual.widgets._footer import FooterKey

from .mode_tabs import ModeTabs

NARROW_WIDTH = 100
#: Actions whose key leaves the Footer on a narrow terminal.
NARROW_HIDDEN_ACTIONS = frozenset({"refresh"})


class CockpitFooter(Footer):
    """Footer that tightens itself below `NARROW_WIDTH` columns and shows the modes as tabs when they fit."""

    DEFAULT_CSS = """
    CockpitFooter.-modes-as-tabs KeyGroup, CockpitFooter.-modes-as-tabs FooterLabel {
        display: none;
    }
    """

    def on_mount(self) -> None:
        modes = self._mode_bindings()
        if not modes:
            return
        tabs = ModeTabs(modes)
        tabs.display = False
        headers = self.screen.query(Header)
        if headers:
            self.screen.mount(tabs, after=headers.first())
        else:
            self.screen.mount(tabs, before=0)

    def _mode_bindings(self) -> list[Binding]:
        """The app's mode keys (its one binding group), while they work (not on the loading screen)."""
        found = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.group is not None and binding.show and active.enabled and binding not in found:
                found.append(binding)
        return found

    def on_resize(self, event: events.Resize) -> None:
        self._show_modes_as_tabs(event.size.width)
        narrow = event.size.width < NARROW_WIDTH
        if narrow == self.compact:
            return
        self.compact = narrow
        self.show_command_palette = not narrow
        self.refresh(recompose=True)

    def _show_modes_as_tabs(self, width: int) -> None:
        tabs = self.screen.query(ModeTabs)
        fits = bool(tabs) and tabs.first().needed_width <= width
        if tabs:
            tabs.first().display = fits
        self.set_class(fits, "-modes-as-tabs")

    def _keys_signature(self) -> tuple:
        """Everything `compose` draws the keys from."""
        bindings = tuple((key, binding, enabled, tooltip)
                         for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items())
        return bindings, self.compact, self.show_command_palette

    def bindings_changed(self, screen) -> None:
        """Rebuild the keys only when they changed.

        Textual's Footer rebuilds every key on each refresh of the bindings (each time its screen
        is shown again, each focus change, a card's data arriving): that re-mounts and re-styles
        a dozen widgets for the same keys, the larger part of showing a kept screen again.
        """
        if self._bindings_ready and screen is self.screen and self._keys_signature() == self._composed_keys:
            return
        super().bindings_changed(screen)

    _composed_keys: tuple | None = None

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._composed_keys = self._keys_signature()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if self.compact and widget.action in NARROW_HIDDEN_ACTIONS:
                    continue
                # Textual binds every key's compact state to the Footer's but the palette key's,
                # which keeps its own default (compact): kept as it was drawn.
                settle_compact(widget, True if widget.has_class("-command-palette") else self.compact)
            yield widget


def settle_compact(key: FooterKey, compact: bool) -> None:
    """Give a new key the Footer's compact state before it mounts.

    A FooterKey starts compact (its reactive's default), styles itself so when it mounts, then
    the Footer's data binding makes it not compact and it styles itself again: two restyles per
    key, each time the Footer composes (about 190 of them, 0.4-0.6 s of the main thread, before
    the queue's first rows). Set now, the value is already right: neither happens.
    """
    key.set_reactive(FooterKey.compact, compact)
    key.set_class(compact, "-compact", update=False)
