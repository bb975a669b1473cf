"""The demo's campaign under way: the head asked every client's manager to ask for referrals; a
third of the calls are made (interested, not now, refused: each closed by the client lead's latest
call), the rest are open and due within the week.

Deterministic and written in bulk through SQLAlchemy Core (not audited row by row, as the rest of
the demo). The demo makes no referral lead, so its leads, queue and board stay as they were.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, text

from salescockpit.store.client_task_tables import Campaign, ClientTask
from salescockpit.store.engine import Database
from salescockpit.store.money_tables import Client
from salescockpit.store.tables import Call

DEMO_CAMPAIGN_NAME = "Рекомендации от клиентов осени"
_OUTCOMES = ("interested", "not_now", "refused")
_CHUNK = 10_000
calls, clients_table = Call.__table__, Client.__table__


def build_demo_campaign(db: Database, *, now: datetime, tz: ZoneInfo) -> int:
    """Write the campaign and one task per client; return how many tasks."""
    today = now.astimezone(tz).date()
    with db.write() as session:
        head = session.execute(text("SELECT id FROM users WHERE role = 'head' ORDER BY id LIMIT 1")).scalar()
        latest = (select(calls.c.id).where(calls.c.lead_id == clients_table.c.lead_id)
                  .order_by(calls.c.started_at.desc(), calls.c.id.desc()).limit(1).scalar_subquery())
        clients = session.execute(select(clients_table.c.id, clients_table.c.manager_id, latest)
                                  .order_by(clients_table.c.id)).all()
        call_ids = [row[2] for row in clients if row[2] is not None]
        called_at = {}
        for start in range(0, len(call_ids), _CHUNK):  # PostgreSQL takes at most 65,535 parameters
            called_at.update(session.execute(select(calls.c.id, calls.c.started_at).where(
                calls.c.id.in_(call_ids[start:start + _CHUNK]))).all())
        if not clients:
            return 0
        tasks = []
        for position, (client_id, manager_id, call_id) in enumerate(clients):
            task = {"client_id": client_id, "manager_id": manager_id, "kind": "referral",
                    "due_date": today + timedelta(days=2 + position % 5), "status": "open", "note": "",
                    "outcome": None, "call_id": None, "done_at": None}
            if position % 3 == 0 and call_id is not None:
                task.update(status="done", outcome=_OUTCOMES[(position // 3) % 3], call_id=call_id,
                            done_at=max(called_at[call_id], now - timedelta(days=13)))
            tasks.append(task)
        started = now - timedelta(days=14)
        campaign_id = session.execute(insert(Campaign.__table__).values(
            name=DEMO_CAMPAIGN_NAME, purpose="referral", filter_text="", due_date=today + timedelta(days=6),
            created_at=started, created_by_id=head).returning(Campaign.__table__.c.id)).scalar_one()
        for task in tasks:
            task.update(campaign_id=campaign_id, created_at=started)
        session.execute(insert(ClientTask.__table__), tasks)
        return len(tasks)
