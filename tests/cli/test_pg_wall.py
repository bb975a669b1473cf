"""PostgreSQL is the wall: a manager connected with their own role, by psycopg directly (not
through salescockpit), reads and writes only what is theirs; the head sees everything.

The database is set up the way docs/deploy.md says: `salescockpit db init URL` as the server's
administrator, `user add` for a head and two managers (each a LOGIN role), leads imported by the
head connected as the head, a call logged by each manager through the services with their own
role. Needs SALESCOCKPIT_TEST_PG (see tests/db_fixtures.py); skipped without it. The test server
trusts 127.0.0.1, so a role connects without a password (the password path is tested apart).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from salescockpit.cli import main
from salescockpit.clock import FixedClock
from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.context import ServiceContext
from salescockpit.store.engine import Database
from tests.db_fixtures import postgres_server  # noqa: F401  (the fixture)

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


class Wall:
    """The database under test: URLs per role, and the ids the attacks aim at."""

    def __init__(self, admin_url: str, suffix: str) -> None:
        self.admin_url = admin_url
        self.head, self.anna, self.boris = (f"{name}_{suffix}" for name in ("head", "anna", "boris"))
        self.ids: dict[str, int] = {}

    def url(self, login: str) -> str:
        return make_url(self.admin_url).set(username=login).render_as_string(hide_password=False)

    def connect(self, login: str) -> psycopg.Connection:
        """A plain psycopg connection as ``login`` (autocommit: each statement stands alone)."""
        url = make_url(self.url(login))
        return psycopg.connect(host=url.host, port=url.port, user=login, dbname=url.database, autocommit=True)

    def cli(self, login: str, *args: str, user: str | None = None):
        environment = {"SALESCOCKPIT_CONFIG": "/nonexistent/config.toml", "SALESCOCKPIT_DB": "",
                       "SALESCOCKPIT_USER": "", "SALESCOCKPIT_TIMEZONE": "Europe/Moscow"}
        command, *rest = args
        extra = ["--user", user] if user else []
        url = self.admin_url if login == "admin" else self.url(login)
        return CliRunner().invoke(main, [*command.split(), "--db", url, *extra, *rest], env=environment)

    def context(self, login: str) -> ServiceContext:
        return ServiceContext(db=Database.open(self.url(login)), clock=FixedClock(NOW), settings=Settings())


def _admin(url, database: str | None) -> psycopg.Connection:
    """The test server's administrator (autocommit), on ``database``."""
    url = make_url(url) if isinstance(url, str) else url
    return psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=database, autocommit=True)


def _log_call(wall: Wall, login: str, lead_id: int, notes: str) -> int:
    ctx = wall.context(login)
    try:
        actor = load_actor(ctx, login)
        draft = CallDraft(lead_id=lead_id, direction="out", outcome="no_answer", duration_seconds=30, notes=notes,
                          started_at=NOW)
        return log_call(ctx, actor, draft).call_id
    finally:
        ctx.db.close()


@pytest.fixture(scope="module")
def wall(postgres_server, tmp_path_factory):  # noqa: F811
    suffix = uuid.uuid4().hex[:6]
    with postgres_server.fresh(migrated=False) as url:
        wall = Wall(url, suffix)
        try:
            initialised = wall.cli("admin", "db init", url)
            assert initialised.exit_code == 0, initialised.output
            for login, role, acting in ((wall.head, "head", None), (wall.anna, "manager", wall.head),
                                        (wall.boris, "manager", wall.head)):
                added = wall.cli("admin", "user add", login, "--name", login.title(), "--role", role, "--no-password",
                                 user=acting)
                assert added.exit_code == 0, added.output
            source = tmp_path_factory.mktemp("wall") / "leads.csv"
            source.write_text(f"name,company,phone,owner\nIvan Petrov,Acme,+79161234567,{wall.anna}\n"
                              f"Maria Sokolova,Mill,+79161234568,{wall.boris}\n", encoding="utf-8")
            imported = wall.cli(wall.head, "import leads", str(source))
            assert imported.exit_code == 0, imported.output
            with wall.connect(wall.head) as head:
                for login in (wall.anna, wall.boris):
                    wall.ids[f"{login}_lead"] = head.execute(
                        "SELECT leads.id FROM leads JOIN users ON users.id = leads.owner_id WHERE users.login = %s",
                        (login,)).fetchone()[0]
            for login in (wall.anna, wall.boris):
                wall.ids[f"{login}_call"] = _log_call(wall, login, wall.ids[f"{login}_lead"], f"called by {login}")
            with wall.connect(wall.head) as head:
                script = head.execute("SELECT id FROM scripts LIMIT 1").fetchone() or head.execute(
                    "INSERT INTO scripts (name, version, pass_mark, definition, is_current, created_at) "
                    "VALUES ('s', 1, 70, '{}', true, now()) RETURNING id").fetchone()
                wall.ids["anna_review"] = head.execute(
                    "INSERT INTO call_reviews (call_id, reviewer_id, script_id, score, passed, failed_critical, note, "
                    "created_at) SELECT %s, id, %s, 50, false, false, '', now() FROM users WHERE login = %s RETURNING id",
                    (wall.ids[f"{wall.anna}_call"], script[0], wall.head)).fetchone()[0]
            yield wall
        finally:
            postgres_server.drop(make_url(url).database)
            with _admin(make_url(url), "postgres") as admin:
                database = make_url(url).database
                for role in (wall.head, wall.anna, wall.boris, f"{database}_head", f"{database}_manager",
                             f"{database}_owner"):
                    admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def _refused(connection: psycopg.Connection, statement: str, params=()) -> str:
    """The error ``statement`` fails with (the test fails when it succeeds)."""
    with pytest.raises(psycopg.Error) as caught:
        connection.execute(statement, params)
    return str(caught.value)


