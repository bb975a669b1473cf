"""`transcript import`, `review suggest`, `call metrics`: from a file to printed suggestions and figures."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from salescockpit.cli import main

VTT = """WEBVTT

00:00:01.000 --> 00:00:03.000
<v Менеджер>Здравствуйте, меня зовут Анна. Какой у вас бюджет?

00:00:03.500 --> 00:00:05.000
<v Клиент>Бюджета нет, и вообще дорого.
"""


@pytest.fixture
def env(tmp_path, monkeypatch, clock):
    """A database with a head, a manager and one call of hers (with a stereo recording when asked)."""
    from salescockpit.config import Settings
    from salescockpit.services.actor import load_actor
    from salescockpit.services.calls import CallDraft, log_call
    from salescockpit.services.catalog import ensure_catalog
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.leads import LeadDraft, create_lead
    from salescockpit.services.users import add_user
    from salescockpit.store.engine import Database

    for name in ("SALESCOCKPIT_DB", "SALESCOCKPIT_USER", "SALESCOCKPIT_CONFIG", "SALESCOCKPIT_LANG"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "cli.db"
    database = Database.open(path)
    ctx = ServiceContext(db=database, clock=clock, settings=Settings(timezone="UTC"))
    ensure_catalog(ctx)
    for login, name, role in (("olga", "Ольга", "head"), ("anna", "Анна", "manager"), ("boris", "Борис", "manager")):
        add_user(ctx, login, name, role)
    anna = load_actor(ctx, "anna")
    lead_id = create_lead(ctx, anna, LeadDraft(name="Иван"))
    recording = tmp_path / "call.wav"
    log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 60, recording_ref=str(recording), no_next_step_reason="x"))
    database.close()
    (tmp_path / "call.vtt").write_text(VTT, encoding="utf-8")
    return {"options": ["--db", str(path), "--config", str(tmp_path / "none.toml")], "folder": tmp_path}


def run(env, *args, user="olga"):
    return CliRunner().invoke(main, [*args, *env["options"], "--user", user], catch_exceptions=False)


def test_import_then_suggest_as_json_and_as_text(env):
    imported = run(env, "transcript", "import", "1", str(env["folder"] / "call.vtt"), user="anna")
    assert imported.exit_code == 0 and "2 transcript line(s)" in imported.output
    result = run(env, "review", "suggest", "1", "--json")
    data = json.loads(result.output)
    items = {item["key"]: item for item in data["items"]}
    assert items["budget"] == {"key": "budget", "suggested": "done", "start_s": 1.0,
                               "evidence": "Здравствуйте, меня зовут Анна. Какой у вас бюджет?"}
    assert items["timing"]["suggested"] == "missed"
    assert {objection["key"] for objection in data["objections"]} == {"price", "no_budget"}
    text = run(env, "review", "suggest", "1")
    assert "budget" in text.output and "[0:01]" in text.output


def test_another_manager_is_refused_in_one_line(env):
    result = run(env, "transcript", "import", "1", str(env["folder"] / "call.vtt"), user="boris")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: ")


def test_metrics_of_a_stereo_recording_as_json(env):
    pytest.importorskip("webrtcvad")
    from tests.audio.synth import need_tools, speech_clip, stereo_call

    need_tools()
    folder = env["folder"]
    manager = speech_clip(folder, "m", "Здравствуйте, меня зовут Анна, компания Ромашка")
    client = speech_clip(folder, "c", "Добрый день, слушаю вас")
    stereo_call(folder / "call.wav", 12.0, [(1.0, manager)], [(1.0 + len(manager) / 8000 + 1.0, client)])
    result = run(env, "call", "metrics", "1", "--json")
    figures = json.loads(result.output)
    assert set(figures) >= {"talk_ratio", "longest_monologue_s", "silence_s", "overlaps"}
    assert 0.5 < figures["talk_ratio"] < 0.9 and figures["overlaps"] == 0


def test_metrics_without_a_recording_file_say_so(env):
    result = run(env, "call", "metrics", "1")
    assert result.exit_code == 1 and "is not there" in result.output


def _stereo_call(folder, name="call.wav"):
    pytest.importorskip("webrtcvad")
    from tests.audio.synth import need_tools, speech_clip, stereo_call

    need_tools()
    manager = speech_clip(folder, "m", "Здравствуйте, меня зовут Анна, компания Ромашка")
    client = speech_clip(folder, "c", "Добрый день, слушаю вас")
    stereo_call(folder / name, 12.0, [(1.0, manager)], [(1.0 + len(manager) / 8000 + 1.0, client)])


def test_metrics_all_measures_each_recording_once_and_keeps_it(env):
    _stereo_call(env["folder"])
    first = run(env, "call", "metrics", "--all")
    assert first.exit_code == 0 and "Call #1: talk ratio" in first.output and "Measured: 1" in first.output
    again = run(env, "call", "metrics", "--all")
    assert again.exit_code == 0 and "Measured: 0" in again.output  # kept: nothing stale


def test_metrics_needs_a_call_or_all(env):
    result = run(env, "call", "metrics")
    assert result.exit_code == 1 and "CALL_ID or --all" in result.output


def test_attaching_a_recording_measures_it_for_the_report(env):
    _stereo_call(env["folder"], "other.wav")
    result = run(env, "recording", "attach", "1", str(env["folder"] / "other.wav"))
    assert result.exit_code == 0 and "Call #1: talk ratio" in result.output
    assert "Measured: 0" in run(env, "call", "metrics", "--all").output
