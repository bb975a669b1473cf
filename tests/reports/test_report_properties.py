"""Property: a few random small days of work, written through the services, always give a report
that builds and renders in every format (for the team and for each manager)."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from salescockpit.clock import FixedClock
from salescockpit.config import Settings
from salescockpit.reports import FORMATS, build_report, render
from salescockpit.services.actor import load_actor
from salescockpit.services.calls import OUTCOMES, CallDraft, ObjectionDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.errors import ServiceError
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.stages import mark_junk, move_stage
from salescockpit.services.users import add_user
from salescockpit.store.engine import Database

MSK = ZoneInfo("Europe/Moscow")
START = datetime(2026, 11, 19, 8, 0, tzinfo=MSK)  # a Thursday morning
MANAGERS = ("anna", "boris")
STAGES = ("identification", "qualification", "personal_contact", "needs", "lost", "disqualified", "new")

# Any text but control characters: the services refuse those (tests/test_bad_input.py).
NAME_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs"))
lead_event = st.tuples(st.just("lead"), st.sampled_from(MANAGERS), st.text(NAME_CHARACTERS, min_size=1, max_size=12).filter(str.strip))
call_event = st.tuples(
    st.just("call"), st.integers(0, 9), st.sampled_from(sorted(OUTCOMES)), st.integers(0, 3600),
    st.sampled_from([None, "price", "no_budget"]), st.booleans(), st.sampled_from([None, 2, 30, 60 * 24]))
move_event = st.tuples(st.just("move"), st.integers(0, 9), st.sampled_from(STAGES))
junk_event = st.tuples(st.just("junk"), st.integers(0, 9), st.sampled_from(["spam", "duplicate"]))
events = st.lists(st.one_of(lead_event, call_event, move_event, junk_event), min_size=1, max_size=14)
gaps = st.lists(st.integers(1, 300), min_size=14, max_size=14)


def _apply(ctx, clock, event, leads) -> None:
    kind = event[0]
    owner = {login: load_actor(ctx, login) for login in MANAGERS}
    if kind == "lead":
        leads.append((create_lead(ctx, owner[event[1]], LeadDraft(name=event[2])), event[1]))
        return
    if not leads:
        return
    lead_id, login = leads[event[1] % len(leads)]
    actor = owner[login]
    if kind == "call":
        _kind, _index, outcome, duration, objection, handled, callback_minutes = event
        objections = () if objection is None else (ObjectionDraft(objection, handled, "answered" if handled else ""),)
        next_at = None if callback_minutes is None else clock.now() + timedelta(minutes=callback_minutes)
        log_call(ctx, actor, CallDraft(lead_id, "out", outcome, duration, objections=objections,
                                       next_callback_at=next_at, no_next_step_reason="none needed"))
    elif kind == "move":
        reasons = {"lost": {"lost_reason": "price"}, "disqualified": {"disqualify_reason": "spam"}}
        move_stage(ctx, actor, lead_id, event[2], **reasons.get(event[2], {}))
    else:
        mark_junk(ctx, actor, lead_id, event[2])


# No shrinking: each example builds a database, and shrinking one can take minutes.
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(story=events, minutes=gaps)
def test_random_days_build_and_render_in_every_format(story, minutes):
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(Path(folder) / "report.db")
        clock = FixedClock(START, tz=MSK)
        ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
        try:
            ensure_catalog(ctx)
            add_user(ctx, "olga", "Olga", "head")
            for login in MANAGERS:
                add_user(ctx, login, login.title(), "manager")
            leads: list[tuple[int, str]] = []
            for event, gap in zip(story, minutes, strict=False):
                clock.instant = clock.instant + timedelta(minutes=gap)
                try:
                    _apply(ctx, clock, event, leads)
                except ServiceError as refused:  # a refused move or call is part of a real day
                    assert refused.message
            clock.instant = clock.instant + timedelta(days=1)
            for day in (START.date(), START.date() + timedelta(days=1)):
                for manager in (None, *MANAGERS):
                    built = build_report(ctx, day, manager, actor=load_actor(ctx, "olga"))
                    for fmt in FORMATS:
                        data = render(built, fmt)
                        assert data
                    assert json.loads(render(built, "json"))["date"] == day.isoformat()
        finally:
            db.close()
