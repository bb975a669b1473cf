"""The objection ledger: drill into a cell, open objections, the catalog edited by the head; the Won gate."""

from __future__ import annotations

from sqlalchemy import select
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.context import ServiceContext
from salescockpit.store.queries.objections import count_open_objections
from salescockpit.store.tables import Lead, ObjectionType, StageHistory, User
from salescockpit.tui.modals.objection_calls import ObjectionCallsModal
from salescockpit.tui.modals.objection_type_form import ObjectionTypeForm
from salescockpit.tui.screens.objections import ObjectionsScreen
from tests.tui.conftest import wait_ready
from tests.tui.test_compliance import ensure_mode, settle

TERMINAL = ("won", "lost", "disqualified")


async def open_objections(pilot) -> ObjectionsScreen:
    app = pilot.app
    ensure_mode(app, "objections", ObjectionsScreen)
    await wait_ready(pilot)
    app.switch_mode("objections")
    await settle(pilot)
    return app.screen


def _notified(app, text: str) -> bool:
    return any(text in notification.message for notification in app._notifications)


async def test_head_drills_into_a_ledger_cell_and_sees_open_objections(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_objections(pilot)
        ledger = screen.ledger
        table = screen.query_one("#ledger", DataTable)
        assert table.row_count == len(ledger.types) >= 8
        row, column = next(
            (r, 2 + c) for r, (type_id, _label) in enumerate(ledger.types)
            for c, person in enumerate(ledger.managers) if ledger.cell(type_id, person.id).raised >= 2
        )
        type_id, label = ledger.types[row]
        cell = ledger.cell(type_id, ledger.managers[column - 2].id)
        assert str(table.get_cell_at(Coordinate(row, column))).split()[0] == str(cell.raised)
        table.cursor_coordinate = Coordinate(row, column)
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ObjectionCallsModal)
        assert len(modal.rows) == cell.raised
        assert label in modal.title_text and ledger.managers[column - 2].name in modal.title_text
        assert sum(1 for _lead, cells in modal.rows if cells[4] == "yes") == cell.handled
        await pilot.press("escape")
        await pilot.press("v")
        await settle(pilot)
        assert screen.view == "open"
        with open_db.read() as session:
            expected = count_open_objections(session, TERMINAL)
        assert expected > 0 and len(screen.open_rows) == min(expected, 50)
        assert f"Open now on live leads: {expected}" in str(screen.query_one("#ledger-totals", Static).render())


async def test_head_edits_the_catalog(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_objections(pilot)
        await pilot.press("v", "v")
        await settle(pilot)
        assert screen.view == "catalog"
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ObjectionTypeForm)
        await pilot.press(*"Contract terms", "enter")
        await settle(pilot)
        assert any(row.key == "contract_terms" for row in screen.catalog)
        await pilot.press("e")  # the cursor is on the first type: Price
        await pilot.pause()
        await pilot.press("ctrl+u", *"Too expensive", "tab", *"дорого, не по карману", "enter")
        await settle(pilot)
        await pilot.press("j", "x")  # deactivate the second type
        await settle(pilot)
    with open_db.read() as session:
        types = {row.key: (row.label, row.active) for row in session.scalars(select(ObjectionType))}
    assert types["contract_terms"] == ("Contract terms", True)
    assert types["price"] == ("Too expensive", True)
    with open_db.read() as session:
        phrases = session.scalars(select(ObjectionType.phrases).where(ObjectionType.key == "price")).one()
    assert phrases == "дорого\nне по карману"
    assert types["think_about_it"][1] is False


async def test_manager_sees_own_figures_and_cannot_edit_the_catalog(make_app, open_db):
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_objections(pilot)
        assert [person.login for person in screen.ledger.managers] == ["petrova"]
        await pilot.press("v")
        await settle(pilot)
        owners = {row.owner_name for row in screen.open_rows}
        assert owners <= {app.cockpit.actor.name}
        await pilot.press("v", "a")
        await pilot.pause()
        assert not isinstance(app.screen, ObjectionTypeForm)
        assert _notified(app, "Only the head of sales can edit the objection catalog")


