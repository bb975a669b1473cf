"""`salescockpit reminders` lists what the ladder owes (per the config's ladder); `run` makes the tasks."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from salescockpit.store.client_task_tables import ClientTask


@pytest.fixture
def run(money_ctx, tmp_path):
    url = money_ctx.db.url.removeprefix("sqlite:///")
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Europe/Moscow"\n[money]\nreminder_ladder = [\n'
                      '  { days = 1, who = "manager", what = "call" },\n'
                      '  { days = 20, who = "head", what = "letter" },\n]\n', encoding="utf-8")
    environment = {"SALESCOCKPIT_CONFIG": str(config), "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "",
                   "SALESCOCKPIT_TIMEZONE": "", "SALESCOCKPIT_LANG": "en"}

    def invoke(*args: str, user: str = "olga"):
        return CliRunner().invoke(main, [*args, "--db", url, "--user", user], env=environment)

    return invoke


def test_reminders_lists_the_configured_ladder_and_run_makes_the_tasks_once(run, book, head, anna, fetch):
    listed = run("reminders", "--date", "2026-11-23", "--json")
    assert listed.exit_code == 0, listed.output
    owed = json.loads(listed.output)["reminders"]
    steps = sorted((item["contract"], item["due_date"], item["step"], item["who"], item["what"]) for item in owed)
    assert steps == [
        ("2026-041", "2026-10-15", 20, "head", "letter"),
        ("2026-041", "2026-11-15", 1, "manager", "call"),
        ("Л-50/26", "2026-09-20", 20, "head", "letter"),
        ("Л-50/26", "2026-10-20", 20, "head", "letter"),
        ("Л-51/26", "2026-11-01", 20, "head", "letter"),
    ]
    assert all(item["task_id"] is None for item in owed) and fetch(ClientTask) == []
    made = run("reminders", "run", "--date", "2026-11-23")
    assert made.exit_code == 0 and "Reminder tasks made: 5" in made.output
    assert "Reminder tasks made: 0" in run("reminders", "run", "--date", "2026-11-23").output
    mine = json.loads(run("reminders", "--date", "2026-11-23", "--json", user="anna").output)["reminders"]
    assert [(item["contract"], item["step"], item["owed"]) for item in mine] == [("2026-041", 1, "30000.00")]
    assert mine[0]["task_id"] is not None
    text = run("reminders", "--date", "2026-11-23", user="anna").output
    assert "ООО Ромашка" in text and "+1: a call by the manager" in text


def test_only_the_head_resolves_a_dispute_and_a_client_without_one_is_named(run, book):
    refused = run("reminders", "resolve-dispute", str(book["romashka"]), "--note", "ok", user="anna")
    assert refused.exit_code == 1 and "Only the head" in refused.output
    missing = run("reminders", "resolve-dispute", str(book["romashka"]), "--note", "ok")
    assert missing.exit_code == 1 and "has no open dispute" in missing.output
