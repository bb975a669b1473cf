"""Hostile text typed into the cockpit: the call form saves it verbatim or refuses NUL keeping what was
typed; the queue's filter (`/`) takes ``%`` and ``\\`` as text, not as wildcards or escapes."""

from __future__ import annotations

from sqlalchemy import func, select, update
from textual.widgets import Static, TextArea

from salescockpit.store.search import search_text
from salescockpit.store.tables import Call, Lead
from salescockpit.tui.modals.log_call import LogCallForm
from tests.tui.conftest import wait_ready
from tests.tui.test_log_call import _count, _error, _lead_of, _open_form_for, choose, settle, type_into

HOSTILE_NOTES = "'; DROP TABLE leads; -- 100% a_b C:\\temp \"x\""


async def test_the_call_form_saves_hostile_notes_verbatim(make_app, open_db):
    lead_id, _name = _lead_of(open_db, "petrova", "needs")
    leads_before = _count(open_db, Lead)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await choose(pilot, "#outcome", "No answer")
        await type_into(pilot, "#duration", "0")
        await type_into(pilot, "#notes", HOSTILE_NOTES)
        assert form.query_one("#notes", TextArea).text == HOSTILE_NOTES
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogCallForm)
    with open_db.read() as session:
        notes = session.scalars(select(Call.notes).where(Call.lead_id == lead_id).order_by(Call.id.desc())).first()
    assert notes == HOSTILE_NOTES
    assert _count(open_db, Lead) == leads_before


async def test_a_pasted_nul_is_refused_in_one_line_and_the_form_keeps_it(make_app, open_db):
    lead_id, _name = _lead_of(open_db, "petrova", "needs")
    calls_before = _count(open_db, Call)
    app = make_app("petrova")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        form = await _open_form_for(pilot, lead_id)
        await choose(pilot, "#outcome", "No answer")
        await type_into(pilot, "#duration", "0")
        form.query_one("#notes", TextArea).text = "before\x00after"  # as a paste would bring it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#notes", TextArea).text == "before\x00after"
        message = _error(form, "error-form")
        assert "control characters" in message and "\n" not in message.strip()
    assert _count(open_db, Call) == calls_before


def _rename(open_db, lead_id: int, name: str) -> None:
    with open_db.write() as session:
        session.execute(update(Lead).where(Lead.id == lead_id).values(name=name, search_text=search_text(name)))


async def test_the_queue_filter_takes_percent_and_backslash_as_text(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        rows = app.screen.rows
        holders = {"100%": rows[1].lead_id, "c:\\t": rows[3].lead_id}
        _rename(open_db, rows[1].lead_id, "Скидка 100% всем")
        _rename(open_db, rows[2].lead_id, "Скидка 1000 всем")  # "100%" as a wildcard would find it too
        _rename(open_db, rows[3].lead_id, "Путь C:\\temp")
        _rename(open_db, rows[4].lead_id, "Путь C:temp")  # "\t" as an escape would find it too
        for typed, holder in holders.items():
            await pilot.press("slash")
            await pilot.press(*typed)
            await pilot.press("enter")
            await wait_ready(pilot)
            assert [row.lead_id for row in app.screen.rows] == [holder], typed
            assert typed in str(app.screen.query_one("#queue-progress", Static).render())
            await pilot.press("escape")
            await wait_ready(pilot)
    with open_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Lead)) > 0
