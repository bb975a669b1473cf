"""Editing the objection catalog: add, rename, deactivate (and reactivate) a type; head only, audited.

A type is never deleted: calls point at it. A deactivated type can no longer be logged on new
calls but keeps its history in the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salescockpit.i18n import _
from salescockpit.store.tables import ObjectionType

from .actor import Actor, require_active, require_head
from .audit import record_changes, record_event
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .text_input import checked_text

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")
MAX_LABEL = 200
MAX_PHRASE = 200
MAX_PHRASES = 50


def key_from_label(label: str) -> str:
    """A key suggested for ``label``: its ASCII letters and digits, lowercased, joined by "_"."""
    words = re.findall(r"[a-z0-9]+", label.casefold())
    key = "_".join(words)[:64].strip("_")
    return key if key and key[0].isalpha() else ""


def _clean_key(key: str) -> str:
    key = (key or "").strip()
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidInput(
            "key",
            _("The key must start with a letter and use only a-z, 0-9 and _ (at most 64 characters)."),
        )
    return key


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise InvalidInput("label", _("Give the objection a name."))
    checked_text("label", label)
    if len(label) > MAX_LABEL:
        raise InvalidInput("label", _("The name is longer than {limit} characters.").format(limit=MAX_LABEL))
    return label


def clean_phrases(phrases: Sequence[str]) -> str:
    """Tracker phrases as stored: one a line, spaces collapsed, blanks and repeats dropped."""
    found: list[str] = []
    for phrase in phrases:
        phrase = checked_text("phrases", " ".join(phrase.split()))
        if len(phrase) > MAX_PHRASE:
            raise InvalidInput("phrases", _("A phrase is longer than {limit} characters.").format(limit=MAX_PHRASE))
        if phrase and phrase.casefold() not in {known.casefold() for known in found}:
            found.append(phrase)
    if len(found) > MAX_PHRASES:
        raise InvalidInput("phrases", _("At most {limit} phrases per objection type.").format(limit=MAX_PHRASES))
    return "\n".join(found)


def _by_key(session: Session, key: str) -> ObjectionType:
    row = session.scalars(select(ObjectionType).where(ObjectionType.key == key)).first()
    if row is None:
        raise NotFound(_("There is no objection type {key}.").format(key=key))
    return row


def _refuse_duplicate_label(session: Session, label: str, except_id: int | None = None) -> None:
    for row_id, existing in session.execute(select(ObjectionType.id, ObjectionType.label)):
        if row_id != except_id and existing.casefold() == label.casefold():
            raise InvalidInput("label", _("An objection type is already called {label!r}.").format(label=existing))


def add_objection_type(ctx: ServiceContext, actor: Actor, key: str, label: str,
                       phrases: Sequence[str] = ()) -> int:
    """Add a type to the catalog (head only), with its tracker phrases; return its id."""
    require_head(actor, _("Only the head of sales can edit the objection catalog."))
    key, label, stored = _clean_key(key), _clean_label(label), clean_phrases(phrases)
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        existing = session.scalars(select(ObjectionType).where(ObjectionType.key == key)).first()
        if existing is not None:
            if existing.active:
                raise InvalidInput("key", _("The objection type {key} exists already.").format(key=key))
            raise InvalidInput(
                "key", _("The objection type {key} exists but is deactivated: reactivate it.").format(key=key)
            )
        _refuse_duplicate_label(session, label)
        row = ObjectionType(key=key, label=label, active=True, phrases=stored or None)
        session.add(row)
        session.flush()
        record_event(session, actor, "objection_type.add", "objection_type", row.id, f"{key}: {label}", now)
        return row.id


def rename_objection_type(ctx: ServiceContext, actor: Actor, key: str, label: str,
                          phrases: Sequence[str] | None = None) -> None:
    """Give a type a new name and (unless None) new tracker phrases (head only); calls keep pointing at it."""
    require_head(actor, _("Only the head of sales can edit the objection catalog."))
    label = _clean_label(label)
    stored = None if phrases is None else clean_phrases(phrases)
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        row = _by_key(session, key)
        _refuse_duplicate_label(session, label, except_id=row.id)
        changes = {"label": (row.label, label)}
        row.label = label
        if stored is not None:
            changes["phrases"] = (row.phrases or "", stored)
            row.phrases = stored
        record_changes(session, actor, "objection_type.rename", "objection_type", row.id, changes, now)


def set_objection_type_active(ctx: ServiceContext, actor: Actor, key: str, active: bool) -> None:
    """Deactivate (False) or reactivate (True) a type (head only); the last active one stays."""
    require_head(actor, _("Only the head of sales can edit the objection catalog."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        row = _by_key(session, key)
        if row.active == active:
            return
        if not active:
            others = session.scalar(
                select(func.count()).select_from(ObjectionType)
                .where(ObjectionType.active.is_(True), ObjectionType.id != row.id)
            )
            if not others:
                raise InvalidInput("key", _("Keep at least one objection type active."))
        row.active = active
        action = "objection_type.reactivate" if active else "objection_type.deactivate"
        record_changes(session, actor, action, "objection_type", row.id, {"active": (not active, active)}, now)


def deactivate_objection_type(ctx: ServiceContext, actor: Actor, key: str) -> None:
    """Stop offering a type on new calls (head only); its history stays in the ledger."""
    set_objection_type_active(ctx, actor, key, False)


def reactivate_objection_type(ctx: ServiceContext, actor: Actor, key: str) -> None:
    set_objection_type_active(ctx, actor, key, True)
