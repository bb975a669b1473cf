"""A small team for the visibility tests, written through the real services on Friday 20 Nov 2026.

The head Olga and two managers, Anna and Boris. Each manager has a lead with a call (an open
objection, a callback that goes overdue, a failed review), a pending action from the head and a
lead marked junk. Anna also worked a lead that the head then handed to Boris (`lead reassign`):
from then on it is Boris's, with Anna's calls on it. A phone log has calls nobody logged on each
side, one of them from an unknown extension. Everything of Boris's carries "Secret" in its name
or company and a phone that appears nowhere else, so a leak is a plain text search.

The clock ends on Monday 23 November, 10:00 Moscow (the tests' usual instant).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from salescockpit.clock import FixedClock
from salescockpit.config import Settings
from salescockpit.domain.scoring import Answer
from salescockpit.services.transcripts import import_transcript_text
from salescockpit.services.actor import Actor, load_actor
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.phone_import import import_phone_file
from salescockpit.services.reassign import reassign_leads
from salescockpit.services.rechecks import record_recheck
from salescockpit.services.reviews import record_lead_review, review_call
from salescockpit.services.stages import mark_junk
from salescockpit.services.users import add_user

MSK = ZoneInfo("Europe/Moscow")
FRIDAY = date(2026, 11, 20)
MONDAY = date(2026, 11, 23)
ALL_MISSED = {key: Answer.MISSED for key in (
    "greet", "confirm_contact", "decision_maker", "need", "budget", "timing", "next_step")}

#: What only Boris's leads carry: found in anything Anna reads, it is a leak (compare casefolded).
SECRETS = ("secret", "777-88-99", "7778899", "444-55-66", "4445566")
#: What Anna's own leads carry (her outputs must show them: the searches are not vacuous).
ANNA_MARK = "Anna Visible Lead"

PHONE_LOG = """time,direction,number,duration,answered,extension
2026-11-20 15:00:00,out,+7 916 777-88-99,45,yes,boris
2026-11-20 15:10:00,out,+7 495 111-11-11,30,yes,anna
2026-11-20 16:00:00,out,+7 916 777-88-99,20,yes,999
2026-11-20 16:20:00,out,+7 903 444-55-66,25,yes,boris
"""


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=MSK)


@dataclass
class Team:
    ctx: ServiceContext
    clock: FixedClock
    head: Actor
    anna: Actor
    boris: Actor
    leads: dict[str, int]
    calls: dict[str, int]

    @property
    def boris_lead_ids(self) -> set[int]:
        """Every lead that is Boris's now (the handed-over one included)."""
        return {self.leads[key] for key in ("boris", "boris_junk", "handed")}

    @property
    def anna_lead_ids(self) -> set[int]:
        return {self.leads[key] for key in ("anna", "anna_junk")}


def build_team(db, folder: Path) -> Team:
    """Write the team's Friday into the empty database ``db``; ``folder`` holds the phone log file."""
    clock = FixedClock(at(FRIDAY, 8), tz=MSK)
    settings = replace(Settings(timezone="Europe/Moscow"), phone_extensions={})
    ctx = ServiceContext(db=db, clock=clock, settings=settings)
    ensure_catalog(ctx)
    for login, name, role in (("olga", "Ольга Петрова", "head"), ("anna", "Анна Смирнова", "manager"),
                              ("boris", "Борис Иванов", "manager")):
        add_user(ctx, login, name, role)
    head, anna, boris = (load_actor(ctx, login) for login in ("olga", "anna", "boris"))

    def when(hour: int, minute: int = 0, day: date = FRIDAY) -> None:
        clock.instant = at(day, hour, minute).astimezone(ZoneInfo("UTC"))

    leads: dict[str, int] = {}
    calls: dict[str, int] = {}
    when(9)
    leads["anna"] = create_lead(ctx, anna, LeadDraft(name=ANNA_MARK, company="Alpha Works",
                                                     phone="+7 495 111-11-11", email="alpha@example.com"))
    leads["handed"] = create_lead(ctx, anna, LeadDraft(name="Handed Secret Lead", company="Handover Secret Co",
                                                       phone="+7 903 444-55-66"))
    leads["boris"] = create_lead(ctx, boris, LeadDraft(name="Boris Secret Lead", company="Bravo Secret Co",
                                                       phone="+7 916 777-88-99", email="bravo@secret.example"))
    price = (ObjectionDraft("price", False),)
    for minute, (who, key) in zip((30, 40, 50), ((anna, "anna"), (anna, "handed"), (boris, "boris"))):
        when(9, minute)
        logged = log_call(ctx, who, CallDraft(leads[key], "out", "reached", 120, notes=f"talked to {key}",
                                              next_callback_at=at(FRIDAY, 11), objections=price))
        calls[key] = logged.call_id
    when(10)
    leads["anna_junk"] = create_lead(ctx, anna, LeadDraft(name="Anna Junk Lead"))
    leads["boris_junk"] = create_lead(ctx, boris, LeadDraft(name="Boris Secret Junk", phone="+7 916 777-88-90"))
    mark_junk(ctx, anna, leads["anna_junk"], "spam")
    mark_junk(ctx, boris, leads["boris_junk"], "spam")
    when(11, 30)
    for key in ("anna", "handed", "boris"):  # transcripts (issue 20): Boris's and the handed call's name secrets
        words = "какой у вас бюджет" if key == "anna" else f"какой бюджет у {key} secret"
        import_transcript_text(ctx, head, calls[key], f"1\n00:00:01,000 --> 00:00:02,000\nМенеджер: {words}?\n", "t.srt")
    when(12)
    for key in ("anna", "handed", "boris"):
        review_call(ctx, head, calls[key], ALL_MISSED, item_notes={item: "missed" for item in ALL_MISSED})
    when(12, 10)
    for key in ("anna", "boris"):
        record_lead_review(ctx, head, leads[key], "action", f"Call {key} back today")
    record_lead_review(ctx, head, leads["handed"], "action", "Send the handed lead an offer")
    when(12, 30)
    record_recheck(ctx, head, leads["anna_junk"], "confirmed", note="not a company")  # Boris's still waits
    when(13)
    reassign_leads(ctx, head, "anna", "boris", [leads["handed"]])
    when(17)
    log_file = folder / "pbx.csv"
    log_file.write_text(PHONE_LOG, encoding="utf-8")
    import_phone_file(ctx, head, log_file)
    when(10, day=MONDAY)
    return Team(ctx=ctx, clock=clock, head=head, anna=anna, boris=boris, leads=leads, calls=calls)
