"""What must not depend on the database: the order of names, Unicode search, aware UTC instants.

Each test runs on SQLite and on PostgreSQL (tests/db_fixtures.py). The test server sorts text by
a linguistic (ICU) collation like a production server, SQLite by bytes: any list left to
``ORDER BY name`` comes back in a different order on one of them, and fails here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from salescockpit.config import Settings
from salescockpit.domain.scoring import DEFAULT_SCRIPTS
from salescockpit.reports import build_report
from salescockpit.services.actor import load_actor
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.errors import InvalidInput
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.phone_import import import_phone_file
from salescockpit.services.scripts import list_scripts, save_script
from salescockpit.services.stages import mark_junk
from salescockpit.services.users import add_user, list_users
from salescockpit.store.queries.board import board_owners
from salescockpit.store.queries.callbacks import team_members
from salescockpit.store.queries.compliance import compliance_by_manager
from salescockpit.store.queries.leads import find_leads
from salescockpit.store.queries.objections import objection_ledger
from salescockpit.store.queries.rechecks import recheck_stats
from salescockpit.store.tables import Call, CallReview, Lead, Script, User
from tests.conftest import TEST_NOW

#: Managers whose byte order and linguistic order differ: case, Cyrillic Ё, punctuation in logins.
MANAGERS = (
    ("a_b", "anna Lee"),
    ("a-b", "Boris Kim"),
    ("a1", "Ёлкин Пётр"),
    ("zed", "Анна Смирнова"),
    ("b.c", "Ежов Иван"),
)
BY_NAME = ["anna Lee", "Boris Kim", "Анна Смирнова", "Ежов Иван", "Ёлкин Пётр"]  # casefolded, Ё as Е
BY_LOGIN = ["a-b", "a1", "a_b", "b.c", "zed"]  # logins are ASCII: code point order


@pytest.fixture
def ctx(db, clock):
    context = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(context)
    add_user(context, "olga", "Ольга Петрова", "head")
    for login, name in MANAGERS:
        add_user(context, login, name, "manager")
    return context


def _read(ctx, query, *args, **kwargs):
    with ctx.db.read() as session:
        return query(session, *args, **kwargs)


def test_people_are_listed_by_casefolded_name_on_any_database(ctx, clock):
    head = load_actor(ctx, "olga")
    for login, _name in MANAGERS:  # each manager takes a call with an objection and writes a lead off
        manager = load_actor(ctx, login)
        lead_id = create_lead(ctx, manager, LeadDraft(name=f"Lead of {login}"))
        log_call(ctx, manager, CallDraft(lead_id, "out", "reached", 60, no_next_step_reason="test",
                                         objections=(ObjectionDraft("price", False),)))
        mark_junk(ctx, manager, lead_id, "spam")
    since, until = clock.now() - timedelta(days=1), clock.now() + timedelta(days=1)

    assert [o.name for o in _read(ctx, board_owners)] == [*BY_NAME, "Ольга Петрова"]  # managers first
    assert [m.name for m in _read(ctx, team_members)] == [*BY_NAME, "Ольга Петрова"]
    assert [row.name for row in _read(ctx, compliance_by_manager, since, until)] == BY_NAME
    assert [row.name for row in _read(ctx, recheck_stats, since, until)] == BY_NAME
    assert [person.name for person in _read(ctx, objection_ledger, since, until).managers] == BY_NAME
    assert [user.login for user in list_users(ctx)] == sorted([*BY_LOGIN, "olga"])
    report = build_report(ctx, clock.today())
    assert [manager.login for manager in report.managers] == BY_LOGIN
    assert head.is_head


def test_scripts_are_listed_by_casefolded_name(ctx):
    head = load_actor(ctx, "olga")
    template = DEFAULT_SCRIPTS[0]
    for name in ("follow-up", "Second call", "Ёмкий", "Анкета"):
        save_script(ctx, head, template.__class__(**{**template.__dict__, "name": name}))
    names = [script.name for script in list_scripts(ctx)]
    assert names.index("follow-up") < names.index("Second call") < names.index("Анкета") < names.index("Ёмкий")
    assert names == sorted(names, key=str.casefold)


def test_an_average_score_is_rounded_the_same_way_everywhere(ctx, clock):
    """33.3 and 33.4 average 33.35: summed as floats that is 33.3499..., which Python's round
    makes 33.3; in exact tenths, half-even, it is 33.4 on both databases, as in the report."""
    manager, head = load_actor(ctx, "a_b"), load_actor(ctx, "olga")
    lead_id = create_lead(ctx, manager, LeadDraft(name="Lead"))
    call_ids = [log_call(ctx, manager, CallDraft(lead_id, "out", "reached", 60, no_next_step_reason="test")).call_id
                for _ in range(2)]
    with ctx.db.write() as session:
        script_id = session.scalars(select(Script.id)).first()
        for call_id, score in zip(call_ids, (33.3, 33.4)):
            session.add(CallReview(call_id=call_id, reviewer_id=head.id, script_id=script_id, score=score,
                                   passed=False, failed_critical=False, created_at=clock.now()))
    since, until = clock.now() - timedelta(days=1), clock.now() + timedelta(days=1)
    figures = {row.login: row for row in _read(ctx, compliance_by_manager, since, until)}
    assert figures["a_b"].average_score == 33.4 and figures["a-b"].average_score is None


def test_numbers_beyond_postgresqls_integer_are_refused_clearly_on_both(ctx, tmp_path):
    """SQLite would store them and PostgreSQL fail with a bare driver error: both refuse them first."""
    head = load_actor(ctx, "olga")
    with pytest.raises(InvalidInput) as refused:
        create_lead(ctx, head, LeadDraft(name="Too big", value=2_147_483_648, owner_login="a_b"))
    assert refused.value.field == "value" and "too large" in refused.value.message
    biggest = create_lead(ctx, head, LeadDraft(name="Biggest", value=2_147_483_647, owner_login="a_b"))
    with ctx.db.read() as session:
        assert session.get(Lead, biggest).value == 2_147_483_647
    log = tmp_path / "pbx.csv"
    log.write_text("time,number,duration\n2026-11-23 09:00,+74951234567,700000:00:00\n"
                   "2026-11-23 09:05,+74951234567,1:15\n", encoding="utf-8")
    result = import_phone_file(ctx, head, log)
    assert (result.read, result.imported, len(result.problems)) == (2, 1, 1)


def test_search_folds_case_in_any_script(ctx):
    manager = load_actor(ctx, "a_b")
    ivanov = create_lead(ctx, manager, LeadDraft(name="Пётр Иванов", company="ЁЖИК и Ко"))
    create_lead(ctx, manager, LeadDraft(name="Straße GmbH"))
    with ctx.db.read() as session:
        assert [m.lead_id for m in find_leads(session, "иванов")] == [ivanov]
        assert [m.lead_id for m in find_leads(session, "ИВАНОВ")] == [ivanov]
        assert [m.lead_id for m in find_leads(session, "ёжик")] == [ivanov]
        assert [m.name for m in find_leads(session, "STRASSE")] == ["Straße GmbH"]  # casefold, not lower()
        assert find_leads(session, "иванова") == ()


def test_instants_read_back_aware_utc_whatever_zone_they_were_written_in(ctx, clock):
    manager = load_actor(ctx, "a_b")
    lead_id = create_lead(ctx, manager, LeadDraft(name="Lead"))
    vladivostok = timezone(timedelta(hours=10))
    started = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=vladivostok)
    call_id = log_call(ctx, manager, CallDraft(lead_id, "out", "no_answer", 0, started_at=started)).call_id
    with ctx.db.read() as session:
        call = session.get(Call, call_id)
        lead = session.get(Lead, lead_id)
        core = session.execute(select(Call.__table__.c.started_at).where(Call.__table__.c.id == call_id)).scalar_one()
        users = session.scalars(select(User.created_at)).all()
    for moment in (call.started_at, core, lead.created_at, *users):
        assert moment.tzinfo is timezone.utc
    assert call.started_at == core == started
    assert call.started_at.isoformat() == "2026-11-22T23:30:15.123456+00:00"
    assert lead.created_at == TEST_NOW and clock.today() == date(2026, 11, 23)