def test_a_manager_selects_only_their_own_leads(wall):
    with wall.connect(wall.anna) as anna:
        rows = anna.execute("SELECT id, name FROM leads").fetchall()
        assert rows == [(wall.ids[f"{wall.anna}_lead"], "Ivan Petrov")]
        assert anna.execute("SELECT count(*) FROM calls").fetchone()[0] == 1


def test_a_colleague_s_call_by_id_returns_nothing(wall):
    with wall.connect(wall.anna) as anna:
        found = anna.execute("SELECT * FROM calls WHERE id = %s", (wall.ids[f"{wall.boris}_call"],)).fetchall()
        assert found == []
        assert anna.execute("SELECT count(*) FROM audit_log WHERE entity = 'call' AND entity_id = %s",
                            (wall.ids[f"{wall.boris}_call"],)).fetchone()[0] == 0
        leads_in_trail = {lead for (lead,) in anna.execute("SELECT DISTINCT entity_id FROM audit_log WHERE entity = 'lead'")}
        assert leads_in_trail == {wall.ids[f"{wall.anna}_lead"]}


def test_a_manager_cannot_rewrite_a_score_or_the_audit(wall):
    with wall.connect(wall.anna) as anna:
        assert "permission denied" in _refused(anna, "UPDATE call_reviews SET score = 100 WHERE id = %s",
                                               (wall.ids["anna_review"],))
        assert "permission denied" in _refused(anna, "DELETE FROM audit_log")
        assert "permission denied" in _refused(anna, "UPDATE audit_log SET new = 'x'")
        assert "permission denied" in _refused(anna, "TRUNCATE audit_log")
        assert "permission denied" in _refused(anna, "TRUNCATE leads")
        assert "permission denied" in _refused(anna, "UPDATE audit_head SET last_hash = 'x'")
        assert "permission denied" in _refused(anna, "UPDATE leads SET owner_id = owner_id")
        assert "permission denied" in _refused(anna, "INSERT INTO payments (paid_on, amount_minor) VALUES "
                                                     "(current_date, 1)")
        assert "permission denied" in _refused(anna, "UPDATE users SET role = 'head'")
    with wall.connect(wall.head) as head:
        assert head.execute("SELECT score FROM call_reviews WHERE id = %s",
                            (wall.ids["anna_review"],)).fetchone()[0] == 50


def test_a_manager_cannot_become_the_head_or_change_the_schema(wall):
    database = make_url(wall.admin_url).database
    with wall.connect(wall.anna) as anna:
        assert "permission denied" in _refused(anna, f'SET ROLE "{database}_head"')
        assert "permission denied" in _refused(anna, f'SET ROLE "{database}_owner"')
        assert "must be owner" in _refused(anna, "ALTER TABLE leads DISABLE ROW LEVEL SECURITY")
        assert "must be owner" in _refused(anna, "ALTER TABLE calls ADD COLUMN stolen text")
        assert "permission denied" in _refused(anna, "CREATE TABLE loot (x text)")


