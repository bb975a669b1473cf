"""PostgreSQL's own wall: row-level security policies and the audit chain made by the database.

Migration 0090 runs `install(connection)` (PostgreSQL only; SQLite keeps `queries/visibility.py`
as its one rule). Everything here is independent of role names: who is looking is the
connection's ``session_user``, matched to ``users.login``. A head sees every row; a manager sees
and changes only the rows of the leads and clients they own (``leads.owner_id``,
``clients.manager_id``), the rule of `queries/visibility.py` written as policies.

The tables' owner (the role `db init` creates, nobody's login) and superusers bypass the policies:
migrations, `db upgrade` and the old one-role set-up (where the shared role owns the tables) work
as before. A table added later gets its policy by adding a line to `POLICIES` and calling
`install_policy` from its migration.

The audit chain: a BEFORE INSERT trigger (SECURITY DEFINER) gives every new `audit_log` row its
id, ``prev_hash`` and ``row_hash`` from `audit_head` (locked) and moves the head, so no client
writes a link of its choosing; the hash is the one `audit_chain.row_hash` computes.
"""

from __future__ import annotations

from sqlalchemy import Connection

#: The two facts every policy needs, looked up by ``session_user``. A policy calls them as
#: ``(SELECT sc_me())``: a scalar subquery PostgreSQL evaluates once per statement, not per row.
FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION sc_me() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT id FROM users WHERE login = session_user AND active $$;

CREATE OR REPLACE FUNCTION sc_is_head() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT EXISTS (SELECT 1 FROM users WHERE login = session_user AND active AND role = 'head') $$;
"""

ME = "(SELECT sc_me())"
HEAD = "(SELECT sc_is_head())"
OWN_LEADS = f"(SELECT id FROM leads WHERE owner_id = {ME})"
OWN_CALLS = f"(SELECT id FROM calls WHERE lead_id IN {OWN_LEADS})"
OWN_REVIEWS = f"(SELECT id FROM call_reviews WHERE call_id IN {OWN_CALLS})"
OWN_CLIENTS = f"(SELECT id FROM clients WHERE manager_id = {ME})"
OWN_CONTRACTS = f"(SELECT id FROM contracts WHERE client_id IN {OWN_CLIENTS})"


def _either(condition: str) -> str:
    return f"{HEAD} OR {condition}"


#: {table: the condition a row must meet to be seen, changed or written by the session}.
POLICIES = {
    "leads": _either(f"owner_id = {ME}"),
    **{table: _either(f"lead_id IN {OWN_LEADS}") for table in (
        "lead_contacts", "calls", "callbacks", "call_objections", "rechecks", "lead_reviews", "stage_history",
        "owner_changes")},
    "phone_calls": _either(f"lead_id IN {OWN_LEADS} OR (lead_id IS NULL AND manager_id = {ME})"),
    **{table: _either(f"call_id IN {OWN_CALLS}") for table in (
        "call_reviews", "review_marks", "transcript_lines", "call_speech_figures")},
    **{table: _either(f"review_id IN {OWN_REVIEWS}") for table in ("call_review_items", "review_suggestions")},
    "fix_lists": _either(f"manager_id = {ME}"),
    "fix_list_items": _either(f"fix_list_id IN (SELECT id FROM fix_lists WHERE manager_id = {ME})"),
    "clients": _either(f"manager_id = {ME}"),
    **{table: _either(f"client_id IN {OWN_CLIENTS}") for table in (
        "client_contacts", "contracts", "payments", "promises_to_pay", "client_tasks")},
    "instalments": _either(f"contract_id IN {OWN_CONTRACTS}"),
    "payment_allocations": _either(f"payment_id IN (SELECT id FROM payments WHERE client_id IN {OWN_CLIENTS})"),
    # tables of later migrations: each of those migrations calls `install_policy` for its own
    "monthly_plans": _either(f"manager_id = {ME}"),
    "client_disputes": _either(f"client_id IN {OWN_CLIENTS}"),
}

#: Extra conditions on rows a manager writes (beyond seeing them): a call is logged in their name.
WRITE_CHECKS = {
    "calls": _either(f"manager_id = {ME}"),
}

#: The audit trail: a manager reads the rows about their own leads and clients and what hangs off
#: them (the entities `queries/audit_trail.py` follows to a lead; the subqueries see through the
#: same policies), the rows about users, scripts and objection types (no lead data), and their
#: own rows about anything else; they write rows in their own name only.
_AUDIT_FOLLOWED = {"lead": OWN_LEADS, "call": OWN_CALLS, "call_review": OWN_REVIEWS,
                   "callback": "(SELECT id FROM callbacks)", "lead_review": "(SELECT id FROM lead_reviews)",
                   "recheck": "(SELECT id FROM rechecks)", "client": OWN_CLIENTS}
_AUDIT_OPEN = ("user", "script", "objection_type")
AUDIT_READ = _either(" OR ".join([
    "entity IN (" + ", ".join(f"'{name}'" for name in _AUDIT_OPEN) + ")",
    *(f"(entity = '{name}' AND entity_id IN {ids})" for name, ids in _AUDIT_FOLLOWED.items()),
    "(entity NOT IN (" + ", ".join(f"'{name}'" for name in (*_AUDIT_OPEN, *_AUDIT_FOLLOWED)) + f") AND user_id = {ME})",
]))
AUDIT_WRITE = _either(f"user_id = {ME}")

AUDIT_CHAIN = r"""
CREATE OR REPLACE FUNCTION sc_json_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(to_json(value)::text, 'null') $$;

