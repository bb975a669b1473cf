"""Importing leads from a table: every importable row in one transaction, rejects kept aside.

Rows are checked by `imports.leads.read_lead_row`. A row whose phone or e-mail matches a lead
already in the database, or an earlier row of the file, is a duplicate: skipped (and listed),
or with ``update`` the existing lead gets the row's non-blank contact fields, value and source.
With ``all_or_nothing`` one rejected or skipped row means nothing is written; ``dry_run`` does
the whole import and rolls it back. Audit: one "leads.import" event with the counts, plus a
"lead.create" row per new lead (as `create_lead` writes) and "lead.update" rows per change; the
write hooks seal every lead the import created or changed, in bulk, when it commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from salescockpit.i18n import _
from salescockpit.imports.leads import ImportRules, LeadRow, Reject, UserRef, read_lead_row
from salescockpit.imports.tabular import Table
from salescockpit.store.audit_chain import audit_row
from salescockpit.store.audit_writes import queue_rows
from salescockpit.store.tables import Lead, StageHistory, User

from .actor import Actor, require_active
from .audit import record_changes, record_event
from .context import ServiceContext
from .leads import lead_search_text

_CHUNK = 500
_UPDATED_FIELDS = ("name", "company", "phone", "email", "source", "value")


@dataclass
class ImportOutcome:
    """What an import did (or, for a dry run or a refused all-or-nothing, would have done)."""

    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[Reject] = field(default_factory=list)
    rejected: list[Reject] = field(default_factory=list)
    lead_ids: list[int] = field(default_factory=list)
    committed: bool = False

    @property
    def not_imported(self) -> list[Reject]:
        """Every row that did not go in (rejected or skipped duplicate), in file order."""
        return sorted(self.rejected + self.duplicates, key=lambda reject: reject.line)


class _Rollback(Exception):
    """Raised inside the transaction to undo it (dry run, all-or-nothing refused)."""


def import_leads(
    ctx: ServiceContext, actor: Actor, table: Table, columns: Mapping[str, int], *,
    update: bool = False, all_or_nothing: bool = False, dry_run: bool = False,
) -> ImportOutcome:
    """Import the leads in ``table`` (``columns``: field -> column index) for ``actor``."""
    now = ctx.clock.now()
    outcome = ImportOutcome(read=len(table.rows))
    try:
        with ctx.db.write() as session:
            require_active(session, actor)
            rules = ImportRules.build(ctx.pipeline, ctx.settings.phone_region, actor.id, actor.is_head,
                                      _users(session))
            rows: list[LeadRow] = []
            for row in table.rows:
                result = read_lead_row(row, columns, rules)
                if isinstance(result, LeadRow):
                    rows.append(result)
                else:
                    outcome.rejected.append(result)
            to_create, to_update = _sort_duplicates(session, actor, rows, update, outcome)
            if all_or_nothing and (outcome.rejected or outcome.duplicates):
                raise _Rollback
            outcome.lead_ids = _insert(session, actor, to_create, now)
            outcome.imported = len(to_create)
            found = _load(session, [lead_id for lead_id, _row in to_update])
            outcome.updated = sum(_update(session, actor, found[lead_id], row, now) for lead_id, row in to_update)
            outcome.unchanged = len(to_update) - outcome.updated
            summary = (f"read {outcome.read}, imported {outcome.imported}, updated {outcome.updated}, "
                       f"duplicates skipped {len(outcome.duplicates)}, rejected {len(outcome.rejected)}")
            record_event(session, actor, "leads.import", "import", None, summary, now)
            if dry_run:
                raise _Rollback
        outcome.committed = True
    except _Rollback:
        outcome.lead_ids = []  # rolled back: these ids were never kept
        if not dry_run:
            outcome.imported = outcome.updated = outcome.unchanged = 0
    return outcome


def _users(session: Session) -> list[UserRef]:
    query = select(User.id, User.login, User.display_name, User.active).order_by(User.id)
    return [UserRef(id=row[0], login=row[1], name=row[2], active=row[3]) for row in session.execute(query)]


def _existing(session: Session, column: Any, values: set[str]) -> dict[str, tuple[int, int]]:
    """{value: (lead id, owner id)} for leads whose ``column`` is one of ``values`` (lowest id wins)."""
    found: dict[str, tuple[int, int]] = {}
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start:start + _CHUNK]
        query = select(column, Lead.id, Lead.owner_id).where(column.in_(chunk)).order_by(Lead.id)
        for value, lead_id, owner_id in session.execute(query):
            found.setdefault(value, (lead_id, owner_id))
    return found


def _sort_duplicates(
    session: Session, actor: Actor, rows: Sequence[LeadRow], update: bool, outcome: ImportOutcome,
) -> tuple[list[LeadRow], list[tuple[int, LeadRow]]]:
    """Split rows into new leads and updates; duplicates and forbidden updates go to ``outcome``."""
    phones = _existing(session, Lead.phone_norm, {row.phone_norm for row in rows if row.phone_norm})
    emails = _existing(session, Lead.email_norm, {row.email_norm for row in rows if row.email_norm})
    seen: dict[str, int] = {}
    to_create: list[LeadRow] = []
    to_update: list[tuple[int, LeadRow]] = []
    for row in rows:
        keys = [key for key in (row.phone_norm, row.email_norm) if key]
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            reason = _("Duplicate of line {line} (same phone or e-mail).").format(line=earlier)
            outcome.duplicates.append(Reject(row.line, row.cells, reason))
            continue
        for key in keys:
            seen[key] = row.line
        match = (phones.get(row.phone_norm) if row.phone_norm else None) or (
            emails.get(row.email_norm) if row.email_norm else None)
        if match is None:
            to_create.append(row)
            continue
        lead_id, owner_id = match
        others = not actor.is_head and owner_id != actor.id  # a manager never learns another's lead id
        if not update:
            reason = (_("Duplicate of another manager's lead (same phone or e-mail).") if others
                      else _("Duplicate of lead #{id} (same phone or e-mail).").format(id=lead_id))
            outcome.duplicates.append(Reject(row.line, row.cells, reason))
        elif others:
            reason = _("Duplicate of a lead that belongs to another manager.")
            outcome.rejected.append(Reject(row.line, row.cells, reason))
        else:
            to_update.append((lead_id, row))
    return to_create, to_update


def _insert(session: Session, actor: Actor, rows: Sequence[LeadRow], now) -> list[int]:
    """Insert the new leads and their stage history as two bulk statements; queue their audit rows.

    Core inserts, not ORM objects: building 30,000 SQLModel objects cost more than the writes.
    """
    if not rows:
        return []
    logins = dict(session.execute(select(User.id, User.login)).all())
    values: list[dict[str, Any]] = []
    for row in rows:
        draft = row.draft
        lead = dict(
            name=draft.name, company=draft.company, phone=draft.phone, phone_norm=row.phone_norm,
            email=draft.email, email_norm=row.email_norm, source=draft.source, value=draft.value,
            owner_id=draft.owner_id, stage=draft.stage, qualification="unknown",
            created_at=now, updated_at=now, stage_entered_at=now, last_activity_at=now,
        )
        lead["search_text"] = lead_search_text(SimpleNamespace(**lead))  # type: ignore[arg-type]
        values.append(lead)
    table = Lead.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = list(session.execute(statement, values).scalars())
    session.execute(insert(StageHistory.__table__), [
        dict(lead_id=lead_id, from_stage=None, to_stage=lead["stage"], moved_at=now, moved_by_id=actor.id,
             override_reason="")
        for lead_id, lead in zip(ids, values)
    ])
    queue_rows(session, [  # chained, and the new leads sealed, when the import commits
        audit_row(now, actor.id, "lead.create", "lead", lead_id,
                  new=f"{lead['name']} [{lead['stage']}] -> {logins.get(lead['owner_id'], lead['owner_id'])}")
        for lead_id, lead in zip(ids, values)
    ])
    return ids


def _load(session: Session, lead_ids: list[int]) -> dict[int, Lead]:
    """The leads about to be updated, by id, in a few queries."""
    found: dict[int, Lead] = {}
    for start in range(0, len(lead_ids), _CHUNK):
        query = select(Lead).where(Lead.id.in_(lead_ids[start:start + _CHUNK]))
        found.update((lead.id, lead) for lead in session.scalars(query))
    return found


def _update(session: Session, actor: Actor, lead: Lead, row: LeadRow, now) -> int:
    """Give ``lead`` the row's non-blank fields; 1 when something changed, else 0."""
    draft = row.draft
    new: dict[str, Any] = {name: getattr(draft, name) for name in _UPDATED_FIELDS
                           if getattr(draft, name) not in (None, "")}
    if draft.phone:
        new["phone_norm"] = row.phone_norm
    if draft.email:
        new["email_norm"] = row.email_norm
    diff = {name: (getattr(lead, name), value) for name, value in new.items() if getattr(lead, name) != value}
    if not diff:
        return 0
    for name, (_old, value) in diff.items():
        setattr(lead, name, value)
    lead.search_text = lead_search_text(lead)
    lead.updated_at = now
    shown = {name: change for name, change in diff.items() if not name.endswith("_norm")}
    record_changes(session, actor, "lead.update", "lead", lead.id, shown, now)
    return 1
