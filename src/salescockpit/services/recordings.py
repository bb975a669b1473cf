"""Recordings that arrive apart from the call log: attach one to a call, or a folder of them.

A recording is a local file (kept as its absolute path) or an http(s) link (the phone system's
recording URL). `import_recordings` matches each file of a folder to a logged call:

1. by the phone system's call id in the file name (``phone_calls.call_uid``, Asterisk's
   ``uniqueid`` such as ``1700000000.123``): the call logged on that phone call's lead nearest
   its start, within `WINDOW`;
2. else by the time and the phone number in the name (FreePBX names files like
   ``out-79161234567-101-20261123-094012-1700000000.123.wav``; the time is the team's local
   time): the call logged on a lead with that number nearest that time, within `NAME_WINDOW`.

Files that match nothing are listed back, never guessed. One transaction for the folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from salescockpit.domain.contacts import normalize_phone
from salescockpit.i18n import _
from salescockpit.store.contacts import lead_contacts
from salescockpit.store.phone_tables import PhoneCall
from salescockpit.store.tables import Call, Lead

from .actor import Actor, require_active, require_head, require_owner_or_head
from .audit import record_changes
from .context import ServiceContext
from .errors import InvalidInput
from .lookups import get_call, get_lead

AUDIO_SUFFIXES = (".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".gsm", ".webm")
WINDOW = timedelta(minutes=15)
NAME_WINDOW = timedelta(minutes=5)
_UID = re.compile(r"\d{6,}\.\d+")
_WHEN = re.compile(r"(?<!\d)(20\d\d)-?(\d\d)-?(\d\d)[-_T ]?(\d\d)[-:.]?(\d\d)[-:.]?(\d\d)(?!\d)")
_DIGITS = re.compile(r"\+?\d{10,15}")
calls = Call.__table__
phone_calls = PhoneCall.__table__
leads = Lead.__table__


@dataclass
class RecordingImport:
    """What a folder import did: (file name, call id) attached, and the files that matched no call."""

    attached: list[tuple[str, int]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def recording_reference(ref: str) -> str:
    """The reference to store: an http(s) link as given, a file as its absolute path."""
    ref = (ref or "").strip()
    parsed = urlparse(ref)
    if parsed.scheme.lower() in ("http", "https"):
        if not parsed.netloc:
            raise InvalidInput("recording", _("The link has no host: {ref}").format(ref=ref))
        return ref
    path = Path(ref).expanduser()
    if not ref or not path.is_file():
        raise InvalidInput("recording", _("No such recording file: {ref}").format(ref=ref))
    return str(path.resolve())


def _set_recording(session: Session, actor: Actor, call: Call, ref: str, now: datetime) -> None:
    old = call.recording_ref
    call.recording_ref = ref
    record_changes(session, actor, "call.recording", "call", call.id, {"recording_ref": (old, ref)}, now)


def attach_recording(ctx: ServiceContext, actor: Actor, call_id: int, ref: str) -> str:
    """Attach a recording to call ``call_id`` (the head, or the manager who owns its lead)."""
    ref = recording_reference(ref)
    if len(ref) > 1000:
        raise InvalidInput("recording", _("The recording reference is longer than 1000 characters."))
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        call = get_call(session, call_id)
        require_owner_or_head(actor, get_lead(session, call.lead_id).owner_id,
                              _("Call #{id} is on another manager's lead.").format(id=call_id))
        _set_recording(session, actor, call, ref, now)
    return ref


def lead_recordings(ctx: ServiceContext, actor: Actor, lead_id: int) -> list[int]:
    """The calls of lead ``lead_id`` that have a recording, newest first (for the lead card)."""
    from salescockpit.store.queries.visibility import lead_is_visible

    query = (select(calls.c.id).where(calls.c.lead_id == lead_id, calls.c.recording_ref.is_not(None),
                                      calls.c.recording_ref != "", lead_is_visible(calls.c.lead_id, actor))
             .order_by(calls.c.started_at.desc(), calls.c.id.desc()))
    with ctx.db.read() as session:
        return list(session.execute(query).scalars())


def _nearest(session: Session, moment: datetime, window: timedelta, *conditions) -> int | None:
    query = select(calls.c.id, calls.c.started_at).where(
        calls.c.started_at >= moment - window, calls.c.started_at <= moment + window, *conditions)
    found = sorted(session.execute(query), key=lambda row: (abs(row.started_at - moment), row.id))
    return found[0].id if found else None


def _leads_with_number(number: str):
    own = select(leads.c.id).where(leads.c.phone_norm == number)
    listed = select(lead_contacts.c.lead_id).where(lead_contacts.c.kind == "phone",
                                                    lead_contacts.c.value_norm == number)
    return or_(calls.c.lead_id.in_(own), calls.c.lead_id.in_(listed))


def _by_call_uid(session: Session, name: str, region: str) -> int | None:
    uids = _UID.findall(name)
    if not uids:
        return None
    for phone in session.execute(select(phone_calls).where(phone_calls.c.call_uid.in_(uids))):
        if phone.lead_id is not None:
            found = _nearest(session, phone.started_at, WINDOW, calls.c.lead_id == phone.lead_id)
        elif phone.number_norm:
            found = _nearest(session, phone.started_at, WINDOW, _leads_with_number(phone.number_norm))
        else:
            found = None
        if found is not None:
            return found
    return None


def _by_time_and_phone(session: Session, name: str, tz: ZoneInfo, region: str) -> int | None:
    when = _WHEN.search(name)
    if when is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in when.groups())
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None
    rest = name[:when.start()] + " " + name[when.end():]
    for digits in _DIGITS.findall(_UID.sub(" ", rest)):
        number = normalize_phone(digits, region)
        if number:
            found = _nearest(session, moment, NAME_WINDOW, _leads_with_number(number))
            if found is not None:
                return found
    return None


def match_recording(session: Session, name: str, tz: ZoneInfo, region: str = "RU") -> int | None:
    """The logged call a recording file named ``name`` belongs to, or None."""
    return _by_call_uid(session, name, region) or _by_time_and_phone(session, name, tz, region)


def import_recordings(ctx: ServiceContext, actor: Actor, folder: str | Path) -> RecordingImport:
    """Attach every audio file of ``folder`` to the call it matches (head only)."""
    require_head(actor, _("Only the head of sales can import recordings."))
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise InvalidInput("folder", _("No such folder: {path}").format(path=folder))
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES)
    result = RecordingImport()
    now = ctx.clock.now()
    with ctx.db.write() as session:
        require_active(session, actor)
        for path in files:
            call_id = match_recording(session, path.name, ctx.tz, ctx.settings.phone_region)
            if call_id is None:
                result.unmatched.append(path.name)
                continue
            _set_recording(session, actor, session.get(Call, call_id), str(path.resolve()), now)
            result.attached.append((path.name, call_id))
    return result
