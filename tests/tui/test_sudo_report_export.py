"""Through sudo as the service account, the cockpit's report export never writes over a file of the
service account's (its database, its key): one error line, the file untouched (service_account.py)."""

from __future__ import annotations

import os

import pytest
from textual.widgets import Input

from tests.tui.test_reports_screen import open_reports

SERVICE_UID = 4321


@pytest.fixture
def service_file(tmp_path, monkeypatch):
    """A file in a folder of the service account's (uid 4321), and this process as sudo starts it."""
    if os.geteuid() != 0:
        pytest.skip("giving files to another uid needs root")
    folder = tmp_path / "service"
    folder.mkdir()
    precious = folder / "team.db"
    precious.write_bytes(b"the database")
    for path in (folder, precious):
        os.chown(path, SERVICE_UID, SERVICE_UID)
    monkeypatch.setenv("SUDO_USER", "head")
    monkeypatch.setenv("SUDO_UID", "1000")
    monkeypatch.setattr("os.getuid", lambda: SERVICE_UID)
    return precious


async def test_an_export_over_the_service_accounts_file_is_refused(make_app, service_file):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("x")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(service_file)
        path_input.focus()
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if any(note.severity == "error" for note in app._notifications) and not screen.workers:
                break
        errors = [note.message for note in app._notifications if note.severity == "error"]
    assert errors == [f"{service_file}: through sudo, salescockpit reads and writes no file of the service "
                      "account's; give a file in a folder of your own."]
    assert service_file.read_bytes() == b"the database"
