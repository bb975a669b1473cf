"""A half-filled call form survives a quit or a crash: kept on disk, offered back, restored or discarded."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from salescockpit.store.tables import Call, Lead, User
from salescockpit.tui.drafts import DRAFT_PAUSE, CallFormDraft, DraftFile, RestoreDraftPrompt, database_key
from salescockpit.tui.modals.log_call import DiscardChanges, LogCallForm
from tests.tui.conftest import wait_ready
from tests.tui.test_log_call import choose, settle, type_into


@pytest.fixture
def drafts_dir(tmp_path):
    return tmp_path / "drafts"


@pytest.fixture
def start_app(demo_path, settings, clock, drafts_dir):
    """``start_app(login)``: a NEW cockpit on the same demo copy and the same drafts directory each call."""
    from salescockpit.tui.app import build_app

    def factory(login: str = "petrova"):
        return build_app(db_target=str(demo_path), login=login, settings=settings, clock=clock, drafts_dir=drafts_dir)

    return factory


def _leads_of(open_db, login: str, count: int = 2) -> list[tuple[int, str]]:
    with open_db.read() as session:
        query = select(Lead.id, Lead.name).join(User, User.id == Lead.owner_id).where(User.login == login)
        return [tuple(row) for row in session.execute(query.order_by(Lead.id).limit(count))]


def _draft_on_disk(drafts_dir, login: str = "petrova") -> dict | None:
    path = drafts_dir / f"{login}-call.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


async def _open_form(pilot, lead_id: int | None = None):
    if lead_id is None:
        await pilot.press("ctrl+l")
    else:
        pilot.app.open_lead(lead_id)
        await settle(pilot)
        await pilot.press("c")
    await settle(pilot)
    await pilot.pause(0.1)


async def _fill_form(pilot) -> None:
    await choose(pilot, "#outcome", "Reached")
    await type_into(pilot, "#duration", "4:30")
    await type_into(pilot, "#notes", "Wants a discount")
    await pilot.click("#raised-0")
    await pilot.click("#handled-0")
    await type_into(pilot, "#answer-0", "ROI case")
    await type_into(pilot, "#next-callback", "tomorrow 10:00")
    await pilot.pause()


def _draft(lead: tuple[int, str], database: str, **changes) -> CallFormDraft:
    values = dict(lead_id=lead[0], lead_label=lead[1], direction="in", outcome="reached", duration="3",
                  notes="Kept notes", objections=(("price", True, "discount"),), next_call="tomorrow 10:00",
                  no_next_step="")
    values.update(changes)
    return CallFormDraft(**values)


async def test_a_form_left_by_quitting_is_offered_back_and_restores_every_field(start_app, open_db, drafts_dir):
    lead = _leads_of(open_db, "petrova")[0]
    app = start_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open_form(pilot, lead[0])
        assert isinstance(app.screen, LogCallForm)
        await _fill_form(pilot)
        await type_into(pilot, "#notes", "!")
        app.exit()  # at once: the pause before the draft is written has not passed, leaving writes it
    kept = _draft_on_disk(drafts_dir)
    assert kept is not None and kept["notes"] == "Wants a discount!" and kept["lead_id"] == lead[0]

    app = start_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open_form(pilot)  # ctrl+l: a form without a lead
        assert isinstance(app.screen, RestoreDraftPrompt)
        question = str(app.screen.query_one("#restore-draft-question", Static).render())
        assert lead[1] in question and "Mon 23 Nov 10:00" in question
        await pilot.press("y")
        await pilot.pause(0.1)
        form = app.screen
        assert isinstance(form, LogCallForm)
        assert form.query_one("#lead-picker").lead_id == lead[0]
        assert form.query_one("#outcome", Select).value == "reached"
        assert form.query_one("#duration", Input).value == "4:30"
        assert form.query_one("#notes", TextArea).text == "Wants a discount!"
        assert form.query_one("#raised-0", Checkbox).value and form.query_one("#handled-0", Checkbox).value
        assert form.query_one("#answer-0", Input).value == "ROI case"
        assert form.query_one("#next-callback", Input).value == "tomorrow 10:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogCallForm)
    assert _draft_on_disk(drafts_dir) is None  # saving the call removes the draft
    with open_db.read() as session:
        call = session.scalars(select(Call).where(Call.lead_id == lead[0]).order_by(Call.id.desc())).first()
        assert (call.notes, call.duration_seconds) == ("Wants a discount!", 270)


async def test_a_draft_is_on_disk_while_typing_before_any_quit(start_app, open_db, drafts_dir):
    lead = _leads_of(open_db, "petrova")[0]
    app = start_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open_form(pilot, lead[0])
        await type_into(pilot, "#notes", "Call back after lunch")
        await pilot.pause(DRAFT_PAUSE + 0.3)
        kept = _draft_on_disk(drafts_dir)  # what a crash right now would leave behind
        assert kept is not None and kept["notes"] == "Call back after lunch"
        assert kept["database"] == database_key(app.db_target)
        assert not list(drafts_dir.glob("*.tmp"))  # written through a temp file, renamed into place


async def test_n_discards_the_kept_draft_and_leaves_the_form_empty(start_app, open_db, drafts_dir):
    lead = _leads_of(open_db, "petrova")[0]
    app = start_app()
    DraftFile(drafts_dir, "petrova", database_key(app.db_target)).save(_draft(lead, ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open_form(pilot, lead[0])
        assert isinstance(app.screen, RestoreDraftPrompt)
        assert not app.screen.query("#restore-draft-other-lead")  # the same lead: nothing to warn about
        await pilot.press("n")
        await pilot.pause(0.1)
        assert isinstance(app.screen, LogCallForm)
        assert app.screen.query_one("#notes", TextArea).text == ""
        assert _draft_on_disk(drafts_dir) is None
        app.exit()
    assert _draft_on_disk(drafts_dir) is None  # an empty form leaves nothing behind


async def test_a_draft_for_another_lead_says_so_and_restoring_switches_the_lead(start_app, open_db, drafts_dir):
    first, second = _leads_of(open_db, "petrova")
    app = start_app()
    DraftFile(drafts_dir, "petrova", database_key(app.db_target)).save(_draft(first, ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open_form(pilot, second[0])
        assert isinstance(app.screen, RestoreDraftPrompt)
        warning = str(app.screen.query_one("#restore-draft-other-lead", Static).render())
        assert second[1] in warning and first[1] in warning
        await pilot.press("y")
        await pilot.pause(0.1)
        form = app.screen
        assert form.lead_id == first[0]
        assert first[1] in str(form.query_one("#lead-label", Static).render())
        assert form.query_one("#direction", Select).value == "in"
        assert form.query_one("#notes", TextArea).text == "Kept notes"


async def test_escape_on_the_offer_keeps_the_draft_and_discarding_the_form_removes_it(start_app, open_db, drafts_dir):
    lead = _leads_of(open_db, "petrova")[0]
    app = start_app()
    DraftFile(drafts_dir, "petrova", database_key(app.db_target)).save(_draft(lead, ""))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _open_form(pilot)
        await pilot.press("escape")  # not now: the form closes, the draft stays
        await pilot.pause(0.1)
        assert not isinstance(app.screen, (LogCallForm, RestoreDraftPrompt))
        assert _draft_on_disk(drafts_dir)["notes"] == "Kept notes"
        await _open_form(pilot)
        await pilot.press("y")
        await pilot.pause(0.1)
        await pilot.press("escape")  # a filled form asks before throwing it away
        await pilot.pause()
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("y")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, LogCallForm)
        assert _draft_on_disk(drafts_dir) is None


def test_draft_file_keeps_one_database_and_ignores_what_it_cannot_read(tmp_path):
    ours = DraftFile(tmp_path, "anna.k", "/data/a.db")
    theirs = DraftFile(tmp_path, "anna.k", "/data/b.db")
    draft = _draft((7, "Иванов · ООО Ромашка"), "")
    ours.save(draft)
    loaded = ours.load()
    assert loaded is not None and loaded.database == "/data/a.db"
    assert (loaded.lead_label, loaded.objections, loaded.notes) == ("Иванов · ООО Ромашка", draft.objections, "Kept notes")
    assert theirs.load() is None  # lead ids of another database mean nothing here
    theirs.discard()
    assert ours.path.exists()  # another database's discard leaves ours alone
    ours.path.write_text("{not json", encoding="utf-8")
    assert ours.load() is None
    ours.discard()
    assert not ours.path.exists()
    ours.discard()  # nothing to remove is fine
