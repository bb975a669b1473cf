"""Asterisk/FreePBX Master.csv as the PBX writes it (no header), imported and reconciled."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from salescockpit.cli import main  # noqa: F401  (the CLI first: the commands import its options)
from salescockpit.commands.import_calls import import_calls
from salescockpit.commands.reconcile import reconcile
from salescockpit.imports.extensions import internal_matcher
from salescockpit.imports.phone_log import read_phone_log
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.store.phone_tables import PhoneCall
from salescockpit.store.queries.reconcile import reconcile_day
from tests.conftest import TEST_TZ
from tests.services.conftest import anna, boris, ctx, db_url, head, new_lead  # noqa: F401  (fixtures)
from tests.store.test_reconcile import DAY, at

MOSCOW = ZoneInfo("Europe/Moscow")


def cdr(src, dst, start, billsec, disposition, uid=None, *, clid=None, userfield=True) -> str:
    """One Master.csv line: 16 columns, 18 with a uniqueid (and userfield)."""
    clid = clid if clid is not None else f'"Ivan Petrov" <{src}>'
    cells = ["", src, dst, "from-internal", clid, f"SIP/{src}-0000001a", "SIP/trunk-0000001b", "Dial",
             f"SIP/trunk/{dst},60,tT", start, start, start, str(int(billsec) + 7), billsec, disposition,
             "DOCUMENTATION"]
    if uid is not None:
        cells += [uid] + ([""] if userfield else [])
    quoted = ['"' + cell.replace('"', '""') + '"' if not cell.isdigit() else cell for cell in cells]
    return ",".join(quoted) + "\n"


MASTER = (
    cdr("101", "84951234567", "2026-11-23 09:05:00", "75", "ANSWERED", "1763877900.11")        # 1 out, answered
    + cdr("+79161112233", "102", "2026-11-23 08:40:00", "0", "NO ANSWER", "1763876400.12")     # 2 in, missed
    + cdr("101", "102", "2026-11-23 08:50:00", "20", "ANSWERED", "1763877000.13")              # 3 internal
    + cdr("102", "+7 495 765-43-21", "2026-11-23 09:20:00", "0", "BUSY")                       # 4 out, 16 columns
    + cdr("101", "84951234567", "23/11/2026 soon", "10", "ANSWERED", "1763877900.14")          # 5 bad time
    + cdr("101", "84951234567", "2026-11-23 09:30:00", "10", "HUNG UP", "1763877900.15")       # 6 bad disposition
    + cdr("84990000000", "84951234567", "2026-11-23 09:31:00", "10", "FAILED", "1763877900.16")  # 7 no extension
    + "\n"
    + cdr("+79991234567", "101", "2026-11-23 09:40:00", "12", "ANSWERED", "1763877900.17", userfield=False)  # 9: 17
)


def test_master_csv_is_read_as_it_is():
    log = read_phone_log(MASTER.encode(), MOSCOW, is_internal=internal_matcher([(100, 199)], {}))
    assert [(problem.line, problem.message[:22]) for problem in log.problems] == [
        (5, "“23/11/2026 soon” is n"), (6, "“HUNG UP” is not a dis"), (7, "Neither side (84990000"),
    ]
    assert log.internal == 1 and log.read == 8
    rows = [(row.line, row.direction, row.number, row.extension, row.duration_seconds, row.answered, row.call_uid)
            for row in log.rows]
    assert rows == [
        (1, "out", "84951234567", "101", 75, True, "1763877900.11"),
        (2, "in", "+79161112233", "102", 0, False, "1763876400.12"),
        (4, "out", "+7 495 765-43-21", "102", 0, False, None),
        (9, "in", "+79991234567", "101", 12, True, "1763877900.17"),
    ]
    assert log.rows[0].started_at == datetime(2026, 11, 23, 6, 5, tzinfo=timezone.utc)  # PBX local time


def test_extensions_without_configuration_are_short_numbers():
    log = read_phone_log(cdr("2001", "84951234567", "2026-11-23 09:05:00", "5", "ANSWERED", "1.1"), MOSCOW)
    assert [(row.direction, row.extension) for row in log.rows] == [("out", "2001")]


def test_a_header_is_still_a_header():
    log = read_phone_log("time,number\n2026-11-23 09:00,+74951234567\n", MOSCOW)
    assert len(log.rows) == 1 and log.rows[0].call_uid is None


@pytest.fixture
def run(ctx, head, anna, boris, tmp_path):  # noqa: F811
    path = ctx.db.url.removeprefix("sqlite:///")
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Europe/Moscow"\nphone_internal = ["100-199"]\n'
                      '[phone_extensions]\n"101" = "anna"\n"102" = "boris"\n', encoding="utf-8")
    environment = {"SALESCOCKPIT_CONFIG": str(config), "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "",
                   "SALESCOCKPIT_TIMEZONE": ""}

    def invoke(command, *args: str, user: str = "olga"):
        return CliRunner().invoke(command, ["--db", path, "--user", user, *args], env=environment)

    return invoke


def test_import_and_reconcile_master_csv(ctx, head, anna, boris, new_lead, run, tmp_path):  # noqa: F811
    ctx.settings = replace(ctx.settings, phone_extensions={"101": "anna", "102": "boris"})
    first = new_lead(head, name="Пётр Первый", phone="+7 495 123-45-67", owner_login="anna")
    second = new_lead(head, name="Семён Третий", phone="+7 916 111-22-33", owner_login="boris")
    third = new_lead(head, name="Мария Вторая", phone="+7 495 765-43-21", owner_login="boris")
    for actor, lead, moment in ((anna, first, at(9, 0)), (boris, third, at(9, 22)), (anna, first, at(9, 50))):
        log_call(ctx, actor, CallDraft(lead_id=lead, direction="out", outcome="no_answer", duration_seconds=60,
                                       started_at=moment))
    file = tmp_path / "Master.csv"
    file.write_text(MASTER, encoding="utf-8")
    result = run(import_calls, str(file))
    assert result.exit_code == 1, result.output  # some lines rejected, as lead import
    for line in ("Read: 8", "Imported: 4", "Matched to leads: 3", "Matched to managers: 4",
                 "Calls between extensions skipped: 1", "Rejected: 3", "line 5:", "line 6:", "line 7:"):
        assert line in result.output, result.output
    with ctx.db.read() as session:
        uids = {lead: uid for lead, uid in session.execute(
            select(PhoneCall.lead_id, PhoneCall.call_uid).where(PhoneCall.lead_id.is_not(None)))}
        reconciliation = reconcile_day(session, DAY, TEST_TZ)
    assert uids == {first: "1763877900.11", second: "1763876400.12", third: None}
    assert [(row.lead_name, row.started_at.astimezone(TEST_TZ).strftime("%H:%M"))
            for row in reconciliation.seen_not_logged] == [("Семён Третий", "08:40")]  # the missed inbound call
    assert [(row.lead_name, row.started_at.astimezone(TEST_TZ).strftime("%H:%M"))
            for row in reconciliation.logged_not_seen] == [("Пётр Первый", "09:50")]
    printed = run(reconcile, "--date", "2026-11-23")
    assert printed.exit_code == 0 and "Семён Третий" in printed.output and "09:50" in printed.output
    again = run(import_calls, str(file))
    assert "Imported: 0" in again.output and "Duplicates skipped: 4" in again.output


def test_a_clean_master_csv_exits_0(run, tmp_path):
    file = tmp_path / "Master.csv"
    file.write_text(MASTER.splitlines(keepends=True)[0], encoding="utf-8")
    assert run(import_calls, str(file)).exit_code == 0


def test_map_names_the_columns_a_cloud_export_calls_its_own(run, tmp_path):
    file = tmp_path / "cloud.csv"
    file.write_text("Когда;Абонент Б;Сотрудник;Секунды\n23.11.2026 09:05;+74951234567;101;30\n", encoding="utf-8")
    refused = run(import_calls, str(file))
    assert refused.exit_code == 2 and "time, number" in refused.output
    result = run(import_calls, str(file), "--map", "Когда=time", "--map", "Абонент Б=number", "--map", "4=duration")
    assert result.exit_code == 0 and "Imported: 1" in result.output and "Matched to managers: 1" in result.output
    assert run(import_calls, str(file), "--map", "Когда=when").exit_code == 2  # usage error
    missing = run(import_calls, str(file), "--map", "Нет такой=time")
    assert missing.exit_code == 2 and "Нет такой" in missing.output


def test_a_number_longer_than_its_column_refuses_its_line_instead_of_being_cut():
    text = cdr("101", "8" * 65, "2026-11-23 09:05:00", "5", "ANSWERED", "1.1") + cdr(
        "101", "84951234567", "2026-11-23 09:06:00", "5", "ANSWERED", "9" * 151)
    log = read_phone_log(text.encode(), MOSCOW, is_internal=internal_matcher([(100, 199)], {}))
    assert [(problem.line, problem.message) for problem in log.problems] == [
        (1, "The number cell is longer than 64 characters."), (2, "The uniqueid cell is longer than 150 characters.")]
