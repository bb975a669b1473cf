"""Deterministic, realistic demo data: a sales team's last two months, fast at company scale.

`build_demo` fills an empty, migrated database: a head and six managers, leads across the
whole default pipeline, about ten calls per lead, callbacks (kept, late, open and overdue in
every bucket), objections, the head's call and lead reviews, junk marks and re-checks, and
each lead's stage history. The same seed always gives the same rows (one `random.Random`,
no wall clock). Bulk demo rows are not audited one by one: a single audit entry records
that the demo was built, and every lead and user is sealed (store/seals.py) in the same
transaction, so `doctor` can vouch for a fresh demo. 100k leads with 1M calls take well under two minutes on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timezone
from random import Random
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from salescockpit.domain.scoring import script_from_mapping
from salescockpit.i18n import _
from salescockpit.store.audit_chain import append, audit_row, chain_ready
from salescockpit.store.engine import Database
from salescockpit.store.rollups import refresh_lead_rollups
from salescockpit.store.seals import seal_all

from .activity import LeadActivity, review_patterns
from .listening import write_listening
from .story import DAY, LeadPlan, plan_lead
from .writer import BulkWriter, bulk_writer

__all__ = ["DemoSummary", "build_demo", "DEMO_USERS", "is_demo_database", "summary_sentence"]

#: The audit row every demo build writes; its ``field`` says "demo" when `salescockpit demo` made the
#: whole database (so `demo` may replace it later), and stays empty for `seed` into a user's database.
BUILT_ACTION = "demo_built"
DEMO_MARK = "demo"

#: (login, display name, role, speaks Russian, junk bias: how readily the manager calls a lead junk)
DEMO_USERS = (
    ("head", "Ольга Смирнова", "head", True, 0.0),
    ("ivanov", "Алексей Иванов", "manager", True, 1.6),
    ("petrova", "Мария Петрова", "manager", True, 0.8),
    ("smith", "John Smith", "manager", False, 1.3),
    ("kuznetsov", "Дмитрий Кузнецов", "manager", True, 1.0),
    ("jones", "Emily Jones", "manager", False, 0.7),
    ("sokolova", "Анна Соколова", "manager", True, 0.9),
)
CALLS_PER_LEAD = 10
CHUNK = 5000  # leads generated and written per batch


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo wrote."""

    users: int
    leads: int
    calls: int
    callbacks: int
    call_reviews: int
    review_items: int
    objections: int
    rechecks: int
    lead_reviews: int
    stage_moves: int