def test_a_manager_cannot_log_a_call_on_a_colleague_s_lead(wall):
    with wall.connect(wall.anna) as anna:
        me = anna.execute("SELECT id FROM users WHERE login = %s", (wall.anna,)).fetchone()[0]
        error = _refused(anna, "INSERT INTO calls (lead_id, manager_id, started_at, direction, duration_seconds, "
                               "outcome, notes, created_at) VALUES (%s, %s, now(), 'out', 1, 'busy', '', now())",
                         (wall.ids[f"{wall.boris}_lead"], me))
        assert "row-level security" in error
        hijack = anna.execute("UPDATE leads SET comment = 'mine' WHERE id = %s", (wall.ids[f"{wall.boris}_lead"],))
        assert hijack.rowcount == 0
        boris = anna.execute("SELECT id FROM users WHERE login = %s", (wall.boris,)).fetchone()[0]
        assert "row-level security" in _refused(  # a lead planted in a colleague's name
            anna, "INSERT INTO leads (name, company, phone, phone_norm, email, email_norm, source, owner_id, stage, "
                  "qualification, created_at, updated_at, stage_entered_at, last_activity_at, search_text) "
                  "SELECT 'Planted', company, phone, phone_norm, email, email_norm, source, %s, stage, qualification, "
                  "created_at, updated_at, stage_entered_at, last_activity_at, search_text FROM leads WHERE id = %s",
            (boris, wall.ids[f"{wall.anna}_lead"]))


def test_a_manager_cannot_write_the_audit_in_someone_else_s_name_or_choose_its_links(wall):
    with wall.connect(wall.anna) as anna:
        me = anna.execute("SELECT id FROM users WHERE login = %s", (wall.anna,)).fetchone()[0]
        head_id = anna.execute("SELECT id FROM users WHERE login = %s", (wall.head,)).fetchone()[0]
        assert "row-level security" in _refused(
            anna, "INSERT INTO audit_log (at, user_id, action, entity, field) VALUES (now(), %s, 'x', 'lead', '')",
            (head_id,))
        row = anna.execute(
            "INSERT INTO audit_log (id, at, user_id, action, entity, entity_id, field, new, prev_hash, row_hash) "
            "VALUES (1, now(), %s, 'note', 'lead', %s, '', %s, 'forged', 'forged') RETURNING id, prev_hash, row_hash",
            (me, wall.ids[f"{wall.anna}_lead"], "'; DROP TABLE leads; -- % _ \\ \x01 \"q\" ёж " + "x" * 10_000)).fetchone()
        assert row[0] != 1 and "forged" not in row[1:]
    doctor = wall.cli(wall.head, "doctor")
    # The chain the database linked verifies (the seal checks flag the review this module wrote by SQL).
    assert any(line.startswith("ok") and "Audit trail chain" in line for line in doctor.output.splitlines()), \
        doctor.output


def test_through_salescockpit_a_manager_cannot_act_as_the_head(wall):
    result = wall.cli(wall.anna, "user list", user=wall.head)
    assert result.exit_code == 1
    assert f"connected to the database as {wall.anna}" in result.output
    assert "Traceback" not in result.output
    mine = wall.cli(wall.anna, "user list")
    assert mine.exit_code == 0, mine.output


def test_the_head_sees_everything(wall):
    with wall.connect(wall.head) as head:
        assert head.execute("SELECT count(*) FROM leads").fetchone()[0] == 2
        assert head.execute("SELECT count(*) FROM calls").fetchone()[0] == 2
        assert "permission denied" in _refused(head, "DELETE FROM audit_log")
        assert "permission denied" in _refused(head, "TRUNCATE audit_log")


def test_doctor_is_the_head_s_the_manager_is_told_so(wall):
    result = wall.cli(wall.anna, "doctor")
    assert result.exit_code == 1 and "sees only your own leads" in result.output
    assert "PROBLEM" not in result.output


def test_deactivating_a_user_takes_their_login_away(wall):
    carl = f"carl_{wall.head.split('_')[1]}"
    added = wall.cli("admin", "user add", carl, "--name", "Carl", "--role", "manager", "--generate-password",
                     user=wall.head)
    assert added.exit_code == 0, added.output
    assert f"Password of {carl} (shown this once): " in added.output
    password = added.output.split("(shown this once): ")[1].split()[0]
    url = make_url(wall.admin_url)
    with _admin(url, url.database) as admin:
        stored = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (carl,)).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$4096:") and password not in stored  # only a verifier went over
    with wall.connect(carl) as connection:
        assert connection.execute("SELECT count(*) FROM leads").fetchone()[0] == 0
    done = wall.cli("admin", "user deactivate", carl, user=wall.head)
    assert done.exit_code == 0, done.output
    assert f"The PostgreSQL login {carl} can no longer connect." in done.output
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        wall.connect(carl)
    with _admin(url, url.database) as admin:
        admin.execute(f'DROP ROLE IF EXISTS "{carl}"')


