"""The PostgreSQL database `salescockpit transfer` copies into: made ready, found empty, handed back.

What "empty" means: either no salescockpit tables at all (then the target gets what `db init`
makes: the owner and group roles, the schema, row-level security, the rights), or the schema at
this program's revision with no rows. The migrations themselves leave one row behind, the start
of the audit trail (``audit.chain_start``, and the trail's head): that row is not data, and the
copy replaces it with the source's own trail. Any other row anywhere makes the target not empty,
and the transfer refuses it before writing anything.

The copy runs as the tables' owner (``SET LOCAL ROLE``): the owner bypasses row-level security
(the policies are not FORCEd, see `pg_security`) and may switch off, for the copy only, the
trigger that would give copied audit rows new ids and links.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect

from ..i18n import _
from .pg_roles import RoleNames, _role_exists, create_login, quote, role_names

#: What the migrations write into a new database by themselves: the audit trail's first row.
TRAIL_START = "audit.chain_start"
#: Tables the copy never fills: the target's own schema revision.
NOT_COPIED = frozenset({"alembic_version"})
#: The trigger that links new audit rows (`pg_security.AUDIT_CHAIN`).
AUDIT_TRIGGER = "audit_log_link"


class TargetRefused(Exception):
    """The target cannot take the copy (not empty, another program's, another schema): one sentence."""


def prepare_schema(engine: Engine, url: str, head_revision: str) -> bool:
    """Give a target without salescockpit tables what `db init` makes; True when it did.

    A target with the schema must be at ``head_revision`` (the source is brought there when opened).
    """
    from .pg_roles import init_database

    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if not tables:
        init_database(url)
        return True
    if "alembic_version" not in tables:
        raise TargetRefused(_("it holds tables of another program, not salescockpit's"))
    if revision != head_revision:
        raise TargetRefused(
            _("its schema is at revision {revision}, this program's is {head}: the administrator runs "
              "salescockpit db upgrade --db URL first").format(revision=revision, head=head_revision))
    return False


def become_owner(connection: Connection) -> RoleNames | None:
    """Act as the tables' owner role until the transaction ends (when `db init` made one)."""
    roles = role_names(connection)
    if not _role_exists(connection, roles.owner):
        return None  # the old one-role set-up: the connected role owns the tables itself
    connection.exec_driver_sql(f"SET LOCAL ROLE {quote(connection, roles.owner)}")
    return roles


def rows_held(connection: Connection, tables: list[str]) -> dict[str, int]:
    """{table: rows} of the tables that hold data (the trail's own start is not data)."""
    held = {}
    for table in tables:
        if table in NOT_COPIED or table == "audit_head":
            continue
        condition = f" WHERE action <> '{TRAIL_START}'" if table == "audit_log" else ""
        count = connection.exec_driver_sql(f"SELECT count(*) FROM {quote(connection, table)}{condition}").scalar()
        if count:
            held[table] = count
    return held


def refuse_unless_empty(connection: Connection, tables: list[str]) -> None:
    held = rows_held(connection, tables)
    if held:
        shown = ", ".join(f"{table} {count}" for table, count in sorted(held.items(), key=lambda item: -item[1])[:3])
        raise TargetRefused(_("it already holds data ({rows}); transfer copies only into an empty database")
                            .format(rows=shown))


def clear_trail_start(connection: Connection) -> None:
    """Take away the trail the migrations began: the source's trail replaces it, row for row."""
    connection.exec_driver_sql("DELETE FROM audit_log")
    connection.exec_driver_sql("DELETE FROM audit_head")


def has_audit_trigger(connection: Connection) -> bool:
    return bool(connection.exec_driver_sql(
        f"SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{AUDIT_TRIGGER}' "
        "AND tgrelid = to_regclass('audit_log'))").scalar())


def set_audit_trigger(connection: Connection, enabled: bool) -> None:
    verb = "ENABLE" if enabled else "DISABLE"
    connection.exec_driver_sql(f"ALTER TABLE audit_log {verb} TRIGGER {AUDIT_TRIGGER}")


def set_sequences(connection: Connection, tables: list[str]) -> int:
    """Move each table's id sequence past the copied ids (the next insert gets max(id) + 1)."""
    moved = 0
    for table in tables:
        sequence = connection.exec_driver_sql(
            f"SELECT pg_get_serial_sequence('{table}', 'id')").scalar() if _has_id(connection, table) else None
        if sequence is None:
            continue
        connection.exec_driver_sql(
            f"SELECT setval('{sequence}', coalesce(max(id), 0) + 1, false) FROM {quote(connection, table)}")
        moved += 1
    return moved


def _has_id(connection: Connection, table: str) -> bool:
    return bool(connection.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        f"AND table_name = '{table}' AND column_name = 'id')").scalar())


def active_users(connection: Connection, *, make_logins: bool) -> list[tuple[str, str, str]]:
    """[(login, role, group role)] of the active users; with ``make_logins`` each gets a login role (no
    password) in its group, as `db init` gives an old database's users. The groups exist only after
    `db init` (else the group is ""). Runs as the connected administrator: the owner may not make roles."""
    connection.exec_driver_sql("RESET ROLE")
    roles = role_names(connection)
    walled = _role_exists(connection, roles.manager)
    users = connection.exec_driver_sql("SELECT login, role FROM users WHERE active ORDER BY login").all()
    if make_logins and walled:
        for login, role in users:
            create_login(connection, login, role, None)
    return [(login, role, roles.group(role) if walled else "") for login, role in users]
