"""The board screen's store calls: each function runs in a thread worker as ``fn(cockpit, ...)``.

Reads go through `store.queries.board` and come back as `PageLoad`s of ready-to-draw
`CardView`s, so the UI thread only swaps lists. A move writes through `services.stages.move_stage`
and reads the moved lead back as one card, with what the lead added to the totals before and
after (two primary-key reads): the board adjusts the two stages' totals by that difference and
re-reads only the two columns' windows, never a count of every lead. The store is imported
lazily: the first frame never waits for it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from threading import Thread
from typing import TYPE_CHECKING, Any

from ...i18n import _
from ..widgets.board_card import DEFAULT_CURRENCY, CardView, compact_money
from ..widgets.board_column import ColumnTotals

if TYPE_CHECKING:
    from ...services.stages import StageMove
    from ...store.queries.board import BoardCard, BoardScope, CardPage
    from ..cockpit import Cockpit

PAGE_SIZE = 40

#: Per column to (re)load: (the card to start from, inclusive, or None for the top; how many cards).
Requests = Mapping[str, tuple[Hashable, int | None]]


@dataclass(frozen=True)
class BoardView:
    """What the viewer filtered (a manager's ``owner_id`` is always their own)."""

    owner_id: int | None = None
    owner_name: str = ""
    text: str = ""
    problems_only: bool = False


@dataclass(frozen=True)
class PageLoad:
    cards: tuple[CardView, ...]
    has_before: bool
    has_after: bool


@dataclass(frozen=True)
class WindowAt:
    """A window of a column around one card: ``start`` is its first card's place in the column."""

    page: PageLoad
    start: int
    cursor: int


@dataclass(frozen=True)
class MoveDone:
    """The move, the lead as a card of its new column (None when the filter leaves it out), a
    window of that column around the card (when asked for), for when it lands out of the window
    shown, and how the move changed the totals of each stage it touched (the filter applied)."""

    move: StageMove
    card: CardView | None
    window: WindowAt | None = None
    totals_change: Mapping[str, ColumnTotals] = field(default_factory=dict)


def board_scope(cockpit: Cockpit, view: BoardView) -> BoardScope:
    from ...store.queries.board import BoardFilter, BoardScope

    owner_id = view.owner_id if cockpit.is_head else cockpit.actor.id
    board_filter = BoardFilter(owner_id=owner_id, text=view.text, problems_only=view.problems_only)
    return BoardScope(now=cockpit.clock.now(), pipeline=cockpit.settings.pipeline, filter=board_filter,
                      viewer=cockpit.actor)


def card_view(card: BoardCard) -> CardView:
    names = ("overdue_callback", "open_objection", "failed_review", "no_next_step")
    return CardView(
        lead_id=card.lead_id, name=card.name, company=card.company, value=card.value, owner=card.owner_name,
        days_in_stage=card.days_in_stage, stale=card.stale,
        markers=frozenset(name for name in names if getattr(card, name)), key=card.position,
        order=(card.position.segment, -card.position.value_key, card.lead_id),
    )


def _page_load(page: CardPage) -> PageLoad:
    return PageLoad(tuple(card_view(card) for card in page.cards), page.has_before, page.has_after)


def _totals(session, scope: BoardScope, stages=None, lead_id: int | None = None) -> dict[str, ColumnTotals]:
    from ...store.queries.board import stage_totals

    return {stage: ColumnTotals(t.count, t.value, t.stale)
            for stage, t in stage_totals(session, scope, stages, lead_id=lead_id).items()}


def totals_change(before: Mapping[str, ColumnTotals], after: Mapping[str, ColumnTotals]) -> dict[str, ColumnTotals]:
    """Per stage, ``after`` less ``before`` (stages that did not change are left out)."""
    change = {}
    for stage in before.keys() | after.keys():
        was, now = before.get(stage, ColumnTotals(0, 0, 0)), after.get(stage, ColumnTotals(0, 0, 0))
        difference = ColumnTotals(now.count - was.count, now.value - was.value, now.stale - was.stale)
        if difference != ColumnTotals(0, 0, 0):
            change[stage] = difference
    return change


def _pages(session, scope: BoardScope, requests: Requests) -> dict[str, PageLoad]:
    from ...store.queries.board import card_pages

    wanted = {stage: (anchor, limit or PAGE_SIZE) for stage, (anchor, limit) in requests.items()}
    return {stage: _page_load(page) for stage, page in card_pages(session, scope, wanted).items()}


class FirstLoad:
    """The board's first totals and pages, read in two threads started as the screen is built.

    Loading, parsing the board's stylesheet, composing and mounting its columns come before the
    screen's own workers can start; these threads read meanwhile (SQLite lets go of the GIL while
    it works), and the screen's first workers just wait for them (`wait_for`).
    """

    def __init__(self, cockpit: Cockpit, view: BoardView, requests: Requests) -> None:
        self.view = view
        self.totals: Future | None = Future()
        self.pages: Future | None = Future()
        for future, work in ((self.totals, lambda: load_totals(cockpit, view)),
                             (self.pages, lambda: load_pages(cockpit, view, requests))):
            Thread(target=_settle, args=(future, work), name="board-first-load", daemon=True).start()


def _settle(future: Future, work) -> None:
    try:
        future.set_result(work())
    except BaseException as error:  # noqa: BLE001 - handed to the worker that waits for it
        future.set_exception(error)


def wait_for(_cockpit: Cockpit, future: Future) -> Any:
    """In a worker: the result of a `FirstLoad` read (its error raised here)."""
    return future.result()


def load_totals(cockpit: Cockpit, view: BoardView) -> dict[str, ColumnTotals]:
    """Count, value and stale count of every stage (one GROUP BY)."""
    scope = board_scope(cockpit, view)
    with cockpit.ctx.db.read() as session:
        return _totals(session, scope)


def load_pages(cockpit: Cockpit, view: BoardView, requests: Requests) -> dict[str, PageLoad]:
    """The requested window of each column, in one read transaction."""
    scope = board_scope(cockpit, view)
    with cockpit.ctx.db.read() as session:
        return _pages(session, scope, requests)


def load_page(cockpit: Cockpit, view: BoardView, stage: str, direction: str, key: Hashable) -> PageLoad:
    """The page "after"/"before" card ``key``, or the "start"/"end" page of the column."""
    from ...store.queries.board import card_page

    scope = board_scope(cockpit, view)
    where: dict[str, Any] = {
        "after": {"after": key}, "before": {"before": key}, "start": {}, "end": {"from_end": True},
    }[direction]
    with cockpit.ctx.db.read() as session:
        return _page_load(card_page(session, scope, stage, limit=PAGE_SIZE, **where))


def _window_at(
    session, scope: BoardScope, stage: str, card: BoardCard, above: int, stale_count: int | None = None,
) -> WindowAt:
    """Up to ``above`` cards before ``card``, the card, and a page after it; with the card's place."""
    from ...store.queries.board import card_page, cards_before

    position = cards_before(session, scope, stage, card.position, stale_count=stale_count)
    earlier = card_page(session, scope, stage, before=card.position, limit=above).cards if above and position else ()
    rest = card_page(session, scope, stage, after=card.position, inclusive=True, limit=PAGE_SIZE)
    page = PageLoad(tuple(card_view(each) for each in (*earlier, *rest.cards)), position > len(earlier),
                    rest.has_after)
    return WindowAt(page, position - len(earlier), len(earlier))


def move_lead(
    cockpit: Cockpit, view: BoardView, lead_id: int, to_stage: str, answers: Any, window_above: int | None = None,
    stale_count: int | None = None,
) -> MoveDone:
    """Move the lead (gate answers, if any, filled in first) and read it back as a card.

    With ``window_above`` (the target column is open), also read a window of the target column
    around the card, ``window_above`` cards above it (``stale_count``: the column's stale total
    as the board shows it, for the card's place, see `cards_before`). What the lead adds to the totals is read
    before and after the move with one "now", so the difference is exactly what a fresh count
    would show changed (the lead's value may change with a gate's answers, its stale flag does).
    """
    from ...services.stages import move_stage
    from ...store.queries.board import board_card

    totals_scope = board_scope(cockpit, view)
    with cockpit.ctx.db.read() as session:
        before = _totals(session, totals_scope, lead_id=lead_id)

    fields: dict[str, Any] = {}
    if answers is not None:
        fields = {
            "lost_reason": answers.lost_reason, "disqualify_reason": answers.disqualify_reason,
            "value": answers.value, "bant": answers.bant, "override_reason": answers.override_reason,
        }
    move = move_stage(cockpit.ctx, cockpit.actor, lead_id, to_stage, **fields)
    scope = board_scope(cockpit, view)
    with cockpit.ctx.db.read() as session:
        change = totals_change(before, _totals(session, totals_scope, lead_id=lead_id))
        card = board_card(session, scope, lead_id)
        if card is None:
            return MoveDone(move, None, totals_change=change)
        window = (_window_at(session, scope, move.to_stage, card, window_above, stale_count)
                  if window_above is not None else None)
    return MoveDone(move, card_view(card), window, change)


def list_owners(cockpit: Cockpit) -> list[tuple[int, str]]:
    """(id, name) of everyone who can own leads, for the head's manager filter."""
    from ...store.queries.board import board_owners

    with cockpit.ctx.db.read() as session:
        return [(owner.id, owner.name) for owner in board_owners(session)]


def board_currency(settings: Any) -> str:
    """The currency of the settings when they name one, else roubles."""
    return getattr(settings, "currency", None) or DEFAULT_CURRENCY


def title_text(
    view: BoardView, totals: Mapping[str, ColumnTotals], *, is_head: bool, currency: str = DEFAULT_CURRENCY,
) -> str:
    """The board's header line: the totals shown and what is filtered."""
    count = sum(each.count for each in totals.values())
    value = sum(each.value for each in totals.values())
    stale = sum(each.stale for each in totals.values())
    parts = [_("{count} leads · {value} · {stale} stale").format(count=count, value=compact_money(value, currency),
                                                                     stale=stale)]
    if not is_head:
        parts.append(_("only mine"))
    elif view.owner_id is not None:
        parts.append(_("manager: {name}").format(name=view.owner_name))
    else:
        parts.append(_("all managers"))
    if view.problems_only:
        parts.append(_("only problems"))
    if view.text:
        parts.append(_("text: “{text}”").format(text=view.text))
    return " · ".join(parts)
