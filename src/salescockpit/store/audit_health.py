"""Doctor's audit checks: is the hash chain whole, and does every dossier match its last seal?

`check_audit_chain` walks the trail in id order (keyset chunks, flat memory) and reports the
first broken link in words: a row whose content no longer matches its hash was edited; a row
that does not link to the one before it follows a deleted or rewritten row. `check_seals`
recomputes every dossier (store/dossier.py) and compares it with its latest seal, and lists the
"seal.broken" rows that writes left when they found a dossier changed behind their back.

What this cannot see without a key: an unkeyed chain has no secret, so someone who knows this
code can rewrite the whole trail and every seal consistently (a keyed trail, `audit_key`, closes
that to whoever lacks the key file). The defence is outside the database: note the head
that `doctor` prints (row id and the start of its hash), and later check that the trail still
passes through it (``doctor --head ID:HASH``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from functools import partial

from sqlalchemy import Connection, select

from ..i18n import _
from .audit_chain import GENESIS, audit_log, chain_ready, read_head, row_hash
from .audit_key import KEYED, key_check, key_of, keyed_row_hash, recorded_keying
from .dossier import ENTITIES, all_digests
from .engine import Database
from .seals import BROKEN, last_seals
from .tables import Lead, ObjectionType, Script, User

CHUNK = 5000
#: How many dossiers of each kind of problem are named; the rest are counted.
EXAMPLES = 5
_COLUMNS = ("id", "at", "user_id", "action", "entity", "entity_id", "field", "old", "new", "seal",
            "prev_hash", "row_hash")


def _logins(connection: Connection) -> dict[int, str]:
    return dict(connection.execute(select(User.id, User.login)).all())


def _when(at: datetime | None, tz: tzinfo) -> str:
    return "?" if at is None else at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def describe_row(row, logins: dict[int, str], tz: tzinfo) -> str:
    """ "audit row 1234 (2026-11-20 10:05, anna, callback.reschedule callback 77)" """
    who = logins.get(row.user_id, str(row.user_id)) if row.user_id is not None else _("the program")
    what = f"{row.action} {row.entity}" + (f" {row.entity_id}" if row.entity_id is not None else "")
    return _("audit row {id} ({when}, {who}, {what})").format(id=row.id, when=_when(row.at, tz), who=who, what=what)


def _link_problem(row, previous_id: int) -> str:
    if row.prev_hash is None or row.row_hash is None:
        return _("audit row {id} has no hash: it was added outside salescockpit").format(id=row.id)
    if row.id != previous_id + 1:
        if previous_id == 0:
            return _("audit row {id} does not follow the start of the trail: a row was deleted").format(id=row.id)
        return _("audit row {id} does not follow row {previous}: a row was deleted").format(
            id=row.id, previous=previous_id)
    return _("audit row {id} does not follow row {previous}: row {previous} was rewritten").format(
        id=row.id, previous=previous_id)


def check_audit_chain(db: Database, tz: tzinfo = timezone.utc) -> list[str]:
    """The first broken link of the chain, if any; then whether the head row agrees with the end.

    Rows from the keyed part on (`audit_key`) are checked with the key the database was opened with;
    without it only their order is, and that is said in one line.
    """
    with db.read() as session:
        connection = session.connection()
        if not chain_ready(connection):
            return []  # the schema check reports an old schema
        logins = _logins(connection)
        key = key_of(connection) if db.is_sqlite else None
        link, keyed_from, unchecked = row_hash, None, None
        previous_id, previous_hash = 0, GENESIS
        columns = [audit_log.c[name] for name in _COLUMNS]
        while True:
            rows = connection.execute(
                select(*columns).where(audit_log.c.id > previous_id).order_by(audit_log.c.id).limit(CHUNK)).all()
            if not rows:
                break
            for row in rows:
                if keyed_from is None and row.action == KEYED and db.is_sqlite:
                    keyed_from = row.id
                    if key is None:
                        unchecked = _("The trail is keyed from row {id} on and no key file is given (audit.key_file): "
                                      "those rows were not checked.").format(id=row.id)
                    elif row.new != key_check(key):
                        return [_("The key file (audit.key_file) is not the key this trail is keyed with "
                                  "(from row {id} on): a wrong key file.").format(id=row.id)]
                    else:
                        link = partial(keyed_row_hash, key)
                if row.prev_hash != previous_hash or row.row_hash is None:
                    return [_link_problem(row, previous_id)]
                if unchecked is None and link(row.prev_hash, row._mapping) != row.row_hash:
                    return [_("{row} does not match its hash: the trail was edited").format(
                        row=describe_row(row, logins, tz))]
                previous_id, previous_hash = row.id, row.row_hash
        head = read_head(connection)
        recorded_from, _check = recorded_keying(connection)
    if key is not None and keyed_from is None:
        return [_("A key file is given (audit.key_file) but no row of this trail is keyed: it was rewritten "
                  "without the key, or the key belongs to another database.")]
    if head is None:
        return [_("The trail's head record (audit_head) is missing: it was deleted outside salescockpit.")]
    head_id, head_hash = head
    if head_id > previous_id:
        return [_("The trail ends at row {last} but its head says {head}: the last {n} row(s) were deleted.").format(
            last=previous_id, head=head_id, n=head_id - previous_id)]
    if (head_id, head_hash) != (previous_id, previous_hash):
        return [_("The trail's head (row {head}) does not match its end (row {last}): "
                  "the trail was changed outside salescockpit.").format(head=head_id, last=previous_id)]
    if recorded_from != keyed_from:
        return [_("The trail's head (audit_head) does not record where its keyed part begins: "
                  "it was changed outside salescockpit.")]
    return [unchecked] if unchecked else []


def chain_head(db: Database) -> tuple[int, str] | None:
    """(row id, hash) of the trail's last row as its head records it; None before the chain exists."""
    with db.read() as session:
        connection = session.connection()
        return read_head(connection) if chain_ready(connection) else None


