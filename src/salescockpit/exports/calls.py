"""Calls out as a table: one row per logged call, with the lead's contacts to match it by.

Columns: started (team wall time, "YYYY-MM-DD HH:MM"), name, company, phone, email (the
lead's), manager (login), direction (out/in), duration_seconds (a number), outcome, notes,
recording, lead_id. ``--from``/``--to`` filter on the day the call started. A manager gets
only the calls they made on the leads they own now (`store.queries.visibility`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from salescockpit.services.actor import Actor
from salescockpit.services.context import ServiceContext
from salescockpit.store.queries.visibility import own_leads
from salescockpit.store.tables import Call, Lead, User

from . import local_text, render_table, window

CALL_HEADERS = ("started", "name", "company", "phone", "email", "manager", "direction", "duration_seconds",
                "outcome", "notes", "recording", "lead_id")


def call_rows(ctx: ServiceContext, actor: Actor, start: date | None = None, end: date | None = None) -> list[tuple]:
    """The calls ``actor`` may export, as tuples in `CALL_HEADERS` order, earliest first."""
    since, until = window(start, end, ctx.tz)
    query = (
        select(Call.started_at, Lead.name, Lead.company, Lead.phone, Lead.email, User.login, Call.direction,
               Call.duration_seconds, Call.outcome, Call.notes, Call.recording_ref, Lead.id)
        .join(Lead, Lead.id == Call.lead_id)
        .join(User, User.id == Call.manager_id)
        .order_by(Call.started_at, Call.id)
    )
    if not actor.is_head:
        query = query.where(Call.manager_id == actor.id, own_leads(actor, Lead.owner_id))
    if since is not None:
        query = query.where(Call.started_at >= since)
    if until is not None:
        query = query.where(Call.started_at < until)
    with ctx.db.read() as session:
        return [
            (local_text(started, ctx.tz), name, company, phone or "", email or "", login, direction, duration,
             outcome, notes, recording or "", lead_id)
            for started, name, company, phone, email, login, direction, duration, outcome, notes, recording, lead_id
            in session.execute(query)
        ]


def export_calls(ctx: ServiceContext, actor: Actor, fmt: str, start: date | None = None,
                 end: date | None = None) -> tuple[bytes, int]:
    """The file's bytes in ``fmt`` (csv or xlsx) and how many calls it holds."""
    rows = call_rows(ctx, actor, start, end)
    return render_table(CALL_HEADERS, rows, fmt), len(rows)