def test_a_head_with_their_own_role_cannot_make_logins_and_is_told_who_can(wall):
    result = wall.cli(wall.head, "user add", "dora_x", "--name", "Dora", "--role", "manager", "--no-password")
    assert result.exit_code == 1 and "database administrator" in result.output
    with wall.connect(wall.head) as head:
        assert head.execute("SELECT count(*) FROM users WHERE login = 'dora_x'").fetchone()[0] == 0


def test_a_manager_works_through_salescockpit_with_their_own_role_and_the_trail_stays_whole(wall):
    from datetime import timedelta

    from salescockpit.services.callbacks import reschedule_callback
    from salescockpit.services.calls import ObjectionDraft
    from salescockpit.services.leads import LeadDraft, create_lead, update_lead
    from salescockpit.services.stages import mark_junk, move_stage

    lead_id = wall.ids[f"{wall.anna}_lead"]
    with wall.connect(wall.head) as head:
        head.execute("INSERT INTO objection_types (key, label, active, phrases) VALUES ('price_x', 'Price', true, '') "
                     "ON CONFLICT DO NOTHING")
    ctx = wall.context(wall.anna)
    try:
        anna = load_actor(ctx, wall.anna)
        objection = "price_x"
        logged = log_call(ctx, anna, CallDraft(
            lead_id=lead_id, direction="out", outcome="reached", duration_seconds=240, notes="price talk",
            started_at=NOW, objections=(ObjectionDraft(objection, handled=True, answer="payback"),),
            next_callback_at=NOW + timedelta(days=1)))
        reschedule_callback(ctx, anna, logged.callback_id, NOW + timedelta(days=2), "asked to call later")
        move_stage(ctx, anna, lead_id, "identification")
        own_new_lead = create_lead(ctx, anna, LeadDraft(name="Новый Лид", company="ООО «Тест»", phone="+79160000001"))
        changed = update_lead(ctx, anna, own_new_lead, company="ООО «Тест 2»", source="referral")
        assert set(changed) >= {"company", "source"}
        mark_junk(ctx, anna, lead_id, "duplicate")
    finally:
        ctx.db.close()
    with wall.connect(wall.head) as head:
        assert head.execute("SELECT stage FROM leads WHERE id = %s", (lead_id,)).fetchone()[0] == "disqualified"
        assert head.execute("SELECT junk_reason FROM leads WHERE id = %s", (lead_id,)).fetchone()[0] == "duplicate"
        assert head.execute("SELECT count(*) FROM call_objections WHERE lead_id = %s", (lead_id,)).fetchone()[0] == 1
    doctor = wall.cli(wall.head, "doctor")
    lines = doctor.output.splitlines()
    assert any(line.startswith("ok") and "Audit trail chain" in line for line in lines), doctor.output
    # The review this module wrote by SQL was caught by anna's first write (seal.broken), and the seal
    # she made then, from her own role's view of the lead, is what the head's full view finds now.
    assert any(f"lead {lead_id} had been changed outside" in line for line in lines), doctor.output
    assert not any(f"lead {lead_id} (" in line and "differs" in line for line in lines), doctor.output