def check_noted_head(db: Database, row_id: int, prefix: str) -> list[str]:
    """The trail still passes through the head someone noted earlier (row id + start of its hash)."""
    with db.read() as session:
        stored = session.execute(select(audit_log.c.row_hash).where(audit_log.c.id == row_id)).scalar()
    if stored is None:
        return [_("Audit row {id}, the head you noted, is gone: the trail was rewritten.").format(id=row_id)]
    if not stored.startswith(prefix.lower()):
        return [_("Audit row {id} no longer has the hash you noted ({noted}…): the trail was rewritten.").format(
            id=row_id, noted=prefix)]
    return []


@dataclass
class _Found:
    """Dossiers with one kind of problem: the first few named (id, detail), the rest counted."""

    examples: list[tuple[int, str]]
    count: int = 0

    def add(self, entity_id: int, detail: str) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append((entity_id, detail))


def _names(connection: Connection, entity: str, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    column = {"lead": (Lead.id, Lead.name), "user": (User.id, User.login), "script": (Script.id, Script.name),
              "objection_type": (ObjectionType.id, ObjectionType.key)}[entity]
    return dict(connection.execute(select(*column).where(column[0].in_(ids))).all())


def _entity_word(entity: str) -> str:
    return {"lead": _("lead"), "user": _("user"), "script": _("script"), "objection_type": _("objection type")}.get(
        entity, entity)


def _seal_problems(connection: Connection, entity: str, tz: tzinfo) -> list[str]:
    changed, unsealed, deleted = _Found([]), _Found([]), _Found([])
    for chunk in all_digests(connection, entity):
        condition = (audit_log.c.entity_id > chunk.after if chunk.upto is None
                     else audit_log.c.entity_id.between(chunk.after + 1, chunk.upto))
        seals = last_seals(connection, entity, condition)
        for entity_id, digest in chunk.digests.items():
            seal = seals.get(entity_id)
            if seal is None:
                unsealed.add(entity_id, "")
            elif seal.digest != digest:
                changed.add(entity_id, _("audit row {id}, {when}").format(id=seal.audit_id, when=_when(seal.at, tz)))
        for entity_id, seal in seals.items():
            if entity_id not in chunk.digests and seal.digest is not None:
                deleted.add(entity_id, _("audit row {id}, {when}").format(id=seal.audit_id, when=_when(seal.at, tz)))
    names = _names(connection, entity, [entity_id for found in (changed, unsealed) for entity_id, _d in found.examples])
    word = _entity_word(entity)
    problems = []
    templates = (
        (changed, _("{entity} {id} ({name}) differs from its last seal ({detail}): changed outside salescockpit")),
        (unsealed, _("{entity} {id} ({name}) was never sealed: added outside salescockpit")),
        (deleted, _("{entity} {id} was sealed ({detail}) but is gone: deleted outside salescockpit")),
    )
    for found, template in templates:
        for entity_id, detail in found.examples:
            problems.append(template.format(entity=word, id=entity_id, name=names.get(entity_id, "?"), detail=detail))
        if found.count > len(found.examples):
            problems.append(_("… and {n} more {entity} record(s) like these").format(
                n=found.count - len(found.examples), entity=word))
    return problems


#: The head's acknowledgement of a "seal.broken" row (services/seal_acknowledgements.py writes it).
ACKNOWLEDGED = "seal.acknowledged"


def _acknowledged(connection: Connection) -> dict[int, tuple]:
    """broken row id -> (ack row id, at, user id, reason) of each acknowledged broken seal."""
    rows = connection.execute(
        select(audit_log.c.entity_id, audit_log.c.id, audit_log.c.at, audit_log.c.user_id, audit_log.c.new)
        .where(audit_log.c.action == ACKNOWLEDGED, audit_log.c.entity == "audit").order_by(audit_log.c.id)).all()
    return {broken: (row_id, at, user_id, reason) for broken, row_id, at, user_id, reason in rows}


def _broken_seal_rows(connection: Connection, tz: tzinfo) -> list[str]:
    """The evidence writes left: dossiers found changed behind the program's back before a write.

    Broken seals the head has acknowledged are not problems any more (`acknowledged_seals` lists them)."""
    acknowledged = _acknowledged(connection)
    rows = [row for row in connection.execute(
        select(audit_log.c.id, audit_log.c.at, audit_log.c.user_id, audit_log.c.entity, audit_log.c.entity_id)
        .where(audit_log.c.action == BROKEN).order_by(audit_log.c.id)).all() if row[0] not in acknowledged]
    logins = _logins(connection) if rows else {}
    problems = [
        _("{entity} {id} had been changed outside salescockpit before a write on {when} by {who} (audit row {row}); "
          "it was re-sealed after").format(entity=_entity_word(entity), id=entity_id, when=_when(at, tz),
                                           who=logins.get(user_id, _("the program")), row=row_id)
        for row_id, at, user_id, entity, entity_id in rows[:EXAMPLES]
    ]
    if len(rows) > EXAMPLES:
        problems.append(_("… and {n} more such finding(s) in the trail").format(n=len(rows) - EXAMPLES))
    return problems


def acknowledged_seals(db: Database, tz: tzinfo = timezone.utc) -> list[str]:
    """The broken seals the head acknowledged: what, when found, who acknowledged it, when and why."""
    with db.read() as session:
        connection = session.connection()
        if not chain_ready(connection):
            return []
        acknowledged = _acknowledged(connection)
        if not acknowledged:
            return []
        logins = _logins(connection)
        found = {row.id: row for row in connection.execute(
            select(audit_log.c.id, audit_log.c.at, audit_log.c.entity, audit_log.c.entity_id)
            .where(audit_log.c.id.in_(list(acknowledged)))).all()}
    lines = []
    for broken, (row_id, at, user_id, reason) in acknowledged.items():
        row = found.get(broken)
        what = f"{_entity_word(row.entity)} {row.entity_id}" if row is not None else "?"
        lines.append(_("{what}: broken seal of audit row {row} ({found}), acknowledged by {who} on {when} "
                       "(audit row {ack}): {reason}").format(
            what=what, row=broken, found=_when(row.at if row is not None else None, tz),
            who=logins.get(user_id, "?"), when=_when(at, tz), ack=row_id, reason=reason))
    return lines


def check_seals(db: Database, tz: tzinfo = timezone.utc) -> list[str]:
    """Every lead, user, script and objection type matches its last seal; past findings are listed."""
    with db.read() as session:
        connection = session.connection()
        if not chain_ready(connection):
            return []
        problems: list[str] = []
        for entity in ENTITIES:
            problems.extend(_seal_problems(connection, entity, tz))
        problems.extend(_broken_seal_rows(connection, tz))
    return problems