CREATE OR REPLACE FUNCTION sc_audit_lock_head(OUT last_id integer, OUT last_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE highest integer; head_found boolean;
BEGIN
    SELECT h.last_id, h.last_hash INTO last_id, last_hash FROM audit_head h WHERE h.id = 1 FOR UPDATE;
    head_found := FOUND;
    SELECT coalesce(max(id), 0) INTO highest FROM audit_log;
    IF NOT head_found THEN
        last_id := highest;
        last_hash := repeat('0', 64);
        INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, last_id, last_hash);
    END IF;
    last_id := greatest(last_id, highest);
END $$;

CREATE OR REPLACE FUNCTION sc_audit_link() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE head record;
BEGIN
    SELECT * INTO head FROM sc_audit_lock_head();
    NEW.id := head.last_id + 1;
    NEW.prev_hash := head.last_hash;
    NEW.row_hash := encode(sha256(convert_to(head.last_hash || '['
        || sc_json_text(to_char(NEW.at, 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00') || ','
        || coalesce(NEW.user_id::text, 'null') || ','
        || sc_json_text(NEW.action) || ',' || sc_json_text(NEW.entity) || ','
        || coalesce(NEW.entity_id::text, 'null') || ',' || sc_json_text(NEW.field) || ','
        || sc_json_text(NEW.old) || ',' || sc_json_text(NEW.new) || ',' || sc_json_text(NEW.seal)
        || ']', 'UTF8')), 'hex');
    UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.row_hash WHERE id = 1;
    PERFORM setval(pg_get_serial_sequence('audit_log', 'id'), NEW.id);
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS audit_log_link ON audit_log;
CREATE TRIGGER audit_log_link BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION sc_audit_link();
"""


def _policy_sql(table: str, condition: str, check: str | None = None) -> list[str]:
    name = f"{table}_own_rows"
    with_check = f"({condition}) AND ({check})" if check else condition
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {name} ON {table}",
        f"CREATE POLICY {name} ON {table} USING ({condition}) WITH CHECK ({with_check})",
    ]


def _exists(connection: Connection, table: str) -> bool:
    return connection.exec_driver_sql(f"SELECT to_regclass('{table}') IS NOT NULL").scalar()


def install_policy(connection: Connection, table: str) -> None:
    """Turn row-level security on for ``table`` with its policy from `POLICIES` (PostgreSQL only)."""
    if connection.dialect.name != "postgresql":
        return
    for statement in _policy_sql(table, POLICIES[table], WRITE_CHECKS.get(table)):
        connection.exec_driver_sql(statement)


def install(connection: Connection) -> None:
    """Functions, policies and the audit trigger (idempotent; PostgreSQL only)."""
    connection.exec_driver_sql(FUNCTIONS)
    for table in POLICIES:
        if _exists(connection, table):  # a later migration's table gets its policy from that migration
            install_policy(connection, table)
    connection.exec_driver_sql(AUDIT_CHAIN)
    for statement in (
        "ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS audit_log_read ON audit_log",
        f"CREATE POLICY audit_log_read ON audit_log FOR SELECT USING ({AUDIT_READ})",
        "DROP POLICY IF EXISTS audit_log_write ON audit_log",
        f"CREATE POLICY audit_log_write ON audit_log FOR INSERT WITH CHECK ({AUDIT_WRITE})",
    ):
        connection.exec_driver_sql(statement)


def uninstall(connection: Connection) -> None:
    """What `install` made, taken away again (the downgrade of migration 0090)."""
    connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_link ON audit_log")
    for table in (*POLICIES, "audit_log"):
        if not _exists(connection, table):
            continue
        connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for name in (f"{table}_own_rows", "audit_log_read", "audit_log_write"):
            connection.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {table}")
    for function in ("sc_audit_link()", "sc_audit_lock_head()", "sc_json_text(text)", "sc_is_head()", "sc_me()"):
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}")
