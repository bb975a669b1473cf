"""`salescockpit campaign add|list`: a dry run counts and writes nothing, adding twice makes no second
task, a manager is refused in one line, and `campaign list --json` gives the agreed keys."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from salescockpit.store.client_task_tables import Campaign, ClientTask
from tests.money.statements import COMPANY_ACCOUNT, COMPANY_INN


@pytest.fixture
def run(money_ctx, tmp_path):
    url = money_ctx.db.url.removeprefix("sqlite:///")
    config = tmp_path / "config.toml"
    config.write_text(f'timezone = "Europe/Moscow"\n[company]\ninn = "{COMPANY_INN}"\n'
                      f'bank_accounts = ["{COMPANY_ACCOUNT}"]\n', encoding="utf-8")
    environment = {"SALESCOCKPIT_CONFIG": str(config), "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "",
                   "SALESCOCKPIT_TIMEZONE": "", "SALESCOCKPIT_LANG": "en"}

    def invoke(*args: str, user: str = "olga"):
        return CliRunner().invoke(main, [*args, "--db", url, "--user", user], env=environment)

    return invoke


def test_campaign_add_dry_run_then_twice_then_list_json(run, book, fetch):
    words = ("campaign", "add", "Допродажи", "--purpose", "upsell", "--bought-after", "2026-09-15",
             "--due", "01.12.2030")
    dry = run(*words, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "picks 2 client(s): 2 call task(s) would be made" in dry.output
    assert fetch(Campaign) == [] and fetch(ClientTask) == []
    added = run(*words)
    assert added.exit_code == 0 and "2 call task(s) for 2 client(s)" in added.output, added.output
    again = run(*words)
    assert again.exit_code == 0 and "0 new call task(s), 2 client(s) had one" in again.output, again.output
    assert len(fetch(ClientTask)) == 2
    listed = run("campaign", "list", "--json")
    assert listed.exit_code == 0, listed.output
    [item] = json.loads(listed.output)
    assert item == {"name": "Допродажи", "purpose": "upsell", "due": "2030-12-01", "filter": "bought_after=2026-09-15",
                    "tasks": {"open": 2, "done": 0},
                    "outcomes": {"interested": 0, "not_now": 0, "refused": 0, "referral": 0}}
    mine = json.loads(run("campaign", "list", "--json", user="boris").output)
    assert [entry["tasks"] for entry in mine] == [{"open": 1, "done": 0}]
    table = run("campaign", "list")
    assert table.exit_code == 0 and "Допродажи" in table.output and "upsell" in table.output


def test_a_manager_may_not_add_a_campaign_and_bad_input_is_one_line(run, book, fetch):
    refused = run("campaign", "add", "Мои", "--purpose", "referral", "--due", "2030-12-01", user="anna")
    assert refused.exit_code == 1 and "Only the head of sales starts campaigns." in refused.output
    unknown = run("campaign", "add", "Чужие", "--purpose", "referral", "--due", "2030-12-01", "--manager", "nobody")
    assert unknown.exit_code != 0 and "Traceback" not in unknown.output and len(unknown.output.strip().splitlines()) == 1
    bad_day = run("campaign", "add", "X", "--purpose", "upsell", "--due", "31.02.2026")
    assert bad_day.exit_code == 2 and "is not a date" in bad_day.output
    assert fetch(Campaign) == []
