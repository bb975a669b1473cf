"""Transcript readers: SRT, WebVTT, Whisper JSON, Vosk JSON, speakers and the edge cases of issue 20."""

from __future__ import annotations

import json

import pytest

from salescockpit.domain.transcripts import (
    SpeakerNames,
    TranscriptError,
    TranscriptLine,
    detect_format,
    parse_transcript,
)

NAMES = SpeakerNames(manager_names=["Анна Смирнова"], client_names=["Иван Петров"], manager_channel=0)


def test_srt_with_name_prefixes_reads_times_and_speakers():
    text = ("1\n00:00:01,000 --> 00:00:03,500\nМенеджер: Здравствуйте, меня зовут Анна.\n\n"
            "2\n00:00:04,000 --> 00:00:06,000\nИван: Добрый день.\n\n"
            "3\n00:00:06,500 --> 00:00:08,000\nИтак: без имени говорящего\n")
    lines = parse_transcript(text, "call.srt", NAMES)
    assert lines == [
        TranscriptLine(1.0, 3.5, "manager", "Здравствуйте, меня зовут Анна."),
        TranscriptLine(4.0, 6.0, "client", "Добрый день."),
        TranscriptLine(6.5, 8.0, None, "Итак: без имени говорящего"),
    ]


def test_srt_with_bom_crlf_empty_text_and_hours_over_99():
    text = ("\ufeff1\r\n100:00:01,250 --> 100:00:02,000\r\nclient: дорого\r\n\r\n"
            "2\r\n00:00:03,000 --> 00:00:04,000\r\n\r\n\r\n"
            "3\r\n00:00:05,000 --> 00:00:06,000\r\n<i>manager</i>: понимаю\r\n")
    lines = parse_transcript(text, "x.srt", NAMES)
    assert lines == [TranscriptLine(5.0, 6.0, "manager", "понимаю"),
                     TranscriptLine(360001.25, 360002.0, "client", "дорого")]


def test_overlapping_cues_are_kept_in_start_order():
    text = ("1\n00:00:05,000 --> 00:00:09,000\nManager: we can start on Monday\n\n"
            "2\n00:00:02,000 --> 00:00:06,000\nClient: it is too expensive\n")
    lines = parse_transcript(text, "x.srt", NAMES)
    assert [(line.start_s, line.speaker) for line in lines] == [(2.0, "client"), (5.0, "manager")]


def test_webvtt_voice_tags_cue_ids_notes_and_short_times():
    text = ("WEBVTT\n\nNOTE made by hand\n\n"
            "intro\n00:01.000 --> 00:02.500 align:start\n<v Менеджер>Добрый день, компания Ромашка</v>\n\n"
            "00:00:03.000 --> 00:00:05.000\n<v.loud Иван Петров>Бюджета <b>нет</b></v>\n\n"
            "00:00:05.500 --> 00:00:06.000\n<v Кто-то>\n")
    lines = parse_transcript(text, "call.vtt", NAMES)
    assert lines == [TranscriptLine(1.0, 2.5, "manager", "Добрый день, компания Ромашка"),
                     TranscriptLine(3.0, 5.0, "client", "Бюджета нет")]


def test_webvtt_minutes_over_99_without_hours_and_long_calls():
    text = ("WEBVTT\n\n100:00.500 --> 101:30.000\n<v Клиент>Мы уже работаем с другими\n\n"
            "01:40:00.000 --> 01:40:02.000\n<v Менеджер>Понимаю\n")
    lines = parse_transcript(text, "long.vtt", NAMES)
    assert [(line.start_s, line.end_s, line.speaker) for line in lines] == [
        (6000.0, 6002.0, "manager"), (6000.5, 6090.0, "client")]


def test_whisper_json_segments_with_and_without_speaker():
    data = {"text": "...", "segments": [
        {"start": 0.0, "end": 2.2, "text": " Здравствуйте!", "speaker": "manager"},
        {"start": 2.4, "end": 4.0, "text": " Клиент: Слушаю вас."},
        {"start": 4.0, "end": 5.0, "text": " Анна: Вам удобно говорить?"},
        {"start": 5.0, "end": 6.0, "text": "  ", "speaker": "client"},
        {"start": 6.0, "end": 7.0, "text": "Да.", "channel": 1},
    ]}
    lines = parse_transcript(json.dumps(data, ensure_ascii=False), "call.json", NAMES)
    assert [(line.speaker, line.text) for line in lines] == [
        ("manager", "Здравствуйте!"), ("client", "Слушаю вас."), ("manager", "Вам удобно говорить?"), ("client", "Да.")]


def test_whisper_cpp_json_offsets_in_milliseconds():
    data = {"transcription": [{"timestamps": {"from": "00:00:00,000", "to": "00:00:01,500"},
                               "offsets": {"from": 0, "to": 1500}, "text": " Алло"}]}
    assert parse_transcript(json.dumps(data), "x.json") == [TranscriptLine(0.0, 1.5, None, "Алло")]


def test_vosk_words_grouped_by_channel_and_pauses():
    data = [
        {"channel": 0, "result": [{"word": "добрый", "start": 0.5, "end": 0.9, "conf": 1.0},
                                  {"word": "день", "start": 0.95, "end": 1.2, "conf": 1.0},
                                  {"word": "алло", "start": 4.0, "end": 4.3, "conf": 1.0}]},
        {"channel": 1, "result": [{"word": "здравствуйте", "start": 1.5, "end": 2.2}]},
    ]
    lines = parse_transcript(json.dumps(data, ensure_ascii=False), "x.json", SpeakerNames(manager_channel=1))
    assert lines == [TranscriptLine(0.5, 1.2, "client", "добрый день"),
                     TranscriptLine(1.5, 2.2, "manager", "здравствуйте"),
                     TranscriptLine(4.0, 4.3, "client", "алло")]


def test_vosk_single_result_with_spk_labels():
    data = {"result": [{"word": "дорого", "start": 1.0, "end": 1.4, "spk": "client"},
                       {"word": "понимаю", "start": 1.6, "end": 2.0, "spk": "manager"}], "text": "дорого понимаю"}
    lines = parse_transcript(json.dumps(data, ensure_ascii=False), "x.json")
    assert [(line.speaker, line.text) for line in lines] == [("client", "дорого"), ("manager", "понимаю")]


def test_a_diarizer_label_stays_unknown():
    data = {"segments": [{"start": 0, "end": 1, "text": "да", "speaker": "SPEAKER_00"}]}
    assert parse_transcript(json.dumps(data), "x.json")[0].speaker is None


@pytest.mark.parametrize("text", ["just some words", '{"segments": [{"start": "a", "end": 1, "text": "x"}]}', "{oops"])
def test_unreadable_files_are_refused_with_a_reason(text):
    with pytest.raises(TranscriptError):
        parse_transcript(text, "x.txt")


def test_format_detection():
    assert detect_format("WEBVTT\n") == "vtt"
    assert detect_format("1\n00:00:01,000 --> 00:00:02,000\nx") == "srt"
    assert detect_format('{"segments": []}') == "whisper"
    assert detect_format('[{"result": []}]') == "vosk"
