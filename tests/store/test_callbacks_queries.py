"""The callbacks screen's queries: what is due before the end of the day, promises kept, calls since."""

from __future__ import annotations

from datetime import timedelta

import pytest

from salescockpit.clock import local_day_bounds
from salescockpit.config import Settings
from salescockpit.domain.callbacks import promise_kept_ratio
from salescockpit.services.actor import load_actor
from salescockpit.services.callbacks import cancel_callback, complete_callback, reschedule_callback, schedule_callback
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.users import add_user, deactivate_user
from salescockpit.store.queries.callbacks import calls_since, due_callbacks, promise_history, team_members


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


def _end_of_today(clock):
    return local_day_bounds(clock.today(), clock.tz)[1]


def test_due_callbacks_are_open_ones_due_before_the_cut_off_oldest_first(ctx, clock, people):
    anna, boris = people["anna"], people["boris"]
    start = clock.now()
    lead_a = create_lead(ctx, anna, LeadDraft(name="Lead A", company="Alpha"))
    lead_b = create_lead(ctx, boris, LeadDraft(name="Lead B"))
    early = schedule_callback(ctx, anna, lead_a, start + timedelta(minutes=30), note="prices")
    tonight = schedule_callback(ctx, boris, lead_b, start + timedelta(hours=8))
    schedule_callback(ctx, anna, lead_a, start + timedelta(days=2))  # tomorrow and later: not listed
    kept = schedule_callback(ctx, anna, lead_a, start + timedelta(minutes=40))
    dropped = schedule_callback(ctx, boris, lead_b, start + timedelta(minutes=50))
    complete_callback(ctx, anna, kept)
    cancel_callback(ctx, boris, dropped, "lead asked to stop")
    clock.advance(timedelta(hours=3))  # now `early` is 2.5 h overdue

    with ctx.db.read() as session:
        every = due_callbacks(session, before=_end_of_today(clock))
        annas = due_callbacks(session, before=_end_of_today(clock), owner_id=anna.id)

    assert [row.callback_id for row in every] == [early, tonight]
    first = every[0]
    assert (first.lead_name, first.company, first.owner_login, first.note) == ("Lead A", "Alpha", "anna", "prices")
    assert first.due_at.tzinfo is not None and first.created_at == start
    assert [row.callback_id for row in annas] == [early]


def test_promise_history_skips_cancelled_ones_and_feeds_the_kept_ratio(ctx, clock, people):
    anna = people["anna"]
    lead = create_lead(ctx, anna, LeadDraft(name="Lead"))
    start = clock.now()
    on_time = schedule_callback(ctx, anna, lead, start + timedelta(hours=1))
    late = schedule_callback(ctx, anna, lead, start + timedelta(hours=2))
    schedule_callback(ctx, anna, lead, start + timedelta(hours=3))  # never done
    cancelled = schedule_callback(ctx, anna, lead, start + timedelta(hours=4))
    clock.advance(timedelta(minutes=30))
    complete_callback(ctx, anna, on_time)
    cancel_callback(ctx, anna, cancelled, "no longer needed")
    clock.advance(timedelta(hours=5))
    complete_callback(ctx, anna, late)

    with ctx.db.read() as session:
        history = promise_history(session, start=start, end=clock.now())
        nobody = promise_history(session, start=start, end=clock.now(), owner_id=people["boris"].id)

    assert set(history) == {anna.id} and len(history[anna.id]) == 3
    assert promise_kept_ratio(history[anna.id], start, clock.now()) == pytest.approx(1 / 3)
    assert nobody == {}


def test_calls_since_lists_the_leads_calls_after_the_promise_newest_first(ctx, clock, people):
    anna = people["anna"]
    lead = create_lead(ctx, anna, LeadDraft(name="Lead"))
    other = create_lead(ctx, anna, LeadDraft(name="Other"))
    log_call(ctx, anna, CallDraft(lead, "out", "no_answer", 0))
    clock.advance(timedelta(minutes=10))
    promised_at = clock.now()
    clock.advance(timedelta(minutes=10))
    first = log_call(ctx, anna, CallDraft(lead, "out", "busy", 0)).call_id
    clock.advance(timedelta(minutes=10))
    second = log_call(ctx, anna, CallDraft(lead, "in", "no_answer", 30, notes="left a message")).call_id
    log_call(ctx, anna, CallDraft(other, "out", "busy", 0))

    with ctx.db.read() as session:
        found = calls_since(session, lead, promised_at)

    assert [call.call_id for call in found] == [second, first]
    assert (found[0].manager_name, found[0].notes, found[0].duration_seconds) == ("Анна Смирнова", "left a message", 30)


def test_team_members_are_the_active_users_by_name(ctx, people):
    deactivate_user(ctx, people["olga"], "boris")
    with ctx.db.read() as session:
        members = team_members(session)
        only_anna = team_members(session, user_id=people["anna"].id)
    assert [member.login for member in members] == ["anna", "olga"]
    assert [(m.login, m.role) for m in only_anna] == [("anna", "manager")]


def test_postponing_or_cancelling_an_overdue_callback_does_not_improve_promises_kept(ctx, clock, people):
    anna = people["anna"]
    lead = create_lead(ctx, anna, LeadDraft(name="Lead"))
    start = clock.now()
    kept = schedule_callback(ctx, anna, lead, start + timedelta(hours=1))
    forgotten = schedule_callback(ctx, anna, lead, start + timedelta(hours=2))
    dropped = schedule_callback(ctx, anna, lead, start + timedelta(hours=3))
    withdrawn = schedule_callback(ctx, anna, lead, start + timedelta(hours=4))
    clock.advance(timedelta(minutes=30))
    complete_callback(ctx, anna, kept)
    cancel_callback(ctx, anna, withdrawn, "the lead asked us not to call")  # before it was due: not a promise
    clock.advance(timedelta(hours=5))  # `forgotten` and `dropped` are overdue now

    def ratio():
        with ctx.db.read() as session:
            history = promise_history(session, start=start, end=clock.now(), owner_id=anna.id)
        return promise_kept_ratio(history.get(anna.id, []), start, clock.now())

    assert ratio() == pytest.approx(1 / 3)
    reschedule_callback(ctx, anna, forgotten, clock.now() + timedelta(days=1), "client asked for next week")
    cancel_callback(ctx, anna, dropped, "no longer interested")
    assert ratio() == pytest.approx(1 / 3)


def test_the_callback_a_call_settles_is_the_owners_earliest_due_or_overdue_one(ctx, clock, people):
    from salescockpit.services.callbacks import reassign_callback
    from salescockpit.store.queries.callbacks import callback_to_settle

    anna, olga = people["anna"], people["olga"]
    lead = create_lead(ctx, anna, LeadDraft(name="Lead"))
    start = clock.now()
    overdue = schedule_callback(ctx, anna, lead, start + timedelta(minutes=30))
    schedule_callback(ctx, anna, lead, start + timedelta(hours=2))  # due later today: the older one comes first
    handed = schedule_callback(ctx, anna, lead, start + timedelta(minutes=10))
    reassign_callback(ctx, olga, handed, "boris")  # owed by someone else: not this owner's promise
    clock.advance(timedelta(hours=1))

    with ctx.db.read() as session:
        found = callback_to_settle(session, lead, before=_end_of_today(clock), viewer=anna)
        nothing_yet = callback_to_settle(session, lead, before=start + timedelta(minutes=20))
    assert (found.callback_id, found.due_at) == (overdue, start + timedelta(minutes=30))
    assert nothing_yet is None
