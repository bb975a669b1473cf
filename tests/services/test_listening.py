"""Transcripts imported and read, suggestions from them, and what a saved review keeps (issue 20)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.errors import InvalidInput, PermissionDenied
from salescockpit.services.reviews import review_call
from salescockpit.services.script_files import parse_script_toml
from salescockpit.services.suggestions import suggest_for_call
from salescockpit.services.transcripts import import_transcript, make_transcripts
from salescockpit.store.audit_health import check_seals
from salescockpit.store.listening_tables import ReviewSuggestion
from salescockpit.store.queries.transcripts import call_transcript
from salescockpit.domain.scoring import DEFAULT_SCRIPTS
from tests.services.test_audit_tamper import behind_the_back

SRT = """1
00:00:01,000 --> 00:00:03,000
Анна: Добрый день, меня зовут Анна, компания «Ромашка».

2
00:00:03,500 --> 00:00:05,000
Иван: Слушаю. Только сразу скажу: у вас дорого.

3
00:00:05,500 --> 00:00:08,000
Менеджер: Понимаю. А какой у вас бюджет на этот год?
"""


@pytest.fixture
def call_of(ctx, anna, new_lead):
    """A call of Anna's on her lead "Иван Иванов", with a transcript file beside it."""
    lead_id = new_lead(anna, name="Иван Иванов")
    return log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 90, no_next_step_reason="thinks")).call_id


@pytest.fixture
def srt_file(tmp_path):
    path = tmp_path / "call.srt"
    path.write_text(SRT, encoding="utf-8")
    return path


def test_the_calls_manager_imports_a_transcript_and_names_tell_the_speakers(ctx, anna, call_of, srt_file, audit):
    assert import_transcript(ctx, anna, call_of, srt_file) == 3
    with ctx.db.read() as session:
        lines = call_transcript(session, anna, call_of)
    assert [(line.start_s, line.speaker) for line in lines] == [(1.0, "manager"), (3.5, "client"), (5.5, "manager")]
    assert lines[1].text == "Слушаю. Только сразу скажу: у вас дорого."
    assert ("call.transcript", "", None, "3 line(s) from call.srt", anna.id) in audit("call", call_of)
    assert check_seals(ctx.db) == []


def test_another_manager_can_neither_import_nor_read_it(ctx, anna, boris, call_of, srt_file):
    import_transcript(ctx, anna, call_of, srt_file)
    with pytest.raises(PermissionDenied):
        import_transcript(ctx, boris, call_of, srt_file)
    with ctx.db.read() as session, pytest.raises(PermissionDenied):
        call_transcript(session, boris, call_of)
    with pytest.raises(PermissionDenied):
        suggest_for_call(ctx, boris, call_of)


def test_a_transcript_changed_behind_the_programs_back_breaks_the_leads_seal(ctx, head, call_of, srt_file):
    import_transcript(ctx, head, call_of, srt_file)
    behind_the_back(ctx.db, f"UPDATE transcript_lines SET text = 'другое' WHERE call_id = {call_of}")
    assert [problem.split(" (")[0] for problem in check_seals(ctx.db)] != []


def test_a_bad_file_is_refused_whole(ctx, head, call_of, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"segments": [{"start": "soon", "end": 1, "text": "x"}]}', encoding="utf-8")
    with pytest.raises(InvalidInput, match="bad.json"):
        import_transcript(ctx, head, call_of, path)
    with ctx.db.read() as session:
        assert call_transcript(session, head, call_of) == []


def test_suggestions_from_the_calls_script_and_the_shipped_objection_phrases(ctx, head, call_of, srt_file):
    import_transcript(ctx, head, call_of, srt_file)
    found = suggest_for_call(ctx, head, call_of)
    answers = {item.key: (item.answer, item.start_s) for item in found.items}
    assert answers["greet"] == ("done", 1.0) and answers["budget"] == ("done", 5.5)
    assert answers["next_step"] == ("missed", None)
    assert [(objection.key, objection.start_s) for objection in found.objections] == [("price", 3.5)]


def test_a_script_file_replaces_the_calls_items_and_phrases(ctx, head, call_of, srt_file):
    import_transcript(ctx, head, call_of, srt_file)
    script = parse_script_toml("""name = "Tuning"\npass_mark = 50
[[sections]]\nkey = "s"\ntitle = "S"\nweight = 1
[[sections.items]]\nkey = "company"\ntext = "Name the company"\npoints = 1\nphrases = ["компания ромашка"]
[[objections]]\nkey = "rush"\nphrases = ["сразу скажу"]
""")
    found = suggest_for_call(ctx, head, call_of, script)
    assert [(item.key, item.answer) for item in found.items] == [("company", "done")]
    assert [objection.key for objection in found.objections] == ["price", "rush"]


def test_a_saved_review_keeps_each_suggestion_beside_the_heads_answer(ctx, head, call_of, srt_file):
    import_transcript(ctx, head, call_of, srt_file)
    answers = {item.key: "done" for item in DEFAULT_SCRIPTS[0].items()}
    answers["budget"] = "missed"  # the head overrides the suggestion
    review_call(ctx, head, call_of, answers)
    with ctx.db.read() as session:
        kept = {row.item_key: (row.suggested, row.saved) for row in session.scalars(select(ReviewSuggestion))}
    assert kept["greet"] == ("done", "done") and kept["budget"] == ("done", "missed")
    assert kept["next_step"] == ("missed", "done")
    assert check_seals(ctx.db) == []


def test_make_transcripts_runs_the_configured_command_on_calls_with_a_recording(ctx, head, anna, new_lead, tmp_path):
    recording = tmp_path / "rec.wav"
    recording.write_bytes(b"RIFF")
    lead_id = new_lead(anna, name="Пётр")
    with_recording = log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 30, recording_ref=str(recording),
                                                   no_next_step_reason="x")).call_id
    log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 30, no_next_step_reason="x"))
    whisper = {"segments": [{"start": 0.0, "end": 1.0, "text": "Здравствуйте", "channel": 0}]}
    fake = tmp_path / "fake-whisper"
    fake.write_text("#!/bin/sh\n" + f"printf '%s' '{json.dumps(whisper, ensure_ascii=False)}' > \"$2.json\"\n")
    fake.chmod(0o755)
    ctx.settings = replace(ctx.settings, transcribe_command=f"{fake} {{audio}} {{output}}")
    [made] = make_transcripts(ctx, head)
    assert (made.call_id, made.lines) == (with_recording, 1)
    assert make_transcripts(ctx, head) == []  # it has one now
    with ctx.db.read() as session:
        assert call_transcript(session, head, with_recording)[0].speaker == "manager"


def test_make_transcripts_without_a_command_says_what_to_set(ctx, head):
    with pytest.raises(InvalidInput, match=r"\[transcribe\] command"):
        make_transcripts(ctx, head)


def test_the_heads_catalog_phrases_suggest_an_objection(ctx, head, call_of, tmp_path):
    from salescockpit.services.objection_types import rename_objection_type

    path = tmp_path / "call.vtt"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Клиент>Нам это не по карману.\n", encoding="utf-8")
    import_transcript(ctx, head, call_of, path)
    assert suggest_for_call(ctx, head, call_of).objections == ()
    rename_objection_type(ctx, head, "price", "Price", ["не по карману"])
    [found] = suggest_for_call(ctx, head, call_of).objections
    assert (found.key, found.start_s) == ("price", 1.0)
