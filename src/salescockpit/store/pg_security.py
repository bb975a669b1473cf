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

#: Helper functions the policies call. SECURITY DEFINER so that a policy reading `leads` from
#: another table's policy does not recurse through the leads policy (and runs fast).
FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION sc_me() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT id FROM users WHERE login = session_user AND active $$;

CREATE OR REPLACE FUNCTION sc_is_head() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT EXISTS (SELECT 1 FROM users WHERE login = session_user AND active AND role = 'head') $$;

CREATE OR REPLACE FUNCTION sc_lead_visible(lead integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR EXISTS (SELECT 1 FROM leads WHERE id = lead AND owner_id = sc_me()) $$;

CREATE OR REPLACE FUNCTION sc_call_visible(call integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR EXISTS (SELECT 1 FROM calls JOIN leads ON leads.id = calls.lead_id
                                  WHERE calls.id = call AND leads.owner_id = sc_me()) $$;

CREATE OR REPLACE FUNCTION sc_review_visible(review integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR EXISTS (SELECT 1 FROM call_reviews r JOIN calls ON calls.id = r.call_id
                                  JOIN leads ON leads.id = calls.lead_id
                                  WHERE r.id = review AND leads.owner_id = sc_me()) $$;

CREATE OR REPLACE FUNCTION sc_client_visible(client integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR EXISTS (SELECT 1 FROM clients WHERE id = client AND manager_id = sc_me()) $$;

CREATE OR REPLACE FUNCTION sc_contract_visible(contract integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR EXISTS (SELECT 1 FROM contracts JOIN clients ON clients.id = contracts.client_id
                                  WHERE contracts.id = contract AND clients.manager_id = sc_me()) $$;

CREATE OR REPLACE FUNCTION sc_instalment_visible(instalment integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR EXISTS (SELECT 1 FROM instalments i JOIN contracts ON contracts.id = i.contract_id
                                  JOIN clients ON clients.id = contracts.client_id
                                  WHERE i.id = instalment AND clients.manager_id = sc_me()) $$;

CREATE OR REPLACE FUNCTION sc_payment_visible(payment integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR EXISTS (SELECT 1 FROM payments JOIN clients ON clients.id = payments.client_id
                                  WHERE payments.id = payment AND clients.manager_id = sc_me()) $$;

CREATE OR REPLACE FUNCTION sc_audit_visible(kind text, row_id integer, author integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR kind IN ('user', 'script', 'objection_type') OR CASE kind
     WHEN 'lead' THEN sc_lead_visible(row_id)
     WHEN 'call' THEN sc_call_visible(row_id)
     WHEN 'call_review' THEN sc_review_visible(row_id)
     WHEN 'callback' THEN EXISTS (SELECT 1 FROM callbacks WHERE id = row_id AND sc_lead_visible(lead_id))
     WHEN 'lead_review' THEN EXISTS (SELECT 1 FROM lead_reviews WHERE id = row_id AND sc_lead_visible(lead_id))
     WHEN 'recheck' THEN EXISTS (SELECT 1 FROM rechecks WHERE id = row_id AND sc_lead_visible(lead_id))
     WHEN 'client' THEN sc_client_visible(row_id)
     ELSE author = sc_me() END $$;

CREATE OR REPLACE FUNCTION sc_fix_list_visible(fix_list integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$ SELECT sc_is_head() OR EXISTS (SELECT 1 FROM fix_lists WHERE id = fix_list AND manager_id = sc_me()) $$;
"""

#: {table: the condition a row must meet to be seen, changed or written by the session}.
POLICIES = {
    "leads": "sc_is_head() OR owner_id = sc_me()",
    "lead_contacts": "sc_lead_visible(lead_id)",
    "calls": "sc_lead_visible(lead_id)",
    "callbacks": "sc_lead_visible(lead_id)",
    "call_objections": "sc_lead_visible(lead_id)",
    "rechecks": "sc_lead_visible(lead_id)",
    "lead_reviews": "sc_lead_visible(lead_id)",
    "stage_history": "sc_lead_visible(lead_id)",
    "owner_changes": "CASE WHEN lead_id IS NULL THEN sc_is_head() ELSE sc_lead_visible(lead_id) END",
    "phone_calls": "CASE WHEN lead_id IS NULL THEN sc_is_head() OR manager_id = sc_me() "
                   "ELSE sc_lead_visible(lead_id) END",
    "call_reviews": "sc_call_visible(call_id)",
    "call_review_items": "sc_review_visible(review_id)",
    "review_suggestions": "sc_review_visible(review_id)",
    "review_marks": "sc_call_visible(call_id)",
    "transcript_lines": "sc_call_visible(call_id)",
    "fix_lists": "sc_is_head() OR manager_id = sc_me()",
    "fix_list_items": "sc_fix_list_visible(fix_list_id)",
    "clients": "sc_is_head() OR manager_id = sc_me()",
    "client_contacts": "sc_client_visible(client_id)",
    "contracts": "sc_client_visible(client_id)",
    "instalments": "sc_contract_visible(contract_id)",
    "payments": "CASE WHEN client_id IS NULL THEN sc_is_head() ELSE sc_client_visible(client_id) END",
    "payment_allocations": "sc_payment_visible(payment_id)",
    "promises_to_pay": "sc_client_visible(client_id)",
    "client_tasks": "sc_client_visible(client_id)",
}

#: Extra conditions on rows a manager writes (beyond seeing them): a call is logged in their name.
WRITE_CHECKS = {
    "calls": "sc_is_head() OR manager_id = sc_me()",
}

#: The audit trail: a manager reads the rows about their own leads and clients and what hangs off
#: them (the entities `queries/audit_trail.py` follows to a lead), the rows about users, scripts and
#: objection types (no lead data), and their own rows about anything else; writes in their own name only.
AUDIT_READ = "sc_audit_visible(entity, entity_id, user_id)"
AUDIT_WRITE = "sc_is_head() OR user_id = sc_me()"

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


def install_policy(connection: Connection, table: str) -> None:
    """Turn row-level security on for ``table`` with its policy from `POLICIES`."""
    for statement in _policy_sql(table, POLICIES[table], WRITE_CHECKS.get(table)):
        connection.exec_driver_sql(statement)


def install(connection: Connection) -> None:
    """Functions, policies and the audit trigger (idempotent; PostgreSQL only)."""
    connection.exec_driver_sql(FUNCTIONS)
    for table in POLICIES:
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
        connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for name in (f"{table}_own_rows", "audit_log_read", "audit_log_write"):
            connection.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {table}")
    for function in ("sc_audit_visible(text, integer, integer)", "sc_audit_link()", "sc_audit_lock_head()", "sc_json_text(text)", "sc_fix_list_visible(integer)",
                     "sc_payment_visible(integer)", "sc_instalment_visible(integer)", "sc_contract_visible(integer)",
                     "sc_client_visible(integer)", "sc_review_visible(integer)", "sc_call_visible(integer)",
                     "sc_lead_visible(integer)", "sc_is_head()", "sc_me()"):
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}")
