"""One pipeline column of the board: ONE line-based widget, whatever the number of leads.

The column holds a window of the cards around its cursor (never more than `WINDOW_LIMIT`) and
draws only the lines on screen (`render_line`). When the cursor nears either end of the window
and the column goes on, it posts `PageWanted`; the screen loads that keyset page in a worker and
hands it back with `extend_after` / `extend_before` / `replace`. Header: stage, count, value,
stale count (money with its currency). A folded column (won, lost, disqualified by default) shows its counts only.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ...i18n import _
from .board_card import CARD_HEIGHT, DEFAULT_CURRENCY, CardView, card_line, compact_money, fit, money_that_fits

HEADER_HEIGHT = 3
#: Cards kept around the cursor; scrolling further drops the far end (it reloads on the way back).
WINDOW_LIMIT = 300
#: How close to the end of the window the cursor gets before the next page is asked for.
LOOKAHEAD = 10


@dataclass(frozen=True)
class ColumnTotals:
    count: int
    value: int
    stale: int


class BoardColumn(Widget, can_focus=True):
    """A stage's cards, drawn line by line; the cursor is the focused card."""

    COMPONENT_CLASSES = {
        "board-column--title", "board-column--title-focused", "board-column--muted", "board-column--rule",
        "board-column--cursor", "board-column--cursor-blurred", "board-column--stale", "board-column--bar",
        "board-column--name", "board-column--marker", "board-column--stale-days", "board-column--marked",
    }
    DEFAULT_CSS = """
    BoardColumn { width: 28; height: 1fr; padding: 0; }
    BoardColumn.-folded { width: 12; }
    BoardColumn > .board-column--title { text-style: bold; }
    BoardColumn > .board-column--title-focused { text-style: bold reverse; color: $accent; }
    BoardColumn > .board-column--muted { color: $text-muted; }
    BoardColumn > .board-column--rule { color: $foreground 25%; }
    BoardColumn > .board-column--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    BoardColumn > .board-column--cursor-blurred { background: $panel; }
    BoardColumn > .board-column--stale { color: $error; }
    BoardColumn > .board-column--bar { color: $foreground 20%; }
    BoardColumn > .board-column--name { text-style: bold; }
    BoardColumn > .board-column--marker { color: $warning; text-style: bold; }
    BoardColumn > .board-column--stale-days { color: $error; text-style: bold; }
    BoardColumn > .board-column--marked { color: $accent; text-style: bold; }
    """

    folded: reactive[bool] = reactive(False)

    @dataclass
    class PageWanted(Message):
        """Load a page: direction "after"/"before" the card ``key``, or the "start"/"end" of the column."""

        column: BoardColumn
        direction: str
        key: Hashable = None

    def __init__(
        self, stage: str, label: str, *, folded: bool = False, currency: str = DEFAULT_CURRENCY, id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.stage = stage
        self.label = label
        self.currency = currency
        self.totals: ColumnTotals | None = None
        self.cards: list[CardView] = []
        #: Lead ids of the cards the screen has marked (drawn with a mark before the name).
        self.marked: frozenset[int] = frozenset()
        self.start = 0
        self.cursor = 0
        self.top = 0
        self.has_before = False
        self.has_after = False
        self.loaded = False
        self._pending: set[str] = set()
        self._base_style: Style | None = None
        self._styles: dict[str, Style] = {}
        self.set_reactive(BoardColumn.folded, folded)
        self.set_class(folded, "-folded")
        self.can_focus = not folded

    # Data in ------------------------------------------------------------------------------

    def watch_folded(self, folded: bool) -> None:
        self.set_class(folded, "-folded")
        self.can_focus = not folded
        self.refresh()

    def set_totals(self, totals: ColumnTotals) -> None:
        self.totals = totals
        self.refresh()

    def replace(
        self, cards: Sequence[CardView], *, start: int = 0, has_before: bool = False, has_after: bool = False,
        cursor: int | None = None,
    ) -> None:
        """Show ``cards`` as the window from absolute position ``start``.

        The cursor stays on the card it was on when that card is still there, else keeps its place.
        """
        focused = self.current
        self.cards = list(cards)
        self.start = max(start, 0)
        self.has_before, self.has_after = has_before, has_after
        self.loaded = True
        self._pending.clear()
        if cursor is not None:
            self.cursor = cursor
        elif focused is not None:
            self.cursor = next((i for i, card in enumerate(self.cards) if card.lead_id == focused.lead_id), self.cursor)
        self._settle()

    def extend_after(self, cards: Sequence[CardView], has_after: bool) -> None:
        self._pending.discard("after")
        known = {card.lead_id for card in self.cards}
        self.cards.extend(card for card in cards if card.lead_id not in known)
        self.has_after = has_after
        overflow = len(self.cards) - WINDOW_LIMIT
        if overflow > 0:
            del self.cards[:overflow]
            self.start += overflow
            self.cursor -= overflow
            self.top -= overflow
            self.has_before = True
        self._settle()

    def extend_before(self, cards: Sequence[CardView], has_before: bool) -> None:
        self._pending.discard("before")
        known = {card.lead_id for card in self.cards}
        fresh = [card for card in cards if card.lead_id not in known]
        self.cards[:0] = fresh
        self.start = max(self.start - len(fresh), 0) if has_before else 0
        self.cursor += len(fresh)
        self.top += len(fresh)
        self.has_before = has_before
        overflow = len(self.cards) - WINDOW_LIMIT
        if overflow > 0:
            del self.cards[-overflow:]
            self.has_after = True
        self._settle()

    def remove_card(self, lead_id: int) -> CardView | None:
        """Take a card out of the window (a lead moved away); the cursor stays on its neighbour."""
        index = next((i for i, card in enumerate(self.cards) if card.lead_id == lead_id), None)
        if index is None:
            return None
        card = self.cards.pop(index)
        if index < self.cursor:
            self.cursor -= 1
        self._settle()
        return card

    def insert_card(self, card: CardView) -> bool:
        """Slot a card in by its ``order`` when its place lies inside the window; True if shown."""
        self.remove_card(card.lead_id)
        if self.cards and self.has_before and card.order < self.cards[0].order:
            self.start += 1
            return False
        if self.cards and self.has_after and card.order > self.cards[-1].order:
            return False
        index = bisect_left([each.order for each in self.cards], card.order)
        self.cards.insert(index, card)
        if index <= self.cursor and len(self.cards) > 1:
            self.cursor += 1
        self._settle()
        return True

    def select_card(self, lead_id: int) -> bool:
        """Put the cursor on the lead's card when it is in the window; True if it is."""
        index = next((i for i, card in enumerate(self.cards) if card.lead_id == lead_id), None)
        if index is None:
            return False
        self.cursor = index
        self._settle()
        return True

    def set_marked(self, lead_ids: frozenset[int]) -> None:
        """The marked cards of the whole board (this column draws its own)."""
        if lead_ids != self.marked:
            self.marked = lead_ids
            self.refresh()

    def page_failed(self, direction: str) -> None:
        self._pending.discard(direction)

    # Cursor -------------------------------------------------------------------------------

    @property
    def current(self) -> CardView | None:
        return self.cards[self.cursor] if 0 <= self.cursor < len(self.cards) else None

    @property
    def visible_cards(self) -> int:
        return max((self.size.height - HEADER_HEIGHT) // CARD_HEIGHT, 1)

    def move_cursor(self, delta: int) -> None:
        if self.cards:
            self.cursor = max(0, min(self.cursor + delta, len(self.cards) - 1))
            self._settle()

    def cursor_to_top(self) -> None:
        if self.has_before:
            self._want("start")
        else:
            self.cursor = 0
            self._settle()

    def cursor_to_bottom(self) -> None:
        if self.has_after:
            self._want("end")
        else:
            self.cursor = max(len(self.cards) - 1, 0)
            self._settle()

    def _settle(self) -> None:
        """Clamp the cursor, scroll it into view, ask for the next page when near an end, repaint."""
        self.cursor = max(0, min(self.cursor, len(self.cards) - 1)) if self.cards else 0
        visible = self.visible_cards
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + visible:
            self.top = self.cursor - visible + 1
        self.top = max(0, min(self.top, max(len(self.cards) - visible, 0)))
        if self.cards and self.has_after and self.cursor >= len(self.cards) - LOOKAHEAD:
            self._want("after", self.cards[-1].key)
        if self.cards and self.has_before and self.cursor < LOOKAHEAD:
            self._want("before", self.cards[0].key)
        self.refresh()

    def _want(self, direction: str, key: Hashable = None) -> None:
        if direction not in self._pending:
            self._pending.add(direction)
            self.post_message(self.PageWanted(self, direction, key))

    # Mouse --------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.folded or offset.y < HEADER_HEIGHT:
            return
        index = self.top + (offset.y - HEADER_HEIGHT) // CARD_HEIGHT
        if index < len(self.cards):
            self.cursor = index
            self._settle()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.move_cursor(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.move_cursor(-1)

    def on_resize(self, _event: events.Resize) -> None:
        self._settle()

    def on_focus(self, _event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, _event: events.Blur) -> None:
        self.refresh()

    # Drawing ------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """A component's colour (alpha and "auto" resolved against the column) and text style.

        Only a background the component sets itself is kept, so a muted text on the cursor line
        keeps the cursor's background.
        """
        style = self._styles.get(name)
        if style is None:
            component = f"board-column--{name}"
            full = self.get_component_rich_style(component)
            own = self.get_component_rich_style(component, partial=True)
            style = Style(color=full.color if own.color else None, bgcolor=own.bgcolor) + Style(
                bold=own.bold, italic=own.italic, reverse=own.reverse, underline=own.underline
            )
            self._styles[name] = style
        return style

    def notify_style_update(self) -> None:
        self._base_style = None
        self._styles = {}
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._base_style
        if base is None:  # `rich_style` walks every ancestor: once per style change, not per line
            base = self._base_style = self.rich_style
        if self.folded:
            segments = self._folded_line(y, width, base)
        elif y < HEADER_HEIGHT:
            segments = self._header_line(y, width, base)
        else:
            segments = self._card_line(y - HEADER_HEIGHT, width, base)
        return Strip(segments).adjust_cell_length(width, base)

    def _title(self, base: Style) -> Style:
        return base + self._style("title-focused" if self.has_focus else "title")

    def _header_line(self, y: int, width: int, base: Style) -> list[Segment]:
        if y == 0:
            position = ""
            if self.cards and self.totals is not None:
                position = f"{self.start + self.cursor + 1}/{self.totals.count}"
            label = fit(self.label, max(width - len(position) - 3, 1))
            gap = max(width - len(label) - len(position) - 2, 1)
            return [Segment(f" {label} ", self._title(base)), Segment(" " * gap, base),
                    Segment(position, base + self._style("muted"))]
        if y == 1:
            if self.totals is None:
                return [Segment(" " + _("loading…"), base + self._style("muted"))]
            totals = self.totals
            parts = [Segment(f" {totals.count} · {compact_money(totals.value, self.currency)}", base + self._style("muted"))]
            if totals.stale:
                parts.append(Segment(" · ", base + self._style("muted")))
                parts.append(Segment(_("{count} stale").format(count=totals.stale), base + self._style("stale")))
            return parts
        return [Segment("─" * width, base + self._style("rule"))]

    def _folded_line(self, y: int, width: int, base: Style) -> list[Segment]:
        if y == 0:
            return [Segment(" " + fit(self.label, width - 1), self._title(base))]
        if self.totals is None:
            return [Segment(" …" if y == 1 else "", base)]
        if y == 1:
            return [Segment(f" {self.totals.count}", base + self._style("name"))]
        if y == 2:
            value = money_that_fits(self.totals.value, width - 1, self.currency)
            return [Segment(f" {value}", base + self._style("muted"))]
        if y == 3:
            return [Segment("─" * width, base + self._style("rule"))]
        return []

    def _card_line(self, row: int, width: int, base: Style) -> list[Segment]:
        if not self.cards:
            if row != 0:
                return []
            text = _("no leads") if self.loaded else _("loading…")
            return [Segment(" " + fit(text, width - 1), base + self._style("muted"))]
        index = self.top + row // CARD_HEIGHT
        line = row % CARD_HEIGHT
        if index >= len(self.cards):
            return []
        card = self.cards[index]
        marked = card.lead_id in self.marked
        if index == self.cursor and line < CARD_HEIGHT - 1 and self.has_focus:
            # On the cursor the cursor's own colours win, except the warning colours.
            return card_line(card, line, width, self._style_on_cursor, base + self._style("cursor"),
                             self.currency, marked=marked)
        line_base = base + self._style("cursor-blurred") if index == self.cursor and line < CARD_HEIGHT - 1 else base
        return card_line(card, line, width, self._style, line_base, self.currency, marked=marked)

    def _style_on_cursor(self, name: str) -> Style:
        return self._style(name) if name in ("stale", "stale-days", "marker", "name", "marked") else Style()