def test_db_init_moves_a_one_role_database_and_may_run_again(postgres_server):  # noqa: F811
    """The old set-up (the tables belong to the role everyone shares) keeps its rows under the owner role."""
    with postgres_server.fresh() as url:
        wall = Wall(url, uuid.uuid4().hex[:6])
        database = make_url(url).database
        try:
            added = wall.cli("admin", "user add", wall.head, "--name", "Head", "--role", "head")
            assert added.exit_code == 0, added.output
            for _attempt in range(2):
                initialised = wall.cli("admin", "db init", url)
                assert initialised.exit_code == 0, initialised.output
            with _admin(make_url(url), database) as admin:
                owners = {owner for (owner,) in admin.execute(
                    "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")}
                assert owners == {f"{database}_owner"}
                assert admin.execute("SELECT login FROM users").fetchall() == [(wall.head,)]
                assert admin.execute("SELECT pg_has_role(%s, %s, 'MEMBER')",
                                     (wall.head, f"{database}_head")).fetchone()[0]  # the user got a login role
            with wall.connect(wall.head) as head:
                assert head.execute("SELECT sc_is_head()").fetchone()[0]
        finally:
            postgres_server.drop(database)
            with _admin(make_url(url), "postgres") as admin:
                for role in (wall.head, f"{database}_head", f"{database}_manager", f"{database}_owner"):
                    admin.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_user_add_asks_the_password_twice_and_never_shows_or_sends_it(wall):
    erin = f"erin_{wall.head.split('_')[1]}"
    environment = {"SALESCOCKPIT_CONFIG": "/nonexistent/config.toml", "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": ""}
    mismatch = CliRunner().invoke(main, ["user", "add", erin, "--name", "Erin", "--role", "manager", "--db",
                                         wall.admin_url, "--user", wall.head], input="s3cret-1\nother\n", env=environment)
    assert mismatch.exit_code != 0  # the two entries differ: asked again, then the input ran out
    added = CliRunner().invoke(main, ["user", "add", erin, "--name", "Erin", "--role", "manager", "--db",
                                      wall.admin_url, "--user", wall.head], input="s3cret-1\ns3cret-1\n",
                               env=environment)
    try:
        assert added.exit_code == 0, added.output
        assert "s3cret-1" not in added.output
        url = make_url(wall.admin_url)
        with _admin(url, url.database) as admin:
            stored = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (erin,)).fetchone()[0]
        assert stored.startswith("SCRAM-SHA-256$4096:") and "s3cret" not in stored
    finally:
        url = make_url(wall.admin_url)
        with _admin(url, "postgres") as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{erin}"')


def test_db_upgrade_before_db_init_says_what_to_run(postgres_server):  # noqa: F811
    with postgres_server.fresh(migrated=False) as url:
        result = Wall(url, "x").cli("admin", "db upgrade")
    assert result.exit_code == 1 and "salescockpit db init URL" in result.output
    assert "Traceback" not in result.output


def test_db_init_refuses_a_sqlite_file(tmp_path):
    result = CliRunner().invoke(main, ["db", "init", str(tmp_path / "team.db")], env={"SALESCOCKPIT_CONFIG": ""})
    assert result.exit_code == 2 and "not a PostgreSQL URL" in result.output
    assert not (tmp_path / "team.db").exists()


def test_a_table_a_later_migration_adds_without_a_policy_stays_the_head_s(wall):
    """Fail closed: `db upgrade` grants a manager nothing on a table nobody gave a policy."""
    database = make_url(wall.admin_url).database
    with _admin(wall.admin_url, database) as admin:
        admin.execute(f'SET ROLE "{database}_owner"')
        admin.execute("CREATE TABLE IF NOT EXISTS lead_secrets (lead_id integer, secret text)")
        admin.execute("INSERT INTO lead_secrets VALUES (1, 'x')")
    upgraded = wall.cli("admin", "db upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    with wall.connect(wall.anna) as anna:
        assert "permission denied" in _refused(anna, "SELECT * FROM lead_secrets")
    with wall.connect(wall.head) as head:
        assert head.execute("SELECT count(*) FROM lead_secrets").fetchone()[0] == 1


def test_the_demo_seeded_into_postgresql_gets_its_team_s_logins(postgres_server):  # noqa: F811
    from salescockpit.demo import DEMO_USERS

    with postgres_server.fresh(migrated=False) as url:
        wall = Wall(url, "demo")
        database = make_url(url).database
        try:
            assert wall.cli("admin", "db init", url).exit_code == 0
            seeded = CliRunner().invoke(main, ["seed", "--db", url, "--leads", "20", "--seed", "3"],
                                        env={"SALESCOCKPIT_CONFIG": "/nonexistent/config.toml", "SALESCOCKPIT_DB": ""})
            assert seeded.exit_code == 0, seeded.output
            assert "PostgreSQL logins for the demo team" in seeded.output
            manager = next(login for login, _name, role, *_rest in DEMO_USERS if role == "manager")
            with _admin(url, database) as admin:
                theirs = admin.execute("SELECT count(*) FROM leads JOIN users ON users.id = leads.owner_id "
                                       "WHERE users.login = %s", (manager,)).fetchone()[0]
            with wall.connect(manager) as connection:
                assert connection.execute("SELECT count(*) FROM leads").fetchone()[0] == theirs < 20
            with wall.connect("head") as head:
                assert head.execute("SELECT count(*) FROM leads").fetchone()[0] == 20
        finally:
            postgres_server.drop(database)
            with _admin(url, "postgres") as admin:
                for role in (*(login for login, *_rest in DEMO_USERS), f"{database}_head", f"{database}_manager",
                             f"{database}_owner"):
                    admin.execute(f'DROP ROLE IF EXISTS "{role}"')
