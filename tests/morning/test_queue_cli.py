"""`salescockpit queue [--manager LOGIN] [--json]`: today's list, fix lists and the three counts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from salescockpit.cli_env import Invocation
from salescockpit.clock import FixedClock
from tests.conftest import TEST_NOW, TEST_TZ
from tests.morning.conftest import build_demo_file


@pytest.fixture(scope="module")
def demo400(tmp_path_factory):
    return build_demo_file(tmp_path_factory.mktemp("cli400"), 400)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("SALESCOCKPIT_DB", "SALESCOCKPIT_USER", "SALESCOCKPIT_CONFIG", "SALESCOCKPIT_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SALESCOCKPIT_TIMEZONE", "Europe/Moscow")


def queue_json(path, tmp_path, *args, user="head", config=""):
    (tmp_path / "c.toml").write_text(config)
    options = ["--db", str(path), "--config", str(tmp_path / "c.toml"), "--user", user]
    result = CliRunner().invoke(main, ["queue", "--json", *args, *options],
                                obj=Invocation(clock=FixedClock(TEST_NOW, tz=TEST_TZ)), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_has_exactly_the_names_scripts_read(demo400, tmp_path):
    data = queue_json(demo400, tmp_path)
    assert set(data) == {"leads", "fix_lists", "counts"}
    assert set(data["counts"]) == {"today", "sent", "backlog"}
    assert len(data["leads"]) == data["counts"]["today"]  # past 60 only with leads aged in the backlog
    assert all(set(lead) == {"id", "name", "manager", "reasons"} and lead["reasons"] for lead in data["leads"])
    assert all(set(fix) == {"manager", "lead_ids"} and fix["lead_ids"] for fix in data["fix_lists"])
    listed = [lead["id"] for lead in data["leads"]] + [i for fix in data["fix_lists"] for i in fix["lead_ids"]]
    assert len(listed) == len(set(listed))  # a fix list's leads are in the backlog, never in today's list
    assert sum(len(fix["lead_ids"]) for fix in data["fix_lists"]) <= data["counts"]["backlog"]


def test_manager_filter_and_capacity_from_config(demo400, tmp_path):
    data = queue_json(demo400, tmp_path, "--manager", "ivanov", config="[review]\ndaily_capacity = 5\nbacklog_max_days = 1000\n")
    assert len(data["leads"]) <= 5
    assert {lead["manager"] for lead in data["leads"]} | {fix["manager"] for fix in data["fix_lists"]} == {"ivanov"}


def test_a_manager_gets_only_their_own_leads(demo400, tmp_path):
    data = queue_json(demo400, tmp_path, user="petrova")
    assert {lead["manager"] for lead in data["leads"]} <= {"petrova"}


def test_the_text_says_when_aged_leads_took_today_past_the_capacity(demo400, tmp_path):
    (tmp_path / "c.toml").write_text("[review]\ndaily_capacity = 60\nbacklog_max_days = 3\n")
    options = ["--db", str(demo400), "--config", str(tmp_path / "c.toml"), "--user", "head"]
    result = CliRunner().invoke(main, ["queue", *options], obj=Invocation(clock=FixedClock(TEST_NOW, tz=TEST_TZ)),
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = queue_json(demo400, tmp_path, config="[review]\ndaily_capacity = 60\nbacklog_max_days = 3\n")
    over = data["counts"]["today"] - 58  # the demo's head gave 2 verdicts this morning
    assert over > 0
    assert f"{over} of them past the capacity: they waited 3+ working days in the backlog" in result.output
