"""A keyed audit trail (store/audit_key.py) on a real SQLite file: a forgery made with plain hashes is
caught with the key and is the known limit without one; removing the keyed part, a wrong key and a
missing key are each one line; writers refuse to link without the right key; old trails stay valid."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update

from salescockpit.config import Settings
from salescockpit.services.actor import load_actor
from salescockpit.services.audit_key import key_audit_trail
from salescockpit.services.context import ServiceContext
from salescockpit.services.users import add_user
from salescockpit.store.audit_chain import audit_head, audit_log, row_hash
from salescockpit.store.audit_health import check_audit_chain
from salescockpit.store.audit_key import KEYED, AuditKeyProblem, recorded_keying
from salescockpit.store.engine import Database
from salescockpit.store.migrate import upgrade

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def _context(database, clock) -> ServiceContext:
    return ServiceContext(db=database, clock=clock, settings=Settings(timezone="Europe/Moscow"))


def _team(database, clock) -> None:
    ctx = _context(database, clock)
    add_user(ctx, "olga", "Olga", "head")
    add_user(ctx, "anna", "Anna", "manager", actor=load_actor(ctx, "olga"))


@pytest.fixture
def team_file(tmp_path, clock):
    """A team database with an unkeyed trail (the one-person set-up, or any file made before keys)."""
    path = tmp_path / "team.db"
    database = Database.open(path)
    _team(database, clock)
    database.close()
    return path


def _key(path, clock, key=KEY) -> int:
    """The head keys the trail, then one more write lands after the switch; the keyed part's first row."""
    database = Database.open(path, audit_key=key)
    ctx = _context(database, clock)
    head = load_actor(ctx, "olga")
    first = key_audit_trail(ctx, head, key)
    add_user(ctx, "ivan", "Ivan", "manager", actor=head)
    database.close()
    return first


def _doctor(path, key=None) -> list[str]:
    database = Database.open(path, migrate=False, audit_key=key)
    try:
        return check_audit_chain(database)
    finally:
        database.close()


def _last_row(path) -> int:
    database = Database.open(path, migrate=False)
    with database.read() as session:
        last = session.scalar(select(func.max(audit_log.c.id)))
    database.close()
    return last


def _forge_with_plain_hashes(path, row_id: int, **changes) -> None:
    """What someone with write access to the file who knows this code, but not the key, can do:
    change row ``row_id`` and recompute every link from it on, and the head, with plain SHA-256."""
    database = Database.open(path, migrate=False)
    with database.engine.connect() as connection:  # no write hooks: nothing is sealed or appended
        rows = connection.execute(select(audit_log).where(audit_log.c.id >= row_id).order_by(audit_log.c.id)).all()
        previous = rows[0].prev_hash
        for row in rows:
            changed = changes if row.id == row_id else {}
            current = row_hash(previous, {**row._mapping, **changed})
            connection.execute(update(audit_log).where(audit_log.c.id == row.id)
                               .values(**changed, prev_hash=previous, row_hash=current))
            previous = current
        connection.execute(update(audit_head).values(last_hash=previous))
        if changes.get("action") not in (None, KEYED):
            connection.execute(update(audit_head).values(keyed_from=None, key_check=None))
        connection.commit()
    database.close()


def test_a_keyed_trail_passes_with_its_key_and_begins_at_the_recorded_row(team_file, clock):
    first = _key(team_file, clock)
    assert _doctor(team_file, KEY) == []
    database = Database.open(team_file, migrate=False)
    with database.read() as session:
        assert recorded_keying(session.connection())[0] == first
        assert session.scalar(select(audit_log.c.action).where(audit_log.c.id == first)) == KEYED
    database.close()
    assert _last_row(team_file) > first  # the write after the switch was linked with the key


def test_a_forgery_with_plain_hashes_is_caught_with_the_key(team_file, clock):
    _key(team_file, clock)
    _forge_with_plain_hashes(team_file, _last_row(team_file), new="forged")
    [problem] = _doctor(team_file, KEY)
    assert "does not match its hash: the trail was edited" in problem


