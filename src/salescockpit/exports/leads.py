"""Leads out as a table the lead importer reads back (`salescockpit import leads`).

Columns: name, company, phone, email, source, owner (login), stage (key), value (a number),
then created (team wall time) and id, which the importer ignores. ``--from``/``--to`` filter on
the day the lead was created. A manager gets only the leads they own now
(`store.queries.visibility`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from salescockpit.services.actor import Actor
from salescockpit.services.context import ServiceContext
from salescockpit.store.queries.visibility import own_leads
from salescockpit.store.tables import Lead, User

from . import local_text, render_table, window

LEAD_HEADERS = ("name", "company", "phone", "email", "source", "owner", "stage", "value", "created", "id")


def lead_rows(ctx: ServiceContext, actor: Actor, start: date | None = None, end: date | None = None) -> list[tuple]:
    """The leads ``actor`` may export, as tuples in `LEAD_HEADERS` order, oldest first."""
    since, until = window(start, end, ctx.tz)
    query = (
        select(Lead.name, Lead.company, Lead.phone, Lead.email, Lead.source, User.login, Lead.stage, Lead.value,
               Lead.created_at, Lead.id)
        .join(User, User.id == Lead.owner_id)
        .order_by(Lead.id)
    )
    query = query.where(own_leads(actor, Lead.owner_id))
    if since is not None:
        query = query.where(Lead.created_at >= since)
    if until is not None:
        query = query.where(Lead.created_at < until)
    with ctx.db.read() as session:
        return [
            (name, company, phone or "", email or "", source, login, stage, value, local_text(created, ctx.tz), lead_id)
            for name, company, phone, email, source, login, stage, value, created, lead_id in session.execute(query)
        ]


def export_leads(ctx: ServiceContext, actor: Actor, fmt: str, start: date | None = None,
                 end: date | None = None) -> tuple[bytes, int]:
    """The file's bytes in ``fmt`` (csv or xlsx) and how many leads it holds."""
    rows = lead_rows(ctx, actor, start, end)
    return render_table(LEAD_HEADERS, rows, fmt), len(rows)
