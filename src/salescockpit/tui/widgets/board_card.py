"""What a board card shows, and how its lines are drawn (plain data in, Rich segments out).

A card is `CARD_HEIGHT` lines: name with its markers, company, then value (with its currency) ·
owner · days in stage, and a blank spacer. A stale card gets a warning-coloured bar on its left edge, the way
Pipedrive marks "rotting" deals. The screen builds `CardView`s from the store's rows; the
widget never sees the store.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style

from ...i18n import N_, _, language
from ...l10n import compact_number

CARD_HEIGHT = 4
#: The currency of lead values when the settings name none (the team sells in roubles).
DEFAULT_CURRENCY = "RUB"
BAR = "▌"
#: Drawn before the name of a marked card (space marks; the move keys then move every marked card).
MARK = "●"

#: Marker glyphs in the order they are drawn, with what they mean (for the legend and help).
MARKERS: tuple[tuple[str, str, str], ...] = (
    ("overdue_callback", "!", N_("overdue callback")),
    ("open_objection", "?", N_("open objection")),
    ("failed_review", "✗", N_("failed call review")),
    ("no_next_step", "∅", N_("no next step")),
)


@dataclass(frozen=True)
class CardView:
    """One card as the column draws it.

    ``key`` is the screen's handle on the card's place (opaque here); ``order`` sorts cards in
    column order, so a moved card can be slotted in without a query.
    """

    lead_id: int
    name: str
    company: str
    value: int | None
    owner: str
    days_in_stage: int
    stale: bool
    markers: frozenset[str] = frozenset()
    key: Hashable = None
    order: tuple = ()

    @property
    def marker_text(self) -> str:
        return "".join(glyph for name, glyph, _meaning in MARKERS if name in self.markers)


def short_person(name: str) -> str:
    """The last word of a display name ("Иван Иванов" -> "Иванов"): owners fit on a card."""
    words = name.split()
    return words[-1] if words else name


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis when it does not fit (not padded)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


def days_text(days: int) -> str:
    return _("{days}d").format(days=days)


def compact_money(value: int | None, currency: str = DEFAULT_CURRENCY) -> str:
    """A short amount with its currency: 'RUB 12.5k' / '12,5 тыс. ₽'; None (no value) is a dash."""
    if value is None:
        return "—"
    from babel.numbers import format_compact_currency, get_currency_symbol

    if language() != "en":
        return format_compact_currency(value, currency, locale=language(), fraction_digits=1)
    symbol = get_currency_symbol(currency, locale="en")
    return f"{symbol}{'' if len(symbol) == 1 else ' '}{compact_number(value)}"


def money_that_fits(value: int | None, width: int, currency: str = DEFAULT_CURRENCY) -> str:
    """``compact_money`` when it fits in ``width`` cells, else the bare number (a folded column is narrow)."""
    text = compact_money(value, currency)
    return text if cell_len(text) <= width else compact_number(value)


StyleOf = Callable[[str], Style]


def card_line(
    card: CardView, line: int, width: int, style_of: StyleOf, base: Style, currency: str = DEFAULT_CURRENCY,
    *, marked: bool = False,
) -> list[Segment]:
    """The segments of line ``line`` of ``card`` in ``width`` cells, over the ``base`` style.

    A ``marked`` card has `MARK` before its name."""
    if line >= CARD_HEIGHT - 1 or width <= 2:
        return [Segment(" " * max(width, 0), base)]
    bar = Segment(BAR, base + style_of("stale" if card.stale else "bar"))
    inner = width - 2
    if line == 0:
        markers = card.marker_text
        mark = [Segment(f"{MARK} ", base + style_of("marked"))] if marked else []
        inner -= 2 if marked else 0
        room = inner - (cell_len(markers) + 1 if markers else 0)
        name = fit(card.name, max(room, 1))
        gap = max(inner - cell_len(name) - cell_len(markers), 0)
        segments = [bar, Segment(" ", base), *mark, Segment(name, base + style_of("name")), Segment(" " * gap, base)]
        for marker_name, glyph, _meaning in MARKERS:
            if marker_name in card.markers:
                segments.append(Segment(glyph, base + style_of("marker")))
        return segments
    if line == 1:
        company = fit(card.company, inner)
        return [bar, Segment(" ", base), Segment(company.ljust(inner), base + style_of("muted"))]
    owner = short_person(card.owner)
    value = compact_money(card.value, currency)
    days = days_text(card.days_in_stage)
    owner = fit(owner, max(inner - cell_len(value) - cell_len(days) - 6, 1))
    text = f"{value} · {owner} · "
    days_style = base + style_of("stale-days" if card.stale else "muted")
    used = cell_len(text) + cell_len(days)
    return [
        bar, Segment(" ", base), Segment(fit(text, inner), base + style_of("muted")),
        Segment(days if used <= inner else "", days_style),
        Segment(" " * max(inner - used, 0), base),
    ]