def test_a_forgery_of_a_row_before_the_key_is_caught_too(team_file, clock):
    first = _key(team_file, clock)
    _forge_with_plain_hashes(team_file, first - 1, new="forged")
    [problem] = _doctor(team_file, KEY)
    assert f"audit row {first} " in problem and "does not match its hash" in problem


def test_the_same_forgery_passes_without_a_key__the_known_limit(team_file):
    _forge_with_plain_hashes(team_file, _last_row(team_file), new="forged")
    assert _doctor(team_file) == []


def test_taking_the_keyed_part_out_is_caught_with_the_key(team_file, clock):
    first = _key(team_file, clock)
    _forge_with_plain_hashes(team_file, first, action="note")  # the switch row made an ordinary row
    assert _doctor(team_file, KEY) == [
        "A key file is given (audit.key_file) but no row of this trail is keyed: it was rewritten without the key, "
        "or the key belongs to another database."]


def test_cutting_the_trail_back_to_before_the_key_is_caught_with_the_key(team_file, clock):
    first = _key(team_file, clock)
    database = Database.open(team_file, migrate=False)
    with database.engine.connect() as connection:
        last = connection.execute(select(audit_log.c.id, audit_log.c.row_hash).where(audit_log.c.id == first - 1)).one()
        connection.execute(delete(audit_log).where(audit_log.c.id >= first))
        connection.execute(update(audit_head).values(last_id=last.id, last_hash=last.row_hash, keyed_from=None,
                                                     key_check=None))
        connection.commit()
    database.close()
    assert _doctor(team_file) == []  # without the key, a shorter trail is all there is to see
    assert "no row of this trail is keyed" in _doctor(team_file, KEY)[0]


def test_a_wrong_key_is_reported_in_one_line(team_file, clock):
    first = _key(team_file, clock)
    assert _doctor(team_file, OTHER_KEY) == [
        f"The key file (audit.key_file) is not the key this trail is keyed with (from row {first} on): "
        "a wrong key file."]


def test_a_missing_key_is_one_line_and_the_plain_part_is_still_checked(team_file, clock):
    first = _key(team_file, clock)
    assert _doctor(team_file) == [
        f"The trail is keyed from row {first} on and no key file is given (audit.key_file): those rows were not "
        "checked."]
    database = Database.open(team_file, migrate=False)
    with database.engine.connect() as connection:  # a row of the plain part edited, nothing recomputed
        connection.execute(update(audit_log).where(audit_log.c.id == first - 1).values(new="edited"))
        connection.commit()
    database.close()
    assert "does not match its hash" in _doctor(team_file)[0]


@pytest.mark.parametrize("key", [None, OTHER_KEY], ids=["no-key", "wrong-key"])
def test_a_writer_without_the_right_key_writes_nothing(team_file, clock, key):
    _key(team_file, clock)
    last = _last_row(team_file)
    database = Database.open(team_file, audit_key=key)
    ctx = _context(database, clock)
    with pytest.raises(AuditKeyProblem) as refused:
        add_user(ctx, "petr", "Petr", "manager", actor=load_actor(ctx, "olga"))
    database.close()
    assert "nothing was written" in refused.value.message
    assert _last_row(team_file) == last
    assert _doctor(team_file, KEY) == []


def test_keying_twice_is_refused(team_file, clock):
    first = _key(team_file, clock)
    database = Database.open(team_file, audit_key=KEY)
    ctx = _context(database, clock)
    with pytest.raises(AuditKeyProblem, match=f"keyed already \\(from row {first} on\\)"):
        key_audit_trail(ctx, load_actor(ctx, "olga"), KEY)
    database.close()


def test_an_old_database_upgrades_with_its_plain_trail_valid_and_can_be_keyed(tmp_path, clock):
    path = tmp_path / "old.db"
    old = Database.open(path, migrate=False)
    upgrade(old, "0075")  # the schema before the key's columns
    _team(old, clock)  # the writers link plainly on it
    old.close()
    upgraded = Database.open(path)
    with upgraded.read() as session:
        assert recorded_keying(session.connection()) == (None, None)
    upgraded.close()
    assert _doctor(path) == []
    _key(path, clock)
    assert _doctor(path, KEY) == []
