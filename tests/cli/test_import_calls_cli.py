"""`import calls` and `reconcile` through click's CliRunner, on a real database file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from salescockpit.cli import main  # noqa: F401  (the CLI first: the commands import its options)
from salescockpit.commands.import_calls import import_calls
from salescockpit.commands.reconcile import reconcile
from tests.services.conftest import anna, boris, ctx, db_url, head, new_lead  # noqa: F401  (fixtures)
from tests.store.test_reconcile import build_story


@pytest.fixture
def run(ctx, head, anna, tmp_path):  # noqa: F811
    """run(command, *args, user="olga") -> click Result on the test database."""
    path = ctx.db.url.removeprefix("sqlite:///")
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Europe/Moscow"\n[phone_extensions]\n"101" = "anna"\n', encoding="utf-8")
    environment = {"SALESCOCKPIT_CONFIG": str(config), "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "",
                   "SALESCOCKPIT_TIMEZONE": ""}

    def invoke(command, *args: str, user: str = "olga"):
        return CliRunner().invoke(command, ["--db", path, "--user", user, *args], env=environment)

    return invoke


def _csv(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "pbx.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_a_clean_file_exits_0_and_again_adds_nothing(run, head, new_lead, tmp_path):  # noqa: F811
    new_lead(head, phone="+7 495 123-45-67", owner_login="anna")
    file = _csv(tmp_path, "Время;Номер;Внутренний номер\n23.11.2026 09:05;84951234567;101\n"
                          "23.11.2026 09:06;+79990000000;555\n", "cp1251")
    result = run(import_calls, file)
    assert result.exit_code == 0, result.output
    for line in ("Read: 2", "Imported: 2", "Matched to leads: 1", "Matched to managers: 1",
                 "Unmatched (no lead with the number): 1", "Duplicates skipped: 0", "Rejected: 0"):
        assert line in result.output
    again = run(import_calls, file)
    assert again.exit_code == 0 and "Imported: 0" in again.output and "Duplicates skipped: 2" in again.output


def test_rejected_rows_exit_1_with_their_lines(run, tmp_path):
    result = run(import_calls, _csv(tmp_path, "time,number\n2026-11-23 09:00,+74951234567\nsoon,+74951234567\n"))
    assert result.exit_code == 1
    assert "Imported: 1" in result.output and "Rejected: 1" in result.output and "line 3:" in result.output


def test_nothing_read_exits_2(run, tmp_path):
    assert run(import_calls, str(tmp_path / "missing.csv")).exit_code == 2
    result = run(import_calls, _csv(tmp_path, "who,what\n1,2\n"))
    assert result.exit_code == 2 and "number" in result.output
    assert run(import_calls, _csv(tmp_path, "time,number\n"), user="anna").exit_code == 2  # head only


def test_reconcile_prints_both_lists_and_a_manager_sees_their_own(ctx, head, anna, boris, new_lead, run, tmp_path):  # noqa: F811
    build_story(ctx, head, anna, boris, new_lead, tmp_path)
    result = run(reconcile, "--date", "2026-11-23")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Logged, but the phone system never saw them: 2" in out
    assert "In the phone system, but nobody logged them: 2" in out
    assert "08:00" in out and "09:40" in out and "08:40" in out and "09:20" in out and "Мария Вторая" in out
    assert "Анна Смирнова" in out and "Борис Иванов" in out
    own = run(reconcile, "--date", "2026-11-23", user="boris").output
    assert "Семён Третий" in own and "Анна Смирнова" not in own and "Мария Вторая" not in own


def test_reconcile_before_any_phone_log_says_there_is_nothing_to_compare(ctx, head, anna, new_lead, run):  # noqa: F811
    from salescockpit.services.calls import CallDraft, log_call
    from tests.store.test_reconcile import at

    lead = new_lead(head, name="Пётр Первый", phone="+7 495 123-45-67", owner_login="anna")
    for hour in (7, 8, 9):
        log_call(ctx, anna, CallDraft(lead_id=lead, direction="out", outcome="no_answer", duration_seconds=60,
                                      started_at=at(hour, 0)))
    result = run(reconcile, "--date", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert "No phone log imported yet: nothing to compare." in result.output
    assert "salescockpit import calls FILE" in result.output
    assert "never saw them" not in result.output and "Пётр Первый" not in result.output
