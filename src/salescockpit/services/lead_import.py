"""Importing leads from a table: every importable row in one transaction, rejects kept aside.

Rows are checked by `imports.leads.read_lead_row`. A row with the CRM id of a lead imported
before (``external_id``, e.g. "bitrix24:17") updates that lead: importing the same export again
never duplicates. A row any of whose phones or e-mails matches any contact of a lead already in
the database, or of an earlier row of the file, is a duplicate: skipped (and listed), or with
``update`` the existing lead gets the row's non-blank fields and every new contact.
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

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from salescockpit.domain.contacts import Contact, unique_contacts
from salescockpit.domain.qualification import NOT_A_REAL_LEAD
from salescockpit.i18n import _
from salescockpit.imports.lead_columns import source_system
from salescockpit.imports.leads import ImportRules, LeadRow, Reject, UserRef, read_lead_row
from salescockpit.imports.tabular import Table
from salescockpit.store.audit_chain import audit_row
from salescockpit.store.audit_writes import queue_rows
from salescockpit.store.contacts import contact_rows, contacts_of, insert_contacts, lead_contacts, leads_with_contacts
from salescockpit.store.tables import Lead, StageHistory, User

from .actor import Actor, require_active
from .audit import record_changes, record_event
from .context import ServiceContext
from .leads import lead_search_text

_CHUNK = 500
_UPDATED_FIELDS = ("name", "company", "phone", "email", "source", "value")
_UPDATED_EXTRAS = ("subject", "tags", "job_title", "currency", "comment", "external_id")


@dataclass
class ImportOutcome:
    """What an import did (or, for a dry run or a refused all-or-nothing, would have done)."""

    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[Reject] = field(default_factory=list)
    rejected: list[Reject] = field(default_factory=list)
    notes: list[Reject] = field(default_factory=list)  # rows that went in with a remark (owner fallback)
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
    stage_map: Mapping[str, str] | None = None, owner_fallback: str | None = None,
) -> ImportOutcome:
    """Import the leads in ``table`` (``columns``: field -> column index) for ``actor``.

    ``stage_map``: {folded stage name: stage key} (`lead_rules.parse_stage_map`); ``owner_fallback``:
    the login that gets the rows whose owner is nobody known (ColumnError when no such user).
    """
    now = ctx.clock.now()
    outcome = ImportOutcome(read=len(table.rows))
    try:
        with ctx.db.write() as session:
            require_active(session, actor)
            rules = ImportRules.build(ctx.pipeline, ctx.settings.phone_region, actor.id, actor.is_head,
                                      _users(session), tz=ctx.tz, stage_map=stage_map,
                                      owner_fallback=owner_fallback, system=source_system(table.headers))
            rows: list[LeadRow] = []
            for row in table.rows:
                result = read_lead_row(row, columns, rules)
                if isinstance(result, LeadRow):
                    rows.append(result)
                    outcome.notes += [Reject(result.line, result.cells, note) for note in result.notes]
                else:
                    outcome.rejected.append(result)
            to_create, to_update = _sort_duplicates(session, actor, rows, update, outcome)
            if all_or_nothing and (outcome.rejected or outcome.duplicates):
                raise _Rollback
            outcome.lead_ids = _insert(session, actor, to_create, now, ctx.pipeline)
            outcome.imported = len(to_create)
            found = _load(session, [lead_id for lead_id, _row in to_update])
            listed = contacts_of(session, found)
            outcome.updated = sum(_update(session, actor, found[lead_id], row, listed[lead_id], now)
                                  for lead_id, row in to_update)
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


def _by_external_id(session: Session, ids: set[str]) -> dict[str, tuple[int, int]]:
    """{CRM id: (lead id, owner id)} of the leads imported before with one of ``ids``."""
    found: dict[str, tuple[int, int]] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        query = (select(Lead.external_id, Lead.id, Lead.owner_id)
                 .where(Lead.external_id.in_(ordered[start:start + _CHUNK])).order_by(Lead.id))
        for external_id, lead_id, owner_id in session.execute(query):
            found.setdefault(f"id:{external_id}", (lead_id, owner_id))
    return found


def _sort_duplicates(
    session: Session, actor: Actor, rows: Sequence[LeadRow], update: bool, outcome: ImportOutcome,
) -> tuple[list[LeadRow], list[tuple[int, LeadRow]]]:
    """Split rows into new leads and updates; duplicates and forbidden updates go to ``outcome``."""
    known = _by_external_id(session, {row.extras.external_id for row in rows if row.extras.external_id})
    by_contact = leads_with_contacts(session, {contact.norm for row in rows for contact in row.contacts})
    seen: dict[str, int] = {}
    matched: dict[int, int] = {}  # lead id -> the line that matched it
    to_create: list[LeadRow] = []
    to_update: list[tuple[int, LeadRow]] = []
    for row in rows:
        keys = row.keys
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            reason = _("Duplicate of line {line} (same phone or e-mail).").format(line=earlier)
            outcome.duplicates.append(Reject(row.line, row.cells, reason))
            continue
        for key in keys:
            seen[key] = row.line
        same_id = known.get(keys[0]) if row.extras.external_id else None
        match = same_id or next((by_contact[contact.norm][0] for contact in row.contacts
                                 if contact.norm in by_contact), None)
        if match is None:
            to_create.append(row)
            continue
        lead_id, owner_id = match
        if lead_id in matched:  # two rows of the file are one lead: the first one speaks for it
            reason = _("Duplicate of line {line} (same phone or e-mail).").format(line=matched[lead_id])
            outcome.duplicates.append(Reject(row.line, row.cells, reason))
            continue
        matched[lead_id] = row.line
        others = not actor.is_head and owner_id != actor.id  # a manager never learns another's lead id
        if not update and same_id is None:
            reason = (_("Duplicate of another manager's lead (same phone or e-mail).") if others
                      else _("Duplicate of lead #{id} (same phone or e-mail).").format(id=lead_id))
            outcome.duplicates.append(Reject(row.line, row.cells, reason))
        elif others:
            reason = _("Duplicate of a lead that belongs to another manager.")
            outcome.rejected.append(Reject(row.line, row.cells, reason))
        else:
            to_update.append((lead_id, row))
    return to_create, to_update


def _new_lead(row: LeadRow, now, junk_key: str, lost_key: str) -> dict[str, Any]:
    """The `leads` row of a new lead: its dates from the file (never later than now), its marks."""
    draft, extras = row.draft, row.extras
    created = min(extras.created_at or now, now)
    touched = max(created, min(extras.modified_at or created, now))
    lead = dict(
        name=draft.name, company=draft.company, phone=draft.phone, phone_norm=row.phone_norm,
        email=draft.email, email_norm=row.email_norm, source=draft.source, value=draft.value,
        owner_id=draft.owner_id, stage=draft.stage, qualification="unknown",
        created_at=created, updated_at=touched, stage_entered_at=touched, last_activity_at=touched,
        subject=extras.subject, tags=extras.tags, job_title=extras.job_title, currency=extras.currency,
        comment=extras.comment, external_id=extras.external_id,
        junk_reason=None, junk_marked_at=None, junk_marked_by_id=None, lost_reason=None,
    )
    if draft.stage == junk_key:  # junk in the CRM: marked junk here, so it waits for the head's re-check
        lead.update(qualification="junk", junk_reason=extras.junk_reason, junk_marked_at=touched,
                    junk_marked_by_id=draft.owner_id)
    elif draft.stage == lost_key:
        lead.update(lost_reason=extras.lost_reason)
        if extras.lost_reason == NOT_A_REAL_LEAD:
            lead.update(junk_marked_at=touched, junk_marked_by_id=draft.owner_id)
    lead["search_text"] = lead_search_text(SimpleNamespace(**lead), row.contacts)  # type: ignore[arg-type]
    return lead


def _insert(session: Session, actor: Actor, rows: Sequence[LeadRow], now, pipeline) -> list[int]:
    """Insert the new leads and their stage history as two bulk statements; queue their audit rows.

    Core inserts, not ORM objects: building 30,000 SQLModel objects cost more than the writes.
    """
    if not rows:
        return []
    logins = dict(session.execute(select(User.id, User.login)).all())
    values = [_new_lead(row, now, pipeline.disqualified_key, pipeline.lost_key) for row in rows]
    table = Lead.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = list(session.execute(statement, values).scalars())
    session.execute(insert(StageHistory.__table__), [
        dict(lead_id=lead_id, from_stage=None, to_stage=lead["stage"], moved_at=lead["created_at"],
             moved_by_id=actor.id, override_reason="")
        for lead_id, lead in zip(ids, values)
    ])
    insert_contacts(session, [contact for lead_id, row in zip(ids, rows)
                              for contact in contact_rows(lead_id, row.contacts)])
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


def _update(session: Session, actor: Actor, lead: Lead, row: LeadRow, before: list[Contact], now) -> int:
    """Give ``lead`` the row's non-blank fields and every contact it lacks; 1 when something changed, else 0."""
    draft, extras = row.draft, row.extras
    new: dict[str, Any] = {name: getattr(draft, name) for name in _UPDATED_FIELDS
                           if getattr(draft, name) not in (None, "")}
    new.update({name: getattr(extras, name) for name in _UPDATED_EXTRAS if getattr(extras, name) not in (None, "")})
    if draft.phone:
        new["phone_norm"] = row.phone_norm
    if draft.email:
        new["email_norm"] = row.email_norm
    diff = {name: (getattr(lead, name), value) for name, value in new.items() if getattr(lead, name) != value}
    merged = list(unique_contacts([*row.contacts, *before]))
    if [(c.kind, c.norm) for c in merged] != [(c.kind, c.norm) for c in before]:
        diff["contacts"] = (", ".join(contact.value for contact in before),
                            ", ".join(contact.value for contact in merged))
    if not diff:
        return 0
    for name, (_old, value) in diff.items():
        if name != "contacts":
            setattr(lead, name, value)
    if "contacts" in diff:
        session.execute(delete(lead_contacts).where(lead_contacts.c.lead_id == lead.id))
        insert_contacts(session, contact_rows(lead.id, merged))
    lead.search_text = lead_search_text(lead, merged)
    lead.updated_at = now
    shown = {name: change for name, change in diff.items() if not name.endswith("_norm")}
    record_changes(session, actor, "lead.update", "lead", lead.id, shown, now)
    return 1
