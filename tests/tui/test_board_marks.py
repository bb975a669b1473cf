"""Several cards at once on the board: space marks, shift+down extends, one move key moves them all."""

from __future__ import annotations

from sqlalchemy import select

from salescockpit.store.tables import Lead
from tests.tui.conftest import wait_ready
from tests.tui.test_board import column, focus_card, moves_of, notices, open_board, stage_of, stages_of_everyone


async def test_one_move_moves_every_marked_card_and_reports_the_refused(make_app, open_db):
    app = make_app("head")
    with open_db.read() as session:
        no_bant = set(session.scalars(select(Lead.id).where(Lead.stage == "qualification", Lead.bant_budget.is_(None))))
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        first = await focus_card(pilot, "new")
        await pilot.press("space", "shift+down")
        second = column(app, "new").current
        assert second.lead_id != first.lead_id
        refused = await focus_card(pilot, "qualification", lambda card: card.lead_id in no_bant)
        await pilot.press("space")
        assert set(app.screen.marked) == {first.lead_id, second.lead_id, refused.lead_id}
        assert "3 cards marked" in str(app.screen.query_one("#board-title").render())
        before = stages_of_everyone(open_db)

        await pilot.press("L")
        await wait_ready(pilot, "board")

        assert "2 leads moved to Identification." in notices(app)
        assert f"Not moved: {refused.name}:" in notices(app)
        assert set(app.screen.marked) == {refused.lead_id}  # the refused one stays marked
        shown = [card.lead_id for card in column(app, "identification").cards]
        assert first.lead_id in shown and second.lead_id in shown
        await pilot.press("escape")
        assert app.screen.marked == {}
    assert stage_of(open_db, first.lead_id) == stage_of(open_db, second.lead_id) == "identification"
    assert moves_of(open_db, first.lead_id) == [("new", "identification", "head")]
    assert stage_of(open_db, refused.lead_id) == "qualification"
    after = stages_of_everyone(open_db)
    assert {lead for lead in after if after[lead] != before[lead]} == {first.lead_id, second.lead_id}


async def test_a_marked_card_shows_its_mark_and_space_unmarks_it(make_app):
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        card = await focus_card(pilot, "new")
        await pilot.press("space")
        new = column(app, "new")
        first_card_line = "".join(segment.text for segment in new.render_line(3))
        assert first_card_line.lstrip("▌ ").startswith("● " + card.name[:5])
        await pilot.press("space")
        assert app.screen.marked == {}
        assert "●" not in "".join(segment.text for segment in new.render_line(3))
