"""A card move adjusts the two stages' totals from the moved lead: never a count of every lead.

At a million leads on PostgreSQL the board's count of every lead (a GROUP BY over the whole
table) took 0.7 s after each move (issue 22). A move now reads what the one lead adds to the
totals before and after it (`stage_totals(..., lead_id=)`, a primary-key read) and the board
adds the difference; the columns' windows are re-read, their totals are not.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from tests.tui.conftest import wait_ready
from tests.tui.test_board import column, focus_card, open_board, shown_counts


def shown_totals(app) -> dict[str, tuple[int, int, int]]:
    """(count, value, stale) of every column, as the board holds and draws them."""
    return {each.stage: (each.totals.count, each.totals.value, each.totals.stale)
            for each in (column(app, stage) for stage in shown_counts(app))}


def fresh_totals(app) -> dict[str, tuple[int, int, int]]:
    """The totals counted afresh from every lead, with the board's own filter."""
    from salescockpit.tui.screens.board_data import load_totals

    return {stage: (each.count, each.value, each.stale)
            for stage, each in load_totals(app.cockpit, app.screen.view).items()}


@contextmanager
def statements_of(app):
    """Every SELECT the app's database runs meanwhile (its text, one line)."""
    seen: list[str] = []

    def record(_connection, _cursor, statement, _parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(" ".join(statement.split()))

    engine = app.cockpit.ctx.db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def counts_of_every_lead(statements: list[str]) -> list[str]:
    """The totals' GROUP BY over all leads (a stage list or none), not one lead's share."""
    return [each for each in statements if "GROUP BY leads.stage" in each and "leads.id =" not in each]


async def test_a_move_never_counts_every_lead_again(make_app):
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        card = await focus_card(pilot, "needs", lambda card: "failed_review" not in card.markers)
        with statements_of(app) as statements:
            await pilot.press("L")
            await wait_ready(pilot, "board")
            await pilot.press("u")
            await wait_ready(pilot, "board")
        assert column(app, "needs").current.lead_id == card.lead_id  # moved and back: the test saw both
        assert any("GROUP BY leads.stage" in each for each in statements)  # the lead's share was read
        assert counts_of_every_lead(statements) == []
        assert shown_totals(app) == fresh_totals(app)


async def test_totals_after_moves_equal_a_fresh_count(make_app):
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        await focus_card(pilot, "personal_contact", lambda card: "failed_review" not in card.markers)
        await pilot.press("L", "L", "L", "H")  # one lead three stages on and one back
        await wait_ready(pilot, "board")
        await focus_card(pilot, "closing")
        await pilot.press("H")
        await wait_ready(pilot, "board")
        assert shown_totals(app) == fresh_totals(app)


async def test_with_only_problems_shown_a_move_changes_the_totals_as_a_fresh_count_does(make_app):
    """A stale lead moved on is fresh: it may leave the filter, and the totals follow it exactly."""
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        await pilot.press("exclamation_mark")
        await wait_ready(pilot, "board")
        stale = column(app, "nurture").totals.stale
        await focus_card(pilot, "nurture", lambda card: card.stale and "failed_review" not in card.markers)
        await pilot.press("H")
        await wait_ready(pilot, "board")
        assert column(app, "nurture").totals.stale == stale - 1
        assert shown_totals(app) == fresh_totals(app)
