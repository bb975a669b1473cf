"""The report's per-manager talk ratio comes from the calls' stereo recordings (voice activity).

Real calls synthesized with espeak-ng (tests/audio/synth.py): the truth is how long each clip
placed on the manager's and the client's channel lasts. The figures are measured once (as a
recording is attached or imported, or by `call metrics`) and kept; the report reads the kept
figures only, in every format.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from salescockpit.reports import build_report, render
from salescockpit.services.actor import load_actor
from salescockpit.services.recordings import attach_recording
from salescockpit.services.speech_figures import measure_call, measure_calls
from salescockpit.store.tables import Call, User
from tests.audio.synth import need_tools, speech_clip, stereo_call
from tests.reports.conftest import THURSDAY, at, write_story

pytest.importorskip("webrtcvad", reason="the audio extra (webrtcvad-wheels) is not installed")

TEXTS = {
    "m_long": "Здравствуйте, меня зовут Анна, я звоню из компании Ромашка по поводу вашей заявки на сайте",
    "m_mid": "Скажите пожалуйста, какой у вас бюджет на этот проект и когда вы планируете начать",
    "m_short": "Добрый день, это Борис",
    "c_short": "Да, слушаю",
    "c_mid": "Добрый день, да, я оставлял заявку, нас интересует поставка оборудования",
    "c_long": "Нам нужно сначала обсудить это с директором, потом мы вернёмся к вам с ответом на следующей неделе",
}


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    need_tools()
    folder = tmp_path_factory.mktemp("clips")
    return {name: speech_clip(folder, name, text) for name, text in TEXTS.items()}


def _call(path, clips, manager_name, client_name):
    """A call: the manager speaks, a pause, the client answers; the truth in seconds of speech."""
    manager, client = clips[manager_name], clips[client_name]
    answer_at = 1.0 + len(manager) / 8000 + 1.0
    truth = stereo_call(path, answer_at + len(client) / 8000 + 1.0, [(1.0, manager)], [(answer_at, client)])
    return sum(b - a for a, b in truth["manager"]), sum(b - a for a, b in truth["client"])


def _calls_of(ctx, login):
    with ctx.db.read() as session:
        return list(session.execute(select(Call.id).join(User, User.id == Call.manager_id)
                                    .where(User.login == login, Call.duration_seconds > 0).order_by(Call.id)).scalars())


@pytest.fixture
def recorded(db, tmp_path, clips):
    """The story, anna's two Thursday calls and boris's connected one recorded and measured."""
    story = write_story(db)
    ctx, head = story.ctx, load_actor(story.ctx, "olga")
    (anna_1, anna_2, *_), (boris_1, *_) = _calls_of(ctx, "anna"), _calls_of(ctx, "boris")
    plan = {anna_1: ("m_long", "c_short"), anna_2: ("m_mid", "c_mid"), boris_1: ("m_short", "c_long")}
    truth = {}
    for call_id, (manager, client) in plan.items():
        path = tmp_path / f"call-{call_id}.wav"
        truth[call_id] = _call(path, clips, manager, client)
        attach_recording(ctx, head, call_id, str(path))
    story.clock.instant = at(THURSDAY, 23)
    measured = measure_calls(ctx, head)
    assert sorted(entry.call_id for entry in measured) == sorted(plan) and all(e.metrics for e in measured)
    anna_truth = [truth[anna_1], truth[anna_2]]
    return story, {"anna": (sum(m for m, _c in anna_truth), sum(c for _m, c in anna_truth)),
                   "boris": truth[boris_1]}, tmp_path


def test_the_talk_ratio_per_manager_is_measured_from_the_recordings(recorded):
    story, truth, folder = recorded
    for path in folder.glob("call-*.wav"):
        path.unlink()  # the report decodes no audio: it reads the kept figures

    report = build_report(story.ctx, THURSDAY)

    talk = {entry.login: entry for entry in report.listening.talk}
    for login, (manager_s, client_s) in truth.items():
        expected = manager_s / (manager_s + client_s)
        assert talk[login].talk_ratio == pytest.approx(expected, rel=0.05), login
        assert talk[login].measured == talk[login].recorded
    assert (talk["anna"].calls, talk["anna"].measured) == (2, 2) and (talk["boris"].calls, talk["boris"].measured) == (2, 1)
    assert talk["anna"].talk_ratio > 0.6 > 0.4 > talk["boris"].talk_ratio

    data = json.loads(render(report, "json"))
    by_login = {entry["login"]: entry for entry in data["listening"]["talk"]}
    assert by_login["anna"]["talk_ratio"] == talk["anna"].talk_ratio and by_login["boris"]["measured"] == 1
    rows = list(csv.DictReader(io.StringIO(render(report, "csv").decode("utf-8-sig"))))
    by_csv = {row["Login"]: row for row in rows}
    assert float(by_csv["anna"]["Talk ratio from recordings, %"]) == pytest.approx(100 * talk["anna"].talk_ratio, abs=0.1)
    assert by_csv["team"]["Calls measured from recordings"] == "3"
    anna_percent = f"{round(100 * talk['anna'].talk_ratio, 1)}%"
    assert anna_percent in render(report, "md").decode("utf-8")
    assert anna_percent in render(report, "html").decode("utf-8")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render(report, "xlsx")))["Talk ratio"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["anna", "boris"]


def test_a_changed_recording_is_not_counted_until_measured_again(recorded, clips):
    story, _truth, folder = recorded
    ctx, head = story.ctx, load_actor(story.ctx, "olga")
    anna_first = _calls_of(ctx, "anna")[0]
    before = {e.login: e for e in build_report(ctx, THURSDAY).listening.talk}["anna"]
    other = folder / "other.wav"
    _call(other, clips, "m_short", "c_long")
    attach_recording(ctx, head, anna_first, str(other))

    after = {e.login: e for e in build_report(ctx, THURSDAY).listening.talk}["anna"]
    assert (after.recorded, after.measured) == (2, 1) and after.talk_ratio != before.talk_ratio

    assert [entry.call_id for entry in measure_calls(ctx, head)] == [anna_first]
    assert measure_calls(ctx, head) == []  # nothing stale any more
    remeasured = {e.login: e for e in build_report(ctx, THURSDAY).listening.talk}["anna"]
    assert remeasured.measured == 2 and remeasured.talk_ratio < before.talk_ratio


def test_a_file_rewritten_in_place_is_measured_again(recorded, clips):
    story, _truth, folder = recorded
    ctx, head = story.ctx, load_actor(story.ctx, "olga")
    boris_call = _calls_of(ctx, "boris")[0]
    first = measure_call(ctx, head, boris_call)
    manager_s, client_s = _call(folder / f"call-{boris_call}.wav", clips, "m_long", "c_short")

    [again] = measure_calls(ctx, head)

    assert again.call_id == boris_call and again.metrics.talk_ratio > first.talk_ratio
    assert measure_call(ctx, head, boris_call).talk_ratio == pytest.approx(manager_s / (manager_s + client_s), rel=0.05)


def test_without_recording_figures_the_report_says_so_and_ignores_transcripts(db):
    from salescockpit.services.transcripts import import_transcript_text

    story = write_story(db)
    ctx, anna = story.ctx, load_actor(story.ctx, "anna")
    srt = "1\n00:00:00,000 --> 00:00:06,000\nМенеджер: Добрый день.\n\n2\n00:00:06,000 --> 00:00:08,000\nКлиент: Да.\n"
    import_transcript_text(ctx, anna, _calls_of(ctx, "anna")[0], srt, "call.srt")
    story.clock.instant = at(THURSDAY, 23)

    report = build_report(ctx, THURSDAY)

    talk = {entry.login: entry for entry in report.listening.talk}
    assert talk["anna"].talk_ratio is None and talk["anna"].measured == 0
    assert "no recording figures" in render(report, "md").decode("utf-8")
    assert json.loads(render(report, "json"))["listening"]["talk"][0]["talk_ratio"] is None
