"""The demo's money: clients from its won leads, contracts with schedules, payments (some
late, some missing), promises (one broken, one open), two payments waiting to be matched, and a
sample bank statement in the 1CClientBankExchange format written next to the database, and each
manager's plan for this month and the last (a little above what their schedule asks for).

Deterministic (one `Random` from the seed, days counted from ``now``) and fast: a few bulk
inserts through SQLAlchemy Core, so SQLite and PostgreSQL alike. Bulk demo rows are not audited
one by one (as the rest of the demo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, insert, text

from salescockpit.domain.money import add_months, even_split
from salescockpit.store.connection import database_url, sqlite_path
from salescockpit.store.engine import Database
from salescockpit.store.money_tables import Client, Contract, Instalment, Payment, PaymentAllocation, PromiseToPay
from salescockpit.store.plan_tables import MonthlyPlan

from .statement_1c import DEMO_COMPANY_ACCOUNT, DEMO_COMPANY_INN, statement_text

__all__ = ["DEMO_COMPANY_ACCOUNT", "DEMO_COMPANY_INN", "MoneySummary", "build_demo_money", "statement_path_for"]


@dataclass(frozen=True)
class MoneySummary:
    clients: int
    contracts: int
    instalments: int
    payments: int
    promises: int
    statement: Path | None


def statement_path_for(db_url_or_path: str) -> Path | None:
    """Where the demo writes its sample statement: beside a SQLite file; None for a server database
    (no file of ours to sit beside, and the current folder is nobody's to litter)."""
    path = sqlite_path(database_url(db_url_or_path))
    return None if path is None else path.with_name(path.stem + "-statement-1c.txt")


def _inn(rng: Random) -> str:
    return str(rng.randrange(10**9, 10**10))


def build_demo_money(db: Database, *, seed: int, now: datetime, tz: ZoneInfo,
                     statement: Path | None = None) -> MoneySummary:
    """Write the money rows for the won leads already in ``db``; the statement to ``statement``."""
    rng = Random(seed * 7919 + 18)
    today = now.astimezone(tz).date()
    with db.write() as session:
        won = session.execute(text(
            "SELECT id, name, company, owner_id, stage_entered_at FROM leads WHERE stage = 'won' ORDER BY id")).all()
        rows = _plan(rng, won, today, now)
        for table, items in ((Client, rows.clients), (Contract, rows.contracts), (Instalment, rows.instalments),
                             (Payment, rows.payments), (PaymentAllocation, rows.allocations),
                             (PromiseToPay, rows.promises)):
            if items:
                session.execute(insert(table.__table__), items)
        if inspect(session.connection()).has_table("monthly_plans"):  # an older schema has no plans
            plans = _plans(rows, today, now)
            if plans:
                session.execute(insert(MonthlyPlan.__table__), plans)
    written = None
    if statement is not None and rows.statement_documents:
        statement.write_bytes(statement_text(rows.statement_documents, today).encode("cp1251"))
        written = statement
    return MoneySummary(len(rows.clients), len(rows.contracts), len(rows.instalments), len(rows.payments),
                        len(rows.promises), written)


@dataclass
class _Rows:
    clients: list[dict]
    contracts: list[dict]
    instalments: list[dict]
    payments: list[dict]
    allocations: list[dict]
    promises: list[dict]
    statement_documents: list[dict]


def _plan(rng: Random, won, today: date, now: datetime) -> _Rows:
    rows = _Rows([], [], [], [], [], [], [])
    instalment_id = payment_id = 0
    overdue: list[tuple[int, int, int, dict]] = []  # (client id, instalment id, outstanding, client)
    for client_id, (lead_id, name, company, owner_id, _entered) in enumerate(won, start=1):
        client = {"id": client_id, "name": company or name, "name_fold": (company or name).casefold(),
                  "inn": _inn(rng), "kpp": str(rng.randrange(10**8, 10**9)), "manager_id": owner_id,
                  "lead_id": lead_id, "created_at": now}
        rows.clients.append(client)
        signed = today - timedelta(days=rng.randint(10, 150))
        number = f"Д-{signed.year}-{client_id:04d}"
        total = rng.randrange(60, 900) * 1000_00
        count = rng.choice((1, 3, 3, 4, 6))
        rows.contracts.append({"id": client_id, "number": number, "client_id": client_id, "signed_on": signed,
                               "subject": "", "total_minor": total, "currency": "RUB", "created_at": now})
        first_due = signed + timedelta(days=rng.choice((7, 14, 30)))
        habit = rng.random()  # < 0.6 pays on time, < 0.8 pays late, else stops paying
        for index, amount in enumerate(even_split(total, count)):
            instalment_id += 1
            due = add_months(first_due, index)
            item = {"id": instalment_id, "contract_id": client_id, "due_date": due, "amount_minor": amount,
                    "paid_minor": 0}
            rows.instalments.append(item)
            paid_on = due - timedelta(days=rng.randint(0, 3)) if habit < 0.6 else due + timedelta(days=rng.randint(3, 25))
            if habit >= 0.8 or paid_on >= today:
                if due < today:
                    overdue.append((client_id, instalment_id, amount, client))
                elif due <= today + timedelta(days=10) and len(rows.statement_documents) < 6:
                    rows.statement_documents.append(
                        _document(client, number, amount, today, len(rows.statement_documents)))
                continue
            payment_id += 1
            item["paid_minor"] = amount
            reason = "contract_number" if rng.random() < 0.7 else "inn"
            rows.payments.append(_payment(payment_id, client, number, paid_on, amount, now, "matched", reason))
            rows.allocations.append({"id": payment_id, "payment_id": payment_id, "instalment_id": instalment_id,
                                     "amount_minor": amount})
    for position, (client_id, item_id, amount, client) in enumerate(overdue[:4]):
        broken = position % 2 == 0
        rows.promises.append({
            "id": position + 1, "client_id": client_id, "instalment_id": item_id, "amount_minor": amount,
            "due_date": today - timedelta(days=4) if broken else today + timedelta(days=2),
            "status": "broken" if broken else "open", "created_at": now - timedelta(days=9),
            "settled_at": now - timedelta(days=3) if broken else None})
    for unknown in range(2):  # money nobody can place without a person: the payments to match
        payment_id += 1
        stranger = {"id": None, "name": ("ИП Сидоров А. В.", "ООО «Вектор»")[unknown], "inn": _inn(rng)}
        amount = rng.randrange(20, 200) * 1000_00
        rows.payments.append(_payment(payment_id, stranger, "", today - timedelta(days=unknown + 1), amount, now,
                                      "unmatched", None))
    if rows.clients:  # the statement's tricky cases: INN only, an unknown payer
        rows.statement_documents.append(_document(rows.clients[0], "", 15000_00, today, 90, purpose="Оплата по счёту"))
        stranger = {"name": "ООО «Неизвестный плательщик»", "inn": _inn(rng)}
        rows.statement_documents.append(_document(stranger, "", 7777_00, today, 91, purpose="Оплата услуг"))
    return rows


def _plans(rows: _Rows, today: date, now: datetime) -> list[dict]:
    """This month's and last month's plan per manager: what their instalments due then ask for,
    plus a tenth, rounded up to a thousand (at least 100 000)."""
    managers = {client["id"]: client["manager_id"] for client in rows.clients}
    contract_client = {contract["id"]: contract["client_id"] for contract in rows.contracts}
    plans = []
    for month_start in (add_months(today.replace(day=1), -1), today.replace(day=1)):
        asked: dict[int, int] = {}
        for item in rows.instalments:
            if (item["due_date"].year, item["due_date"].month) == (month_start.year, month_start.month):
                manager = managers[contract_client[item["contract_id"]]]
                asked[manager] = asked.get(manager, 0) + item["amount_minor"]
        for manager in sorted(set(managers.values())):
            amount = max(100_000_00, -(-asked.get(manager, 0) * 11 // 10 // 1000_00) * 1000_00)
            plans.append({"manager_id": manager, "month_start": month_start, "amount_minor": amount,
                          "currency": "RUB", "set_at": now, "set_by_id": None})
    return plans


def _payment(payment_id: int, client: dict, number: str, paid_on: date, amount: int, now: datetime,
             status: str, reason: str | None) -> dict:
    purpose = f"Оплата по договору № {number}" if number else "Оплата по счёту, НДС не облагается"
    return {"id": payment_id, "paid_on": paid_on, "amount_minor": amount, "currency": "RUB",
            "payer_inn": client["inn"], "payer_name": client["name"], "payer_account": "", "purpose": purpose,
            "reference": str(1000 + payment_id), "document_key": f"demo-{payment_id}", "status": status,
            "match_reason": reason, "client_id": client["id"] if status == "matched" else None,
            "contract_id": client["id"] if status == "matched" else None, "credit_minor": 0, "source": "demo",
            "recorded_at": now}


def _document(client: dict, number: str, amount: int, day: date, position: int, purpose: str | None = None) -> dict:
    return {"number": str(500 + position), "date": day, "amount_minor": amount, "payer_name": client["name"],
            "payer_inn": client["inn"],
            "purpose": purpose or f"Оплата по договору № {number}, НДС не облагается"}
