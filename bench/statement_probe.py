"""The bank statement import: 10,000 documents (goal: under 5 s), and its floor.

A world of its own, built once per bench run in a fresh SQLite file: 3,000 clients with one or
two contracts of three instalments each. The statement (cp1251, CRLF, as a bank writes it) has
10,000 incoming documents: half name a contract in the purpose, a third only the payer's INN
(some of them of clients with two contracts, left to the amount rule), the rest come from payers
nobody knows; plus 500 outgoing ones. Every run imports it into a fresh copy of that world.

The floor is the least any import could cost: the same 10,000 payment rows inserted with
Python's sqlite3 `executemany` in one transaction into another copy (no parsing, no matching).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

DOCUMENTS = 10_000
OUTGOING = 500
CLIENTS = 3_000
COMPANY_INN, COMPANY_ACCOUNT = "7701234567", "40702810900000000001"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


def _inn(number: int) -> str:
    return f"77{number:08d}"


def build_world(folder: Path) -> Path:
    """The seeded world's SQLite file (users, clients, contracts, instalments)."""
    from salescockpit.store.engine import Database

    path = folder / "statement-world.db"
    database = Database.open(f"sqlite:///{path}")
    database.close()
    connection = sqlite3.connect(path)
    stamp = "2026-10-01 09:00:00.000000"
    with connection:
        connection.execute("INSERT INTO users (id, login, display_name, role, active, created_at) "
                           "VALUES (1, 'olga', 'Ольга', 'head', 1, ?)", (stamp,))
        connection.executemany(
            "INSERT INTO clients (id, name, name_fold, inn, manager_id, created_at) VALUES (?, ?, ?, ?, 1, ?)",
            [(n, f"ООО Клиент {n}", f"ооо клиент {n}", _inn(n), stamp) for n in range(1, CLIENTS + 1)])
        contracts, instalments = [], []
        for n in range(1, CLIENTS + 1):
            for k in range(1 + (n % 3 == 0)):
                contract_id = len(contracts) + 1
                contracts.append((contract_id, f"Д-{n}/{k}", n, "2026-09-01", "", 9_000_000, "RUB", stamp))
                for month in range(3):
                    instalments.append((contract_id, f"2026-{10 + month:02d}-15", 3_000_000 + k * 100))
        connection.executemany("INSERT INTO contracts (id, number, client_id, signed_on, subject, total_minor, "
                               "currency, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", contracts)
        connection.executemany("INSERT INTO instalments (contract_id, due_date, amount_minor, paid_minor) "
                               "VALUES (?, ?, ?, 0)", instalments)
    connection.close()
    return path


def _document(number: int, day: date, amount: str, payer_inn: str, purpose: str,
              recipient_inn: str = COMPANY_INN, recipient_account: str = COMPANY_ACCOUNT) -> list[str]:
    return ["СекцияДокумент=Платежное поручение", f"Номер={number}", f"Дата={day:%d.%m.%Y}", f"Сумма={amount}",
            "ПлательщикСчет=40702810100000000777", f"ПлательщикИНН={payer_inn}", "Плательщик1=ООО Плательщик",
            f"ПолучательСчет={recipient_account}", f"ПолучательИНН={recipient_inn}",
            f"НазначениеПлатежа={purpose}", "КонецДокумента"]


def write_statement(folder: Path) -> Path:
    lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", f"РасчСчет={COMPANY_ACCOUNT}",
             "СекцияРасчСчет", f"РасчСчет={COMPANY_ACCOUNT}", "НачальныйОстаток=0.00", "КонецРасчСчет"]
    start = date(2026, 11, 1)
    for n in range(DOCUMENTS):
        client = n % CLIENTS + 1
        day = start + timedelta(days=n % 30)
        if n % 6 < 3:
            lines += _document(n + 1, day, "10000.00", "5000000000", f"Оплата по договору № Д-{client}/0")
        elif n % 6 < 5:
            lines += _document(n + 1, day, "30000.00", _inn(client), "Оплата по счёту")
        else:
            lines += _document(n + 1, day, "1234.56", f"50{n:08d}", "Предоплата")
    for n in range(OUTGOING):
        lines += _document(90_000 + n, start, "500.00", COMPANY_INN, "Аренда", "7800000000", "40702810500000000999")
    lines.append("КонецФайла")
    path = folder / "statement.txt"
    path.write_bytes("\r\n".join(lines).encode("cp1251"))
    return path


def _import_once(world: Path, statement: Path, target: Path) -> float:
    from dataclasses import replace

    from salescockpit.clock import FixedClock
    from salescockpit.config import Settings
    from salescockpit.config_company import CompanySettings
    from salescockpit.services.actor import load_actor
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.payments import import_statement_file
    from salescockpit.store.engine import Database

    shutil.copyfile(world, target)
    database = Database.open(f"sqlite:///{target}")
    settings = replace(Settings(timezone="Europe/Moscow"), company=CompanySettings(COMPANY_INN, (COMPANY_ACCOUNT,)))
    ctx = ServiceContext(db=database, clock=FixedClock(NOW), settings=settings)
    try:
        head = load_actor(ctx, "olga")
        started = time.perf_counter()
        summary = import_statement_file(ctx, head, statement)
        elapsed = time.perf_counter() - started
    finally:
        database.close()
    if summary.imported != DOCUMENTS or summary.outgoing != OUTGOING:
        raise RuntimeError(f"statement import: {summary.imported} imported, {summary.outgoing} outgoing")
    return elapsed


def _floor_once(world: Path, target: Path) -> float:
    shutil.copyfile(world, target)
    rows = [(f"2026-11-{n % 30 + 1:02d}", 1_000_000, "RUB", "5000000000", "ООО Плательщик", "", "Оплата",
             str(n), hashlib.sha256(str(n).encode()).hexdigest(), "unmatched", "", "2026-12-07 09:00:00.000000")
            for n in range(DOCUMENTS)]
    connection = sqlite3.connect(target)
    started = time.perf_counter()
    with connection:
        connection.executemany(
            "INSERT INTO payments (paid_on, amount_minor, currency, payer_inn, payer_name, payer_account, purpose, "
            "reference, document_key, status, source, recorded_at, credit_minor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", rows)
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def statement_times(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """(floor samples, import samples) in seconds, interleaved run by run."""
    world = build_world(folder)
    statement = write_statement(folder)
    floor, imports = [], []
    for run in range(runs):
        floor.append(_floor_once(world, folder / f"floor-{run}.db"))
        imports.append(_import_once(world, statement, folder / f"import-{run}.db"))
    return floor, imports