def _closing_lead_with_open_objection(demo_path, clock) -> tuple[int, str]:
    """A demo lead in closing with a value, given a fresh unhandled objection by its owner."""
    from salescockpit.store.engine import Database

    database = Database.open(demo_path)
    try:
        ctx = ServiceContext(db=database, clock=clock, settings=Settings(timezone="Europe/Moscow"))
        with database.read() as session:
            lead_id, login = session.execute(
                select(Lead.id, User.login).join(User, User.id == Lead.owner_id)
                .where(Lead.stage == "closing", Lead.value.is_not(None)).order_by(Lead.id).limit(1)
            ).one()
        owner = load_actor(ctx, login)
        log_call(ctx, owner, CallDraft(lead_id, "out", "reached", 240, no_next_step_reason="deciding",
                                       objections=(ObjectionDraft("price", handled=False),)))
        return lead_id, login
    finally:
        database.close()


async def test_won_is_refused_with_an_open_objection_unless_the_head_overrides(make_app, open_db, demo_path, clock):
    lead_id, owner = _closing_lead_with_open_objection(demo_path, clock)
    app = make_app(owner)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        app.open_lead(lead_id)
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert _notified(app, "An objection is still open")
    with open_db.read() as session:
        assert session.get(Lead, lead_id).stage == "closing"
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        app.open_lead(lead_id)
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        problems = " ".join(str(widget.render()) for widget in app.screen.query(".gate-problem"))
        assert "An objection is still open" in problems
        app.screen.query_one("#override-reason").focus()
        await pilot.press(*"price agreed by phone with the CEO", "ctrl+s")
        await settle(pilot)
    with open_db.read() as session:
        assert session.get(Lead, lead_id).stage == "won"
        history = session.scalars(select(StageHistory).where(StageHistory.lead_id == lead_id)
                                  .order_by(StageHistory.id.desc())).first()
        assert (history.to_stage, history.override_reason) == ("won", "price agreed by phone with the CEO")


def test_won_gate_through_the_service(db, clock):
    """No Won while an objection is open; a later call handling the same type resolves it."""
    import pytest

    from salescockpit.services.catalog import ensure_catalog
    from salescockpit.services.errors import GateRefused
    from salescockpit.services.leads import LeadDraft, create_lead
    from salescockpit.services.stages import move_stage
    from salescockpit.services.users import add_user

    ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(ctx)
    add_user(ctx, "olga", "Ольга", "head")
    add_user(ctx, "anna", "Анна", "manager")
    anna = load_actor(ctx, "anna")
    lead = create_lead(ctx, anna, LeadDraft(name="Лид", stage="closing", value=90000))

    def call(handled: bool) -> None:
        log_call(ctx, anna, CallDraft(lead, "out", "reached", 60, no_next_step_reason="x",
                                      objections=(ObjectionDraft("no_trust", handled, "references" if handled else ""),)))

    call(handled=False)
    with pytest.raises(GateRefused) as refused:
        move_stage(ctx, anna, lead, "won")
    assert [p.field for p in refused.value.problems] == ["open_objection"] and refused.value.overridable
    assert move_stage(ctx, anna, lead, "needs").to_stage == "needs"  # other moves are not blocked
    move_stage(ctx, anna, lead, "closing")
    call(handled=True)
    assert move_stage(ctx, anna, lead, "won").to_stage == "won"


async def test_ledger_cells_read_apart_at_80_and_120_columns(make_app):
    """The issue: the matrix's cells ran together ("18% 33  55%"): each column now ends in a rule."""
    import re

    for size in ((80, 24), (120, 40)):
        app = make_app("head")
        async with app.run_test(size=size) as pilot:
            screen = await open_objections(pilot)
            table = screen.query_one("#ledger", DataTable)
            shown = [table.render_line(y).text for y in range(1, 1 + min(table.row_count, 5))]
            for line, (type_id, label) in zip(shown, screen.ledger.types):
                *whole, _clipped = line.split("│")
                assert len(whole) >= 3, line  # the name, the team and at least one manager, each ruled off
                assert whole[0].strip() == label or whole[0].strip().endswith("…")
                figures = [piece.split() for piece in whole[1:]]
                assert figures[0][0] == str(screen.ledger.cell(type_id, None).raised)
                for cell in figures:
                    assert cell == ["·"] or (len(cell) == 3 and all(re.fullmatch(r"\d+%?", f) for f in cell)), line
