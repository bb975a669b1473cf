"""`recording attach` and `import recordings` through click's CliRunner, on a real database file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from salescockpit.cli import main  # noqa: F401  (the CLI first: the commands import its options)
from salescockpit.commands.import_calls import import_calls
from salescockpit.commands.recordings import attach, import_recordings_command
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.store.tables import AuditEntry, Call
from tests.imports.test_master_csv import cdr
from tests.services.conftest import anna, boris, ctx, db_url, head, new_lead  # noqa: F401  (fixtures)
from tests.store.test_reconcile import at


@pytest.fixture
def run(ctx, head, anna, boris, tmp_path):  # noqa: F811
    """run(command, *args, user="olga") -> click Result on the test database."""
    path = ctx.db.url.removeprefix("sqlite:///")
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Europe/Moscow"\n[phone_extensions]\n"101" = "anna"\n', encoding="utf-8")
    environment = {"SALESCOCKPIT_CONFIG": str(config), "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "",
                   "SALESCOCKPIT_TIMEZONE": ""}

    def invoke(command, *args: str, user: str = "olga"):
        return CliRunner().invoke(command, ["--db", path, "--user", user, *args], env=environment)

    return invoke


@pytest.fixture
def two_calls(ctx, head, anna, new_lead):  # noqa: F811
    lead = new_lead(head, name="Пётр Первый", phone="+7 495 123-45-67", owner_login="anna")
    return [log_call(ctx, anna, CallDraft(lead_id=lead, direction="out", outcome="no_answer", duration_seconds=60,
                                          started_at=moment)).call_id for moment in (at(9, 0), at(9, 50))]


def _recordings(ctx):
    with ctx.db.read() as session:
        return dict(session.execute(select(Call.id, Call.recording_ref)).all())


def test_a_folder_is_matched_by_call_id_else_by_time_and_number(ctx, run, two_calls, tmp_path):
    first, second = two_calls
    log = tmp_path / "Master.csv"
    log.write_text(cdr("101", "84951234567", "2026-11-23 09:05:00", "75", "ANSWERED", "1763877900.11"),
                   encoding="utf-8")
    assert run(import_calls, str(log)).exit_code == 0
    folder = tmp_path / "recordings"
    folder.mkdir()
    by_uid = folder / "out-999-101-20261201-120000-1763877900.11.wav"  # its time and number lead nowhere
    by_time = folder / "in-74951234567-20261123-094930.wav"
    stray = folder / "in-79990000000-20261123-120000.wav"
    for path in (by_uid, by_time, stray):
        path.write_bytes(b"RIFF")
    (folder / "readme.txt").write_text("not a recording")
    result = run(import_recordings_command, str(folder))
    assert result.exit_code == 1, result.output
    assert f"{by_uid.name} -> call #{first}" in result.output and f"{by_time.name} -> call #{second}" in result.output
    assert "Attached: 2" in result.output and "No call found for: 1" in result.output and stray.name in result.output
    assert _recordings(ctx) == {first: str(by_uid.resolve()), second: str(by_time.resolve())}
    assert run(import_recordings_command, str(folder), user="anna").exit_code == 2  # head only


def test_attach_a_file_or_link_by_the_owner_or_head_only(ctx, run, two_calls, tmp_path):
    first, second = two_calls
    link = "https://pbx.example/rec/1763877900.11.mp3"
    result = run(attach, str(first), link, user="anna")
    assert result.exit_code == 0, result.output
    file = tmp_path / "call.wav"
    file.write_bytes(b"RIFF")
    assert run(attach, str(second), str(file)).exit_code == 0
    assert _recordings(ctx) == {first: link, second: str(file.resolve())}
    refused = run(attach, str(first), str(file), user="boris")
    assert refused.exit_code == 2 and "another manager" in refused.output
    missing = run(attach, str(first), str(tmp_path / "gone.wav"))
    assert missing.exit_code == 2 and "No such recording file" in missing.output
    assert run(attach, "999999", link).exit_code == 2
    assert _recordings(ctx)[first] == link
    with ctx.db.read() as session:
        trail = session.execute(select(AuditEntry.old, AuditEntry.new).where(
            AuditEntry.action == "call.recording", AuditEntry.entity_id == first)).all()
    assert trail == [(None, link)]
