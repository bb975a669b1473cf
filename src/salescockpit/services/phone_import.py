"""Importing the phone system's call log: one transaction, head of sales only, one audit event.

Each row is matched to a manager (its extension through `Settings.phone_extensions`, or a login
written in the column) and to a lead (its number, normalised in the team's phone region, against
every number of every lead: `leads.phone_norm` and `lead_contacts`). Rows already imported (same `external_key`) are counted as duplicates and
skipped, so importing the same file again adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from salescockpit.domain.contacts import normalize_phone
from salescockpit.i18n import _
from salescockpit.imports.extensions import internal_matcher
from salescockpit.imports.phone_log import PhoneLog, PhoneLogError, RowProblem, read_phone_log_file
from salescockpit.store.contacts import leads_with_contacts
from salescockpit.store.phone_tables import PhoneCall
from salescockpit.store.tables import User

from .actor import Actor, normalize_login, require_active, require_head
from .audit import record_event
from .context import ServiceContext
from .errors import InvalidInput

CHUNK = 500  # values per IN (...) list: far below SQLite's parameter limit


@dataclass(frozen=True)
class PhoneImportResult:
    """What an import did. `unmatched` counts new rows whose number matches no lead."""

    read: int
    imported: int
    matched_leads: int
    matched_managers: int
    unmatched: int
    duplicates: int
    problems: tuple[RowProblem, ...]
    internal: int = 0  # calls between two extensions (Master.csv), skipped


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _existing_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(keys):
        found.update(session.scalars(select(PhoneCall.external_key).where(PhoneCall.external_key.in_(chunk))))
    return found


def _leads_by_phone(session: Session, phones: list[str]) -> dict[str, list[tuple[int, int]]]:
    """phone -> [(lead id, owner id)], oldest lead first, over every number of every lead (`lead_contacts` too)."""
    return leads_with_contacts(session, phones)


def _manager_for(extension: str, extensions: dict[str, str], users: dict[str, int]) -> int | None:
    if not extension:
        return None
    login = extensions.get(extension) or normalize_login(extension)
    return users.get(normalize_login(login))


def _lead_for(candidates: list[tuple[int, int]], manager_id: int | None) -> int | None:
    """The lead with this number: the manager's own if several share it, else the oldest."""
    if not candidates:
        return None
    for lead_id, owner_id in candidates:
        if owner_id == manager_id:
            return lead_id
    return candidates[0][0]


def import_phone_log(ctx: ServiceContext, actor: Actor, log: PhoneLog, source: str) -> PhoneImportResult:
    """Write the new rows of ``log`` (read from the file named ``source``) in one transaction."""
    require_head(actor, _("Only the head of sales can import the phone system's call log."))
    now = ctx.clock.now()
    region = ctx.settings.phone_region
    numbers = {row.external_key: normalize_phone(row.number, region) for row in log.rows}
    with ctx.db.write() as session:
        require_active(session, actor)
        existing = _existing_keys(session, list(numbers))
        users = {login: user_id for login, user_id in session.execute(select(User.login, User.id))}
        leads = _leads_by_phone(session, sorted({phone for phone in numbers.values() if phone}))
        values, seen, duplicates = [], set(existing), 0
        for row in log.rows:
            if row.external_key in seen:
                duplicates += 1
                continue
            seen.add(row.external_key)
            manager_id = _manager_for(row.extension, ctx.settings.phone_extensions, users)
            phone = numbers[row.external_key]
            values.append({
                "started_at": row.started_at, "direction": row.direction, "number": row.number,
                "number_norm": phone, "duration_seconds": row.duration_seconds, "answered": row.answered,
                "extension": row.extension, "manager_id": manager_id,
                "lead_id": _lead_for(leads.get(phone, []), manager_id) if phone else None,
                "recording_ref": row.recording_ref, "source": source[:300], "external_key": row.external_key,
                "call_uid": row.call_uid, "imported_at": now,
            })
        if values:
            session.execute(insert(PhoneCall), values)
        result = PhoneImportResult(
            read=log.read,
            imported=len(values),
            matched_leads=sum(1 for value in values if value["lead_id"] is not None),
            matched_managers=sum(1 for value in values if value["manager_id"] is not None),
            unmatched=sum(1 for value in values if value["lead_id"] is None),
            duplicates=duplicates,
            problems=tuple(log.problems),
            internal=log.internal,
        )
        summary = (
            f"{source}: read {result.read}, imported {result.imported}, leads {result.matched_leads}, "
            f"managers {result.matched_managers}, unmatched {result.unmatched}, duplicates {result.duplicates}, "
            f"rejected {len(result.problems)}"
        )
        record_event(session, actor, "phone_log.import", "phone_call", None, summary, now)
    return result


def import_phone_file(ctx: ServiceContext, actor: Actor, path: Path,
                      overrides: Mapping[str, str] | None = None) -> PhoneImportResult:
    """Read the CSV or XLSX at ``path`` (``overrides``: --map column -> field) and import it.

    An unreadable file raises InvalidInput("file"). A headerless Asterisk Master.csv tells extensions
    from clients by `Settings.phone_internal` and `Settings.phone_extensions`.
    """
    require_head(actor, _("Only the head of sales can import the phone system's call log."))
    is_internal = internal_matcher(ctx.settings.phone_internal, ctx.settings.phone_extensions)
    try:
        log = read_phone_log_file(Path(path), ctx.tz, overrides, is_internal)
    except PhoneLogError as error:
        raise InvalidInput("file", f"{path}: {error}") from None
    return import_phone_log(ctx, actor, log, Path(path).name)
