"""PostgreSQL roles: the owner of the schema, the head and manager groups, one login per user.

`salescockpit db init URL` (`init_database`) runs as a database administrator: it makes three
roles nobody logs in as, named after the database (``DB_owner``, ``DB_head``, ``DB_manager``),
hands the schema to the owner, runs the migrations as the owner and grants the groups their
rights (`grant_rights`). `db upgrade` runs the migrations as the owner again and re-grants, so a
table a later migration adds gets its rights too. Each user is a LOGIN role in one group
(`create_login`); `user deactivate` takes the login away (`remove_login`).

Who a session is: a role that owns the tables (or a superuser) can bypass every policy, so it may
still act for anyone (`--user`), as the old one-role set-up did. Anybody else is their
``session_user`` and nobody else (`bound_login`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from .engine import Database

#: Tables a manager may add rows to (on their own leads and clients: the policies check that).
#: Leads and clients too: a manager makes them for themselves (the policies hold the owner to them).
MANAGER_INSERT = ("leads", "calls", "call_objections", "callbacks", "lead_contacts", "stage_history",
                  "clients", "client_contacts", "promises_to_pay", "client_tasks", "client_disputes", "call_speech_figures",
                  "audit_log")
#: Tables a manager may change rows of, and the columns (None: every column).
MANAGER_UPDATE: dict[str, tuple[str, ...] | None] = {
    "leads": ("name", "company", "phone", "phone_norm", "email", "email_norm", "stage", "value", "bant_budget",
              "bant_authority", "bant_need", "bant_timing", "qualification", "junk_reason", "junk_marked_at",
              "junk_marked_by_id", "lost_reason", "updated_at", "stage_entered_at", "last_activity_at",
              "first_call_at", "search_text", "open_due_min", "open_due_max", "unscored_since", "subject", "tags",
              "job_title", "comment", "source", "currency"),
    "lead_contacts": None,
    "callbacks": ("due_at", "done_at", "status", "done_call_id", "note"),
    "call_objections": ("handled", "answer", "resolved_at"),
    "calls": ("notes", "outcome", "duration_seconds"),
    "client_contacts": None,
    "client_tasks": ("status", "outcome", "call_id", "note", "done_at"),
    # the speech figures of a recording on their own call, measured again when the file changes
    "call_speech_figures": None,
    "promises_to_pay": ("status",),
    # a head's action on a lead review, and a fix list's item, are marked done by the manager: the
    # verdict and the list themselves stay the head's
    "lead_reviews": ("action_done_at", "action_done_by_id"),
    "fix_list_items": ("done_note",),
}
MANAGER_DELETE = ("lead_contacts", "client_contacts")
#: Tables without lead or client data that a manager reads whole. Any other table a manager reads
#: only once it has row-level security (a policy in `pg_security`): a new table nobody classed
#: stays the head's alone (fail closed).
MANAGER_OPEN_TABLES = ("users", "scripts", "objection_types", "campaigns", "alembic_version", "audit_head")
#: Insert-only for everyone; the chain's head is moved by the database's trigger alone.
AUDIT_TABLES = ("audit_log", "audit_head")


class NotInitialised(Exception):
    """`db upgrade` on a database `db init` never set up (its owner role is missing)."""

    def __init__(self, owner: str) -> None:
        super().__init__(owner)
        self.owner = owner


@dataclass(frozen=True)
class RoleNames:
    """The three roles of one database."""

    owner: str
    head: str
    manager: str

    @classmethod
    def of(cls, database_name: str) -> RoleNames:
        base = database_name.lower()[:50]
        return cls(owner=f"{base}_owner", head=f"{base}_head", manager=f"{base}_manager")

    def group(self, role: str) -> str:
        return self.head if role == "head" else self.manager


def quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def role_names(connection: Connection) -> RoleNames:
    return RoleNames.of(connection.exec_driver_sql("SELECT current_database()").scalar())


def _role_exists(connection: Connection, name: str) -> bool:
    return connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None


def has_roles(connection: Connection) -> bool:
    """Whether `db init` gave this database its roles (its manager group exists)."""
    return _role_exists(connection, role_names(connection).manager)


def is_administrator(connection: Connection) -> bool:
    """A superuser, or a member of the role that owns the tables (the old shared role is one)."""
    return bool(connection.exec_driver_sql(
        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) OR EXISTS ("
        " SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'leads'"
        " AND pg_has_role(session_user, tableowner, 'MEMBER'))").scalar())


def bound_login(database: Database) -> str | None:
    """The login a session is bound to (its ``session_user``), or None when it may act for anyone."""
    if database.is_sqlite:
        return None
    with database.engine.connect() as connection:
        if is_administrator(connection):
            return None
        return connection.exec_driver_sql("SELECT session_user").scalar()


def grant_rights(connection: Connection, roles: RoleNames) -> None:
    """What each group may do, table by table and column by column (idempotent)."""
    q = lambda name: quote(connection, name)  # noqa: E731
    head, manager = q(roles.head), q(roles.manager)
    rows = connection.exec_driver_sql(
        "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')").all()
    tables = [name for name, _secured in rows]
    readable = {name for name, secured in rows if secured or name in MANAGER_OPEN_TABLES}
    run = connection.exec_driver_sql
    run(f"GRANT USAGE ON SCHEMA {q('public')} TO {head}, {manager}")
    run(f"REVOKE CREATE ON SCHEMA {q('public')} FROM PUBLIC")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {head}, {manager}")
    for table in tables:
        run(f"REVOKE ALL ON TABLE {q(table)} FROM PUBLIC, {head}, {manager}")
        run(f"GRANT SELECT ON TABLE {q(table)} TO {head}")
        if table in readable:
            run(f"GRANT SELECT ON TABLE {q(table)} TO {manager}")
        if table in AUDIT_TABLES:
            continue
        if table != "alembic_version":
            run(f"GRANT INSERT, UPDATE, DELETE ON TABLE {q(table)} TO {head}")
    run(f"GRANT INSERT ON TABLE audit_log TO {head}, {manager}")
    for table in MANAGER_INSERT:
        if table in tables:
            run(f"GRANT INSERT ON TABLE {q(table)} TO {manager}")
    for table, columns in MANAGER_UPDATE.items():
        if table in tables:
            what = "UPDATE" if columns is None else f"UPDATE ({', '.join(q(c) for c in columns)})"
            run(f"GRANT {what} ON TABLE {q(table)} TO {manager}")
    for table in MANAGER_DELETE:
        if table in tables:
            run(f"GRANT DELETE ON TABLE {q(table)} TO {manager}")


def _admin_engine(url: str, *, role: str | None = None):
    options = {"options": f"-c role={role}"} if role else {}
    return create_engine(url, poolclass=NullPool, connect_args=options)


def init_database(url: str) -> RoleNames:
    """`db init`: roles, the schema under the owner, the rights (see the module doc)."""
    database_name = make_url(url).database or ""
    roles = RoleNames.of(database_name)
    engine = _admin_engine(url)
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        for name in (roles.owner, roles.head, roles.manager):
            if not _role_exists(connection, name):
                run(f"CREATE ROLE {quote(connection, name)} NOLOGIN")
        me = connection.exec_driver_sql("SELECT current_user").scalar()
        run(f"GRANT {quote(connection, roles.owner)} TO {quote(connection, me)}")
        run(f"ALTER DATABASE {quote(connection, database_name)} OWNER TO {quote(connection, roles.owner)}")
        run(f"ALTER SCHEMA public OWNER TO {quote(connection, roles.owner)}")
        _hand_over_tables(connection, roles.owner)
    engine.dispose()
    upgrade_database(url, roles)
    _logins_for_existing_users(url)
    return roles


def _logins_for_existing_users(url: str) -> list[str]:
    """A login role (no password yet) for each active user a one-role database already had."""
    engine = _admin_engine(url)
    try:
        with engine.begin() as connection:
            users = connection.exec_driver_sql("SELECT login, role FROM users WHERE active ORDER BY login").all()
            for login, role in users:
                create_login(connection, login, role, None)
    finally:
        engine.dispose()
    return [login for login, _role in users]


def _hand_over_tables(connection: Connection, owner: str) -> None:
    """Give the tables, sequences and functions of an existing schema (the one-role set-up) to the owner."""
    for kind, query in (
        ("TABLE", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"),
        ("SEQUENCE", "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"),
    ):
        for (name,) in connection.exec_driver_sql(query).all():
            connection.exec_driver_sql(f"ALTER {kind} {quote(connection, name)} OWNER TO {quote(connection, owner)}")
    functions = connection.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND left(p.proname, 3) = 'sc_'").all()
    for (signature,) in functions:
        connection.exec_driver_sql(f"ALTER FUNCTION {signature} OWNER TO {quote(connection, owner)}")


def upgrade_database(url: str, roles: RoleNames | None = None) -> RoleNames:
    """`db upgrade`: the migrations as the owner (``SET ROLE``), then the rights again."""
    from .migrate import ensure_schema

    if roles is None:
        roles = RoleNames.of(make_url(url).database or "")
    plain = _admin_engine(url)
    try:
        with plain.connect() as connection:
            if not _role_exists(connection, roles.owner):
                raise NotInitialised(roles.owner)
    finally:
        plain.dispose()
    database = Database(url=url, engine=_admin_engine(url, role=roles.owner))
    try:
        ensure_schema(database)
        with database.engine.begin() as connection:
            grant_rights(connection, roles)
    finally:
        database.close()
    return roles


def new_password() -> str:
    return secrets.token_urlsafe(18)


def create_login(connection: Connection, login: str, role: str, password: str | None) -> None:
    """A LOGIN role for ``login`` in its group (made, or given its login back, or moved group)."""
    roles = role_names(connection)
    name = quote(connection, login)
    if not _role_exists(connection, login):
        connection.exec_driver_sql(f"CREATE ROLE {name} LOGIN")
    connection.exec_driver_sql(f"ALTER ROLE {name} LOGIN INHERIT")
    if password is not None:
        # Only a SCRAM verifier made here reaches the server (as `psql`'s \\password does): the
        # password itself is never in a statement, a server log or an error message.
        connection.exec_driver_sql(f"ALTER ROLE {name} PASSWORD '{scram_verifier(password)}'")
    other = roles.manager if role == "head" else roles.head
    connection.exec_driver_sql(f"REVOKE {quote(connection, other)} FROM {name}")
    connection.exec_driver_sql(f"GRANT {quote(connection, roles.group(role))} TO {name}")


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677 form)."""
    import base64
    import hashlib
    import hmac

    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda data: base64.b64encode(data).decode()  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def remove_login(connection: Connection, login: str) -> None:
    """`user deactivate`: the role stays (it owns nothing) but can no longer log in."""
    if _role_exists(connection, login):
        connection.exec_driver_sql(f"ALTER ROLE {quote(connection, login)} NOLOGIN")


def sees_everything(database: Database) -> bool:
    """Whether the session reads every row: SQLite, an administrator, or a head's own role."""
    if database.is_sqlite:
        return True
    with database.engine.connect() as connection:
        if is_administrator(connection):
            return True
        return bool(connection.exec_driver_sql("SELECT sc_is_head()").scalar())
