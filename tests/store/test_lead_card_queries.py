"""The lead card and lead search read the store right, and only for who may see the lead."""

from __future__ import annotations

from datetime import timedelta

import pytest

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.callbacks import schedule_callback
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.errors import NotFound, PermissionDenied
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.reviews import record_lead_review
from salescockpit.services.stages import move_stage
from salescockpit.services.users import add_user
from salescockpit.store.queries.lead_card import CallEntry, StageEntry, lead_card, objection_catalog
from salescockpit.store.queries.leads import SEARCH_LIMIT, find_leads, lead_match


@pytest.fixture
def ctx(db, clock):
    context = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(context)
    return context


@pytest.fixture
def people(ctx):
    add_user(ctx, "olga", "Ольга Петрова", "head")
    add_user(ctx, "anna", "Анна Смирнова", "manager")
    add_user(ctx, "boris", "Борис Иванов", "manager")
    return {login: load_actor(ctx, login) for login in ("olga", "anna", "boris")}


def _card(ctx, lead_id, actor):
    with ctx.db.read() as session:
        return lead_card(session, lead_id, viewer_id=actor.id, viewer_is_head=actor.is_head)


def test_the_card_shows_contact_callbacks_and_a_newest_first_timeline(ctx, clock, people):
    anna, head = people["anna"], people["olga"]
    lead_id = create_lead(ctx, anna, LeadDraft(name="Иван Кузнецов", company="ООО «Вектор»", phone="+7 495 123-45-67"))
    clock.advance(timedelta(minutes=5))
    first = log_call(ctx, anna, CallDraft(
        lead_id, "out", "reached", 240, notes="Asked for prices",
        objections=(ObjectionDraft("price", False), ObjectionDraft("no_trust", True, "Showed the case study")),
        next_callback_at=clock.now() + timedelta(days=1),
    ))
    clock.advance(timedelta(minutes=5))
    move_stage(ctx, anna, lead_id, "identification")
    clock.advance(timedelta(minutes=5))
    record_lead_review(ctx, head, lead_id, "action", "Call him back before noon")

    card = _card(ctx, lead_id, anna)

    assert (card.name, card.company, card.phone, card.stage, card.owner_name) == (
        "Иван Кузнецов", "ООО «Вектор»", "+7 495 123-45-67", "identification", "Анна Смирнова")
    assert [callback.callback_id for callback in card.open_callbacks] == [first.callback_id]
    assert [entry.kind for entry in card.timeline][:3] == ["review", "stage", "call"]
    times = [entry.at for entry in card.timeline]
    assert times == sorted(times, reverse=True)
    call = next(entry for entry in card.timeline if isinstance(entry, CallEntry))
    assert (call.call_id, call.outcome, call.duration_seconds, call.reviewed) == (first.call_id, "reached", 240, False)
    assert {(o.type_key, o.handled, o.answer) for o in call.objections} == {
        ("price", False, ""), ("no_trust", True, "Showed the case study")}
    assert [o.type_key for o in card.open_objections] == ["price"]
    assert card.latest_call_id == first.call_id
    moves = [entry for entry in card.timeline if isinstance(entry, StageEntry)]
    assert [(m.from_stage, m.to_stage) for m in moves] == [("new", "identification"), (None, "new")]
    assert card.timeline[0].at.tzinfo is not None


def test_a_manager_cannot_open_another_managers_lead_but_the_head_can(ctx, people):
    lead_id = create_lead(ctx, people["anna"], LeadDraft(name="Lead of Anna"))

    with pytest.raises(PermissionDenied) as refused:
        _card(ctx, lead_id, people["boris"])
    assert "another manager" in refused.value.message
    assert _card(ctx, lead_id, people["olga"]).name == "Lead of Anna"
    with pytest.raises(NotFound):
        _card(ctx, 9999, people["olga"])


def test_closed_callbacks_appear_on_the_timeline_as_kept_or_late(ctx, clock, people):
    anna = people["anna"]
    lead_id = create_lead(ctx, anna, LeadDraft(name="Lead"))
    callback_id = schedule_callback(ctx, anna, lead_id, clock.now() + timedelta(hours=1))
    clock.advance(timedelta(hours=2))
    log_call(ctx, anna, CallDraft(lead_id, "out", "no_answer", 0, fulfils_callback_id=callback_id))

    card = _card(ctx, lead_id, anna)

    closed = [entry for entry in card.timeline if entry.kind == "callback"]
    assert len(closed) == 1 and closed[0].status == "done" and not closed[0].kept
    assert card.open_callbacks == ()


def test_the_objection_catalog_lists_active_types_in_order(ctx):
    with ctx.db.read() as session:
        catalog = objection_catalog(session)
    assert catalog[0] == ("price", "Price")
    assert ("no_trust", "No trust") in catalog


def test_search_is_case_insensitive_in_any_script_and_by_phone(ctx, people):
    anna = people["anna"]
    ivanov = create_lead(ctx, anna, LeadDraft(name="Пётр Иванов", company="ЗАО Ромашка", phone="+7 (495) 123-45-67"))
    create_lead(ctx, anna, LeadDraft(name="John Smith", email="John.Smith@Example.com"))

    with ctx.db.read() as session:
        assert [m.lead_id for m in find_leads(session, "иванов")] == [ivanov]
        assert [m.lead_id for m in find_leads(session, "РОМАШ")] == [ivanov]
        assert [m.lead_id for m in find_leads(session, "4951234567")] == [ivanov]
        assert [m.name for m in find_leads(session, "john.smith@")] == ["John Smith"]
        assert find_leads(session, "   ") == ()
        match = lead_match(session, ivanov)
    assert match.label == "Пётр Иванов (ЗАО Ромашка)" and match.owner_login == "anna"


def test_search_escapes_wildcards_limits_results_and_keeps_managers_to_their_own(ctx, people):
    anna, boris = people["anna"], people["boris"]
    for number in range(SEARCH_LIMIT + 5):
        create_lead(ctx, anna, LeadDraft(name=f"Client {number}"))
    create_lead(ctx, boris, LeadDraft(name="Client of Boris"))
    create_lead(ctx, anna, LeadDraft(name="100% Cotton_Ltd"))

    with ctx.db.read() as session:
        assert len(find_leads(session, "client")) == SEARCH_LIMIT
        assert [m.name for m in find_leads(session, "client of", owner_id=anna.id)] == []
        assert [m.name for m in find_leads(session, "client of", owner_id=boris.id)] == ["Client of Boris"]
        assert [m.name for m in find_leads(session, "0% c")] == ["100% Cotton_Ltd"]
        assert [m.name for m in find_leads(session, "n_l")] == ["100% Cotton_Ltd"]
        assert find_leads(session, "t%l") == ()
        assert lead_match(session, find_leads(session, "boris")[0].lead_id, owner_id=anna.id) is None
