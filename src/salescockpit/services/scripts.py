"""Call scripts in the database: versioned, so old reviews keep the script they were scored on.

Saving a script whose current version already has reviews inserts version + 1 and retires the
old one; a script nobody was scored on yet is simply replaced. `definition` holds the JSON of
`script_to_mapping`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salescockpit.domain.scoring import ScriptDefinition, ScriptError, script_from_mapping, script_to_mapping
from salescockpit.i18n import N_, _
from salescockpit.store.tables import CallReview, Script, User
from salescockpit.store.text_order import text_key

from .actor import Actor, require_active, require_head
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .text_input import checked_text

FIRST_CONTACT = N_("First contact")
PRESENTATION_CLOSING = N_("Presentation & closing")
#: Stages where a call is a presentation or closing call rather than a first contact.
LATE_STAGES = frozenset({"needs", "presentation", "closing"})
#: The longest script name (its column's length).
MAX_NAME = 200


@dataclass(frozen=True)
class ScriptInfo:
    id: int
    name: str
    version: int
    pass_mark: float
    is_current: bool


def definition_json(definition: ScriptDefinition) -> str:
    return json.dumps(script_to_mapping(definition), ensure_ascii=False, sort_keys=True)


def definition_of(row: Script) -> ScriptDefinition:
    """The checklist stored in ``row`` (name, version and pass mark as the row says)."""
    definition = script_from_mapping(json.loads(row.definition))
    return replace(definition, name=row.name, version=row.version, pass_mark=row.pass_mark)


def current_row(session: Session, name: str) -> Script | None:
    query = select(Script).where(Script.name == name, Script.is_current.is_(True)).order_by(Script.version.desc())
    return session.scalars(query.limit(1)).first()


def insert_script(session: Session, definition: ScriptDefinition, version: int, now) -> Script:
    definition = replace(definition, version=version)
    row = Script(
        name=definition.name,
        version=version,
        pass_mark=float(definition.pass_mark),
        definition=definition_json(definition),
        is_current=True,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def check_script_texts(definition: ScriptDefinition) -> None:
    """InvalidInput when a text of the script cannot be stored (`text_input`): its name (up to
    200 characters, its column's length), a section's title, an item's text or a phrase."""
    checked_text("name", definition.name, MAX_NAME)
    for section in definition.sections:
        checked_text("sections", section.title)
        for item in section.items:
            checked_text("items", item.text)
            for phrase in item.phrases:
                checked_text("phrases", phrase)
    for objection in definition.objections:
        for phrase in objection.phrases:
            checked_text("phrases", phrase)


def save_script(ctx: ServiceContext, actor: Actor, definition: ScriptDefinition) -> int:
    """Save ``definition`` as the current version of its name (head only); return the row id."""
    require_head(actor, _("Only the head of sales can edit call scripts."))
    if not isinstance(definition, ScriptDefinition):
        raise InvalidInput("definition", _("Not a script definition."))
    check_script_texts(definition)
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        current = current_row(session, definition.name)
        if current is None:
            latest = session.scalar(select(func.max(Script.version)).where(Script.name == definition.name))
            row = insert_script(session, definition, (latest or 0) + 1, now)
            record_event(session, actor, "script.create", "script", row.id, f"{row.name} v{row.version}", now)
            return row.id
        reviewed = session.scalars(select(CallReview.id).where(CallReview.script_id == current.id).limit(1)).first()
        if reviewed is not None:
            current.is_current = False
            session.flush()
            row = insert_script(session, definition, current.version + 1, now)
            record_changes(session, actor, "script.version", "script", row.id,
                           {"version": (current.version, row.version)}, now)
            return row.id
        old = (current.definition, current.pass_mark)
        definition = replace(definition, version=current.version)
        current.definition, current.pass_mark = definition_json(definition), float(definition.pass_mark)
        changes = {"definition": (old[0], current.definition), "pass_mark": (old[1], current.pass_mark)}
        record_changes(session, actor, "script.edit", "script", current.id, changes, now)
        return current.id


def load_script(ctx: ServiceContext, script_id: int) -> ScriptDefinition:
    """The checklist of script row ``script_id``."""
    with ctx.db.read() as session:
        row = session.get(Script, script_id)
        if row is None:
            raise NotFound(_("Script #{id} does not exist.").format(id=script_id))
        try:
            return definition_of(row)
        except (ScriptError, ValueError) as error:
            raise InvalidInput("definition", str(error)) from error


def default_script_id(session: Session, manager: User, stage: str) -> int | None:
    """The script a call is scored against when it names none: the manager's own default,
    else the current version for the kind of call the lead's stage makes it."""
    if manager.default_script_id is not None:
        return manager.default_script_id
    row = current_row(session, PRESENTATION_CLOSING if stage in LATE_STAGES else FIRST_CONTACT)
    return row.id if row is not None else None


def set_default_script(ctx: ServiceContext, actor: Actor, login: str, name: str | None) -> None:
    """Give ``login`` a default script (its current version), or clear it with None (head only)."""
    require_head(actor, _("Only the head of sales can choose a manager's script."))
    with ctx.db.write() as session:
        require_active(session, actor)
        user = session.scalars(select(User).where(User.login == login.strip().casefold())).first()
        if user is None:
            raise NotFound(_("There is no user {login}.").format(login=login))
        script_id = None
        if name is not None:
            row = current_row(session, name)
            if row is None:
                raise NotFound(_("There is no script called {name}.").format(name=name))
            script_id = row.id
        record_changes(session, actor, "user.default_script", "user", user.id,
                       {"default_script_id": (user.default_script_id, script_id)}, ctx.clock.now())
        user.default_script_id = script_id


def current_script_id(ctx: ServiceContext, name: str) -> int | None:
    """The id of the current version of the script called ``name``, if any."""
    with ctx.db.read() as session:
        row = current_row(session, name)
        return None if row is None else row.id


def list_scripts(ctx: ServiceContext, include_old: bool = False) -> list[ScriptInfo]:
    """Scripts by name and version (only current versions unless ``include_old``)."""
    with ctx.db.read() as session:
        query = select(Script)
        if not include_old:
            query = query.where(Script.is_current.is_(True))
        rows = sorted(session.scalars(query), key=lambda row: (text_key(row.name), row.version))
        return [ScriptInfo(r.id, r.name, r.version, r.pass_mark, r.is_current) for r in rows]
