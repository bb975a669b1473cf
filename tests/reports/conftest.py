"""A small team with known events on two known days, written through the real services.

Thursday 19 and Friday 20 November 2026, Europe/Moscow (UTC+3). The clock is moved to each
event's local time before the service call, so every timestamp is exactly the story below.
`tests/reports/test_build.py` asserts the figures this story must give, on SQLite and on
PostgreSQL (tests/db_fixtures.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from salescockpit.clock import FixedClock
from salescockpit.config import Settings
from salescockpit.domain.scoring import Answer
from salescockpit.services.actor import load_actor
from salescockpit.services.callbacks import complete_callback
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.rechecks import record_recheck
from salescockpit.services.reviews import complete_action, record_lead_review, review_call
from salescockpit.services.stages import mark_junk, move_stage
from salescockpit.services.users import add_user
from tests.db_fixtures import *  # noqa: F403  (db_url on SQLite and PostgreSQL, and its hook)

MSK = ZoneInfo("Europe/Moscow")
THURSDAY = date(2026, 11, 19)
FRIDAY = date(2026, 11, 20)
EVIL_NAME = '=HYPERLINK("http://x")'
ALL_DONE = {key: Answer.DONE for key in (
    "greet", "confirm_contact", "decision_maker", "need", "budget", "timing", "next_step")}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=MSK)


@dataclass
class Story:
    ctx: ServiceContext
    clock: FixedClock
    leads: dict[str, int]
    callbacks: dict[str, int]


@pytest.fixture
def story(db) -> Story:
    return write_story(db)


def write_story(db) -> Story:
    """Write the story into the empty database ``db``; the clock ends at Monday 10:00."""
    clock = FixedClock(at(THURSDAY, 8), tz=MSK)
    ctx = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(ctx)
    people = (("olga", "Ольга Петрова", "head"), ("anna", "Анна Смирнова", "manager"),
              ("boris", "Борис Иванов", "manager"))
    for login, name, role in people:
        add_user(ctx, login, name, role)
    head, anna, boris = (load_actor(ctx, login) for login in ("olga", "anna", "boris"))

    def when(moment: datetime) -> None:
        clock.instant = moment.astimezone(ZoneInfo("UTC"))

    leads: dict[str, int] = {}
    callbacks: dict[str, int] = {}
    # Thursday ------------------------------------------------------------------
    when(at(THURSDAY, 9))
    leads["L1"] = create_lead(ctx, anna, LeadDraft(name=EVIL_NAME, company="ACME"))
    leads["L2"] = create_lead(ctx, boris, LeadDraft(name="Пётр Сидоров", company="-minus"))
    when(at(THURSDAY, 9, 30))
    c1 = log_call(ctx, anna, CallDraft(
        leads["L1"], "out", "reached", 300, next_callback_at=at(THURSDAY, 15),
        objections=(ObjectionDraft("price", False),)))
    callbacks["L1-thu"] = c1.callback_id
    when(at(THURSDAY, 10))
    log_call(ctx, boris, CallDraft(leads["L2"], "out", "no_answer", 0))
    when(at(THURSDAY, 12))
    c3 = log_call(ctx, boris, CallDraft(
        leads["L2"], "out", "callback_requested", 120, next_callback_at=at(THURSDAY, 16),
        objections=(ObjectionDraft("think_about_it", True, "sent the case study"),)))
    callbacks["L2-thu"] = c3.callback_id
    when(at(THURSDAY, 14))
    review_call(ctx, head, c1.call_id, ALL_DONE)
    when(at(THURSDAY, 14, 10))
    review_call(ctx, head, c3.call_id, ALL_DONE | {"decision_maker": Answer.MISSED},
                item_notes={"decision_maker": "never asked"})
    when(at(THURSDAY, 15, 30))
    c4 = log_call(ctx, anna, CallDraft(
        leads["L1"], "out", "meeting_set", 600, next_callback_at=at(FRIDAY, 11),
        fulfils_callback_id=callbacks["L1-thu"]))
    callbacks["L1-fri"] = c4.callback_id
    when(at(THURSDAY, 17))
    leads["L3"] = create_lead(ctx, anna, LeadDraft(name="Junk Co"))
    when(at(THURSDAY, 17, 10))
    mark_junk(ctx, anna, leads["L3"], "spam")
    when(at(THURSDAY, 17, 30))
    action_id = record_lead_review(ctx, head, leads["L1"], "action", "Send the offer")
    when(at(THURSDAY, 17, 40))
    move_stage(ctx, anna, leads["L1"], "identification")
    when(at(THURSDAY, 18, 30))
    leads["L4"] = create_lead(ctx, anna, LeadDraft(name="Late Evening Ltd"))
    # Friday --------------------------------------------------------------------
    when(at(FRIDAY, 9))
    complete_callback(ctx, boris, callbacks["L2-thu"])
    when(at(FRIDAY, 9, 15))
    c5 = log_call(ctx, anna, CallDraft(leads["L4"], "out", "reached", 60, next_callback_at=at(FRIDAY, 12)))
    callbacks["L4-fri"] = c5.callback_id
    when(at(FRIDAY, 10))
    record_recheck(ctx, head, leads["L3"], "returned", note="a real company")
    when(at(FRIDAY, 10, 50))
    log_call(ctx, anna, CallDraft(
        leads["L1"], "out", "reached", 30, next_callback_at=at(date(2026, 11, 23), 9),
        fulfils_callback_id=callbacks["L1-fri"], objections=(ObjectionDraft("price", True, "discount"),)))
    when(at(FRIDAY, 13))
    move_stage(ctx, head, leads["L2"], "identification", override_reason="checked the call")
    when(at(FRIDAY, 14))
    move_stage(ctx, boris, leads["L2"], "lost", lost_reason="price")
    bant = {"budget": True, "authority": True, "need": True, "timing": True}
    for minute, stage in ((0, "qualification"), (10, "personal_contact"), (20, "needs"), (30, "presentation")):
        when(at(FRIDAY, 15, minute))
        move_stage(ctx, anna, leads["L1"], stage, bant=bant if stage == "personal_contact" else None)
    when(at(FRIDAY, 16))
    move_stage(ctx, anna, leads["L1"], "won", value=50000)
    when(at(FRIDAY, 16, 30))
    complete_action(ctx, anna, action_id)
    when(at(FRIDAY, 17))
    review_call(ctx, head, c5.call_id, ALL_DONE | {"budget": Answer.MISSED, "timing": Answer.MISSED})
    when(at(FRIDAY, 17, 30))
    record_lead_review(ctx, head, leads["L2"], "ok")
    # The test instant: Monday 23 November, 10:00.
    when(at(date(2026, 11, 23), 10))
    return Story(ctx=ctx, clock=clock, leads=leads, callbacks=callbacks)

