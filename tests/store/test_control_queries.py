"""Read side of strict control: the review list, compliance per manager, the objection ledger, re-checks.

The data is written through the real services on a SQLite file, with the clock moved between
calls so the order is known.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.errors import PermissionDenied
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.rechecks import record_recheck
from salescockpit.services.reviews import review_call
from salescockpit.services.scripts import current_script_id
from salescockpit.services.stages import mark_junk, move_stage
from salescockpit.services.users import add_user
from salescockpit.store.queries.compliance import CallFilter, call_for_review, compliance_by_manager, review_calls_page
from salescockpit.store.queries.objections import (
    objection_calls,
    objection_ledger,
    objection_type_rows,
    objections_for_lead,
    open_objections_page,
)
from salescockpit.store.queries.rechecks import recheck_detail, recheck_page, recheck_stats

GOOD = {"greet": "done", "confirm_contact": "done", "decision_maker": "done", "need": "done",
        "budget": "done", "timing": "done", "next_step": "done"}
TERMINAL = ("won", "lost", "disqualified")


class World:
    """A head, two managers and helpers that write through the services."""

    def __init__(self, db, clock):
        self.ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
        ensure_catalog(self.ctx)
        self.clock = clock
        add_user(self.ctx, "olga", "Ольга", "head")
        add_user(self.ctx, "anna", "Анна", "manager")
        add_user(self.ctx, "boris", "Борис", "manager")
        self.head, self.anna, self.boris = (load_actor(self.ctx, login) for login in ("olga", "anna", "boris"))
        self.script_id = current_script_id(self.ctx, "First contact")

    def lead(self, owner, name="Лид", **fields):
        return create_lead(self.ctx, owner, LeadDraft(name=name, **fields))

    def call(self, manager, lead_id, outcome="reached", objections=()):
        self.clock.advance(timedelta(minutes=5))
        draft = CallDraft(lead_id, "out", outcome, 60, notes=f"{outcome} call", script_id=self.script_id,
                          objections=tuple(objections), no_next_step_reason="test")
        return log_call(self.ctx, manager, draft).call_id

    def review(self, call_id, **answers):
        notes = {key: "why" for key, answer in answers.items() if answer == "missed"}
        return review_call(self.ctx, self.head, call_id, dict(GOOD, **answers), notes)

    def read(self, fn, *args, **kwargs):
        with self.ctx.db.read() as session:
            return fn(session, *args, **kwargs)


@pytest.fixture
def world(db, clock):
    return World(db, clock)


def test_review_list_views_filters_and_keyset_pages(world):
    lead = world.lead(world.anna)
    other = world.lead(world.boris)
    anna_calls = [world.call(world.anna, lead) for _ in range(5)]
    world.call(world.anna, lead, outcome="no_answer")
    boris_call = world.call(world.boris, other)
    world.review(anna_calls[0])
    world.review(anna_calls[1], next_step="missed")

    waiting = world.read(review_calls_page, CallFilter("waiting"), limit=2)
    assert [row.call_id for row in waiting.rows] == [boris_call, anna_calls[4]]
    seen = [row.call_id for row in waiting.rows]
    cursor = waiting.next_cursor
    while cursor is not None:
        page = world.read(review_calls_page, CallFilter("waiting"), cursor, limit=2)
        seen += [row.call_id for row in page.rows]
        cursor = page.next_cursor
    assert seen == [boris_call, *reversed(anna_calls[2:])]  # no_answer is not a conversation: not listed

    reviewed = world.read(review_calls_page, CallFilter("reviewed"))
    assert [(r.call_id, r.score, r.passed) for r in reviewed.rows] == [(anna_calls[1], 0.0, False), (anna_calls[0], 100.0, True)]
    failed = world.read(review_calls_page, CallFilter("failed"))
    assert [r.call_id for r in failed.rows] == [anna_calls[1]] and failed.rows[0].failed_critical
    mine = world.read(review_calls_page, CallFilter("waiting", manager_id=world.boris.id))
    assert [r.call_id for r in mine.rows] == [boris_call] and mine.rows[0].manager_login == "boris"
    unanswered = world.read(review_calls_page, CallFilter("waiting", outcome="no_answer"))
    assert [r.outcome for r in unanswered.rows] == ["no_answer"]


def test_call_for_review_carries_script_objections_and_the_review(world):
    lead = world.lead(world.anna, name="Иван", company="ООО «Вектор»")
    call_id = world.call(world.anna, lead, objections=[ObjectionDraft("price", True, "Showed the ROI")])
    detail = world.read(call_for_review, call_id)
    assert detail.script.name == "First contact" and detail.script_id == world.script_id
    assert detail.answers == {} and detail.score is None and detail.company == "ООО «Вектор»"
    assert [(o.type_label, o.handled, o.answer) for o in detail.objections] == [("Price", True, "Showed the ROI")]
    world.review(call_id, budget="missed")
    detail = world.read(call_for_review, call_id)
    assert detail.answers["budget"] == "missed" and detail.item_notes == {"budget": "why"}
    assert detail.reviewer_name == "Ольга" and detail.score == 91.7 and detail.passed
    with pytest.raises(PermissionDenied):  # another manager's lead (store.queries.visibility)
        world.read(call_for_review, call_id, viewer=world.boris)
    assert world.read(call_for_review, call_id, viewer=world.anna) is not None
    assert world.read(call_for_review, 9999) is None


def test_compliance_per_manager(world):
    since = world.clock.now()
    lead = world.lead(world.anna)
    calls = [world.call(world.anna, lead) for _ in range(3)]
    world.review(calls[0])
    world.review(calls[1], next_step="missed", budget="missed")
    world.review(calls[2], budget="missed")
    until = world.clock.now() + timedelta(seconds=1)
    figures = {row.login: row for row in world.read(compliance_by_manager, since, until)}
    anna, boris = figures["anna"], figures["boris"]
    assert (anna.reviewed, anna.passed, anna.critical_misses) == (3, 2, 1)
    assert anna.average_score == pytest.approx((100 + 0 + 91.7) / 3, abs=0.1)
    assert anna.pass_rate == pytest.approx(2 / 3)
    assert [(m.key, m.count) for m in anna.top_missed] == [("budget", 2), ("next_step", 1)]
    assert anna.top_missed[0].text == "Ask about the budget"
    assert (boris.reviewed, boris.average_score, boris.pass_rate) == (0, None, None)
    later = world.read(compliance_by_manager, until, until + timedelta(days=7))
    assert all(row.reviewed == 0 for row in later)


def test_objection_ledger_cells_drill_and_open_list(world):
    since = world.clock.now()
    won_lead = world.lead(world.anna, name="Won", stage="closing", value=1000)
    open_lead = world.lead(world.anna, name="Open")
    boris_lead = world.lead(world.boris, name="Boris lead")
    world.call(world.anna, won_lead, objections=[ObjectionDraft("price", False)])
    world.call(world.anna, won_lead, objections=[ObjectionDraft("price", True, "discount")])  # resolves the first
    move_stage(world.ctx, world.anna, won_lead, "won")
    world.call(world.anna, open_lead, objections=[ObjectionDraft("price", False), ObjectionDraft("no_need", False)])
    world.call(world.boris, boris_lead, objections=[ObjectionDraft("price", True, "value")])
    until = world.clock.now() + timedelta(seconds=1)

    ledger = world.read(objection_ledger, since, until)
    types = dict((label, type_id) for type_id, label in ledger.types)
    price = types["Price"]
    anna_cell = ledger.cell(price, world.anna.id)
    assert (anna_cell.raised, anna_cell.handled, anna_cell.leads, anna_cell.won_leads) == (3, 1, 2, 1)
    assert anna_cell.handled_rate == pytest.approx(1 / 3) and anna_cell.won_rate == 0.5
    team = ledger.cell(price, None)
    assert (team.raised, team.handled, team.leads, team.won_leads) == (4, 2, 3, 1)
    assert ledger.cell(types["No trust"], world.anna.id).handled_rate is None
    assert [m.login for m in ledger.managers] == ["anna", "boris"]
    own = world.read(objection_ledger, since, until, manager_id=world.boris.id)
    assert [m.login for m in own.managers] == ["boris"] and own.cell(price, None).raised == 1

    drill = world.read(objection_calls, price, world.anna.id, since, until)
    assert [(r.lead_name, r.handled) for r in drill] == [("Open", False), ("Won", True), ("Won", False)]
    assert drill[2].resolved_at is not None

    page = world.read(open_objections_page, TERMINAL)
    assert sorted(r.type_label for r in page.rows) == ["No need", "Price"]
    assert {r.lead_name for r in page.rows} == {"Open"}
    first = world.read(open_objections_page, TERMINAL, limit=1)
    rest = world.read(open_objections_page, TERMINAL, after=first.next_cursor, limit=1)
    assert first.rows[0].objection_id != rest.rows[0].objection_id and rest.next_cursor is None
    assert world.read(open_objections_page, TERMINAL, owner_id=world.boris.id).rows == ()

    history = world.read(objections_for_lead, won_lead)
    assert [(o.type_key, o.handled, o.answer, o.is_open) for o in history] == [
        ("price", True, "discount", False), ("price", False, "", False)]
    catalog = {row.key: row.raised for row in world.read(objection_type_rows)}
    assert catalog["price"] == 4 and catalog["no_trust"] == 0


def test_recheck_list_detail_and_saved_money(world):
    since = world.clock.now()
    kept = world.lead(world.anna, name="Kept junk")
    saved = world.lead(world.anna, name="Saved", stage="closing", value=5000)
    waiting = world.lead(world.boris, name="Waiting")
    world.call(world.anna, saved)
    for lead_id, manager in ((kept, world.anna), (saved, world.anna), (waiting, world.boris)):
        world.clock.advance(timedelta(minutes=1))
        mark_junk(world.ctx, manager, lead_id, "not_a_real_lead")
    page = world.read(recheck_page)
    assert [r.name for r in page.rows] == ["Kept junk", "Saved", "Waiting"]
    assert page.rows[0].reason == "not_a_real_lead" and page.rows[0].qualification == "junk"
    assert [r.name for r in world.read(recheck_page, owner_id=world.boris.id).rows] == ["Waiting"]
    paged = world.read(recheck_page, limit=2)
    assert [r.name for r in world.read(recheck_page, after=paged.next_cursor).rows] == ["Waiting"]

    detail = world.read(recheck_detail, saved)
    assert detail.marked_by_name == "Анна" and detail.call_count == 1 and detail.calls[0].notes == "reached call"
    assert detail.bant.unanswered() == ("budget", "authority", "need", "timing")

    record_recheck(world.ctx, world.head, kept, "confirmed")
    record_recheck(world.ctx, world.head, saved, "returned", return_stage="closing", note="real buyer")
    move_stage(world.ctx, world.head, saved, "won")
    assert [r.name for r in world.read(recheck_page).rows] == ["Waiting"]

    until = world.clock.now() + timedelta(seconds=1)
    stats = {row.login: row for row in world.read(recheck_stats, since, until)}
    anna = stats["anna"]
    assert (anna.marked, anna.rechecked, anna.confirmed, anna.returned) == (2, 2, 1, 1)
    assert anna.false_junk_rate == 0.5 and (anna.returned_won, anna.saved_value) == (1, 5000)
    boris = stats["boris"]
    assert (boris.marked, boris.rechecked, boris.false_junk_rate) == (1, 0, None)
    assert world.read(recheck_stats, since, until, manager_id=world.boris.id)[0].login == "boris"
