"""Speech metrics on stereo calls synthesized with espeak-ng: within 5% of the known truth."""

from __future__ import annotations

import pytest

from salescockpit.audio.speech import AudioUnavailable, metrics_from_frames, metrics_of_file
from tests.audio.synth import need_tools, speech_clip, stereo_call

pytest.importorskip("webrtcvad", reason="the audio extra (webrtcvad-wheels) is not installed")

MANAGER_TEXTS = ("Здравствуйте, меня зовут Анна, я звоню из компании Ромашка по поводу вашей заявки на сайте",
                 "Скажите пожалуйста, какой у вас бюджет на этот проект и когда вы планируете начать работы")
CLIENT_TEXT = "Добрый день, да, я оставлял заявку, нас интересует поставка оборудования на склад"


def _union(spans):
    total, end = 0.0, 0.0
    for start, stop in sorted(spans):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    need_tools()
    folder = tmp_path_factory.mktemp("speech")
    return folder, [speech_clip(folder, f"m{i}", text) for i, text in enumerate(MANAGER_TEXTS)], \
        speech_clip(folder, "c", CLIENT_TEXT)


@pytest.mark.parametrize("manager_channel", [0, 1])
def test_metrics_of_a_synthesized_call_are_within_five_percent(clips, manager_channel):
    folder, (first, second), answer = clips
    first_s, answer_s = len(first) / 8000, len(answer) / 8000
    answer_at = 1.0 + first_s + 1.5
    second_at = answer_at + answer_s - 1.0  # the manager starts a second before the client ends: an overlap
    length = second_at + len(second) / 8000 + 3.0
    path = folder / f"call{manager_channel}.wav"
    truth = stereo_call(path, length, [(1.0, first), (second_at, second)], [(answer_at, answer)], manager_channel)

    metrics = metrics_of_file(path, manager_channel)

    manager_s = sum(end - start for start, end in truth["manager"])
    client_s = sum(end - start for start, end in truth["client"])
    silence_s = length - _union(truth["manager"] + truth["client"])
    longest_s = max(end - start for start, end in truth["manager"])
    assert metrics.manager_speech_s == pytest.approx(manager_s, rel=0.05)
    assert metrics.client_speech_s == pytest.approx(client_s, rel=0.05)
    assert metrics.talk_ratio == pytest.approx(manager_s / (manager_s + client_s), rel=0.05)
    assert metrics.silence_s == pytest.approx(silence_s, rel=0.05)
    assert metrics.longest_monologue_s == pytest.approx(longest_s, rel=0.05)
    assert metrics.overlaps == 1


def test_a_mono_file_is_refused_with_a_reason(clips, tmp_path):
    import wave

    _folder, (first, _second), _answer = clips
    path = tmp_path / "mono.wav"
    with wave.open(str(path), "wb") as target:
        target.setnchannels(1), target.setsampwidth(2), target.setframerate(8000)
        target.writeframes(first.tobytes())
    with pytest.raises(AudioUnavailable, match="stereo"):
        metrics_of_file(path)


def test_figures_from_frame_tracks():
    manager = [True] * 10 + [False] * 10 + [True] * 5
    client = [False] * 8 + [True] * 6 + [False] * 11
    metrics = metrics_from_frames(manager, client, frame_s=0.1)
    assert metrics.talk_ratio == pytest.approx(15 / 21)
    assert metrics.overlaps == 1 and metrics.silence_s == pytest.approx(0.6)
    assert metrics.longest_monologue_s == pytest.approx(1.0)