def build_demo(db: Database, *, leads: int = 400, seed: int = 1, now: datetime, tz: ZoneInfo,
               progress: Callable[[str], None] | None = None, fast: bool | str | None = None,
               rollups: bool = True, mark_as_demo: bool = False, daily_control: bool = False) -> DemoSummary:
    """Fill the empty database ``db`` with demo data as of ``now``; refuse one that has leads.

    ``now`` is the instant the data is "as of" (the CLI passes the real now, tests a fixed one);
    ``tz`` the team timezone (working hours, calendar days). ``fast`` None uses the raw sqlite3
    path on SQLite and SQLAlchemy Core elsewhere; ``"copy"`` PostgreSQL's COPY for the benchmark
    (no history trail, no seals: demo/copy_writer.py). Raises ValueError for a database with leads.
    ``mark_as_demo`` marks the database as a demo's own (see `is_demo_database`).
    ``daily_control`` plays the head's last working mornings through the services
    (`daily_control.py`), so the first morning fits in the capacity; the CLI's demos do (up to
    `daily_control.CONTROL_MAX_LEADS` leads: a bigger team is more than one head's mornings).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    if leads < 0:
        raise ValueError("leads cannot be negative")
    report = progress or (lambda _message: None)
    with db.read() as session:
        if session.connection().exec_driver_sql("SELECT COUNT(*) FROM leads").scalar():
            raise ValueError(_refusal(db))
    report(_("Seeding scripts and objection types"))
    _seed_catalog(db, now, tz)
    rng = Random(seed)
    now_s = int(now.timestamp())
    local_day = datetime.fromtimestamp(now_s, tz).date()
    midnight = int(datetime.combine(local_day, time(0), tz).timestamp())
    with bulk_writer(db, fast=fast) as writer:
        if writer.query("SELECT COUNT(*) FROM leads")[0][0]:
            raise ValueError(_refusal(db))
        users = _write_users(writer, now_s)
        head = users["head"]
        managers = [(users[login], russian, bias) for login, _n, role, russian, bias in DEMO_USERS if role == "manager"]
        scripts, patterns = _scripts(writer, rng)
        objection_types = {key: type_id for type_id, key in writer.query(
            "SELECT id, key FROM objection_types WHERE active ORDER BY id")}
        first_lead = writer.next_id("leads")
        report(_("Planning {count} leads").format(count=leads))
        plans = [plan_lead(rng, first_lead + index, now_s, managers, head, midnight, tz) for index in range(leads)]
        counts = share_calls(plans, CALLS_PER_LEAD * leads)
        activity = LeadActivity(rng, writer, now=now_s, tz=tz, midnight=midnight, head=head, scripts=scripts,
                                patterns=patterns, objection_types=objection_types)
        for start in range(0, leads, CHUNK):
            for plan, count in zip(plans[start:start + CHUNK], counts[start:start + CHUNK]):
                activity.write(plan, count)
            writer.flush()
            report(_("Leads written: {done} of {total}").format(done=min(start + CHUNK, leads), total=leads))
        write_listening(writer, seed)
        written = writer.written
        built = datetime.fromtimestamp(now_s, timezone.utc)
        summary = f"seed={seed} leads={leads} calls={written['calls']}"
        mark = DEMO_MARK if mark_as_demo else ""
        seal = writer.seals
        writer.before_commit.append(
            lambda connection: _audit_and_seal(connection, built, head, summary, mark, report, seal=seal))
    if rollups:  # False only to fill a database at an older schema (upgrade tests)
        if not writer.rollups_done:  # the COPY path sums them up itself
            report(_("Summing up each lead for the review queue"))
            with db.write() as session:
                refresh_lead_rollups(session.connection())
        from sqlalchemy import inspect

        from .money import build_demo_money, statement_path_for  # the won leads' clients, contracts, payments

        with db.read() as session:  # a database at an older schema (upgrade tests) has no money tables
            has_money = inspect(session.connection()).has_table("clients")
        if has_money:
            report(_("Writing the clients' contracts and payments"))
            build_demo_money(db, seed=seed, now=now, tz=tz, statement=statement_path_for(db.url))
            from .campaign import build_demo_campaign  # a campaign under way over those clients

            build_demo_campaign(db, now=now, tz=tz)
        from .daily_control import CONTROL_MAX_LEADS, build_demo_control

        if daily_control and leads <= CONTROL_MAX_LEADS:

            report(_("Playing the head's last mornings of daily control"))
            build_demo_control(db, seed=seed, now=now, tz=tz)
    return DemoSummary(
        users=written["users"], leads=written["leads"], calls=written["calls"], callbacks=written["callbacks"],
        call_reviews=written["call_reviews"], review_items=written["call_review_items"],
        objections=written["call_objections"], rechecks=written["rechecks"], lead_reviews=written["lead_reviews"],
        stage_moves=written["stage_history"],
    )


def _audit_and_seal(connection: Connection, at: datetime, head: int, summary: str, mark: str,
                    report: Callable[[str], None], *, seal: bool = True) -> None:
    """One "demo_built" audit row, then a seal for every lead and user the demo wrote (same transaction)."""
    append(connection, [audit_row(at, head, BUILT_ACTION, "database", None, field=mark, new=summary)])
    if seal and chain_ready(connection):
        report(_("Sealing every lead for the audit trail"))
        seal_all(connection, at, head)


def is_demo_database(db: Database, *, or_seeded: bool = False) -> bool:
    """Whether ``db`` was made whole by `salescockpit demo` (its marker audit row is there).

    ``or_seeded`` also accepts any demo build (`seed`, and demos made before the marker existed).
    """
    from sqlalchemy import inspect, text

    with db.engine.connect() as connection:
        if not inspect(connection).has_table("audit_log"):
            return False
        marks = (DEMO_MARK, "") if or_seeded else (DEMO_MARK,)
        query = text("SELECT field FROM audit_log WHERE action = :action AND entity = 'database'")
        found = connection.execute(query, {"action": BUILT_ACTION}).scalars()
        return any(field in marks for field in found)


def summary_sentence(summary: DemoSummary) -> str:
    """What the demo wrote, as a sentence for people."""
    return _(
        "{users} users and {leads} leads, with {calls} calls, {callbacks} callbacks, {call_reviews} scored calls, "
        "{objections} objections, {rechecks} re-checks, {lead_reviews} lead reviews and {stage_moves} stage moves."
    ).format(
        leads=summary.leads, users=summary.users, calls=summary.calls, callbacks=summary.callbacks,
        call_reviews=summary.call_reviews, objections=summary.objections, rechecks=summary.rechecks,
        lead_reviews=summary.lead_reviews, stage_moves=summary.stage_moves,
    )


def _refusal(db: Database) -> str:
    return _("The database {name} already has leads; the demo needs an empty database.").format(
        name=db.display_name)


def share_calls(plans: list[LeadPlan], total: int) -> list[int]:
    """Share ``total`` calls over the leads by weight: each callable lead gets at least one.

    A lead's weight is its stage's call weight, damped for leads that have had little time.
    """
    weights = [
        plan.call_weight * min(1.0, (plan.call_end - plan.created) / (10 * DAY)) ** 0.5 if plan.call_weight else 0.0
        for plan in plans
    ]
    callable_leads = [index for index, weight in enumerate(weights) if weight > 0]
    counts = [0] * len(plans)
    if not callable_leads:
        return counts
    if total < len(callable_leads):
        for index in callable_leads[:total]:
            counts[index] = 1
        return counts
    spare, weight_sum = total - len(callable_leads), sum(weights)
    fractions = []
    for index in callable_leads:
        share = weights[index] * spare / weight_sum
        whole = int(share)
        counts[index] = 1 + whole
        fractions.append((whole - share, index))
    fractions.sort()
    for _fraction, index in fractions[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _seed_catalog(db: Database, now: datetime, tz: ZoneInfo) -> None:
    """The default scripts and objection types, through the catalog service."""
    from salescockpit.clock import FixedClock
    from salescockpit.config import Settings
    from salescockpit.services.catalog import ensure_catalog
    from salescockpit.services.context import ServiceContext

    zone = getattr(tz, "key", None) or "UTC"
    clock = FixedClock(now.astimezone(timezone.utc), tz)
    ensure_catalog(ServiceContext(db=db, clock=clock, settings=Settings(timezone=zone)))


def _write_users(writer: BulkWriter, now: int) -> dict[str, int]:
    """The demo team, reusing any user that already has one of its logins."""
    users = {login: user_id for user_id, login in writer.query("SELECT id, login FROM users")}
    next_id = writer.next_id("users")
    for login, name, role, _russian, _bias in DEMO_USERS:
        if login not in users:
            users[login] = next_id
            writer.rows["users"].append((next_id, login, name, role, True, writer.stamp(now - 90 * DAY)))
            next_id += 1
    writer.flush()
    return users


def _scripts(writer: BulkWriter, rng: Random) -> tuple[tuple[int, int], dict[int, list[tuple]]]:
    """(first-contact script id, presentation script id) and the review patterns of each."""
    rows = writer.query("SELECT id, name, definition FROM scripts WHERE is_current ORDER BY id")
    if not rows:
        raise ValueError("the catalog has no current script")
    by_name = {name: script_id for script_id, name, _definition in rows}
    first = by_name.get("First contact", rows[0][0])
    late = by_name.get("Presentation & closing", rows[-1][0])
    patterns = {
        script_id: review_patterns(rng, script_from_mapping(json.loads(definition)))
        for script_id, _name, definition in rows if script_id in (first, late)
    }
    return (first, late), patterns
