"""The one transcription recipe that runs with no download: PocketSphinx (English), end to end.

An English stereo call spoken by espeak-ng at 16 kHz goes through `[transcribe] command`
(`python -m salescockpit.audio.sphinx_stereo {audio} {output}`, a real subprocess), is
imported as the call's transcript with each channel's speaker, and the trackers find in it
checklist items the manager said (the greeting, the budget or the timing question).
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import replace

import pytest

from salescockpit.audio.sphinx_stereo import clean_word
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.suggestions import suggest_for_call
from salescockpit.services.transcripts import make_transcripts
from salescockpit.store.queries.transcripts import call_transcript
from tests.audio.synth import need_tools, speech_clip, stereo_call
from tests.services.conftest import anna, ctx, head, new_lead  # noqa: F401  (fixtures)

WIDEBAND = 16000  # the model in the wheel is a 16 kHz one
#: The espeak-ng voice the model hears best of those tried (en-us, +m1, +m3, +f1 to +f4; 130 to 150 words a minute).
VOICE = "en-us+f2"


DIALOGUE = (("manager", "Good morning, my name is Anna. I am calling about your request on our website."),
            ("client", "Hello, yes, we need new equipment for our warehouse."),
            ("manager", "What is your budget for this project, and when do you plan to start?"),
            ("client", "It is too expensive for us right now. We will think about it."))


def _english_call(folder):
    """The dialogue as a stereo call, a second apart; (its path, when the client first speaks)."""
    at, placed = 1.0, {"manager": [], "client": []}
    for number, (who, text) in enumerate(DIALOGUE):
        clip = speech_clip(folder, f"line{number}", text, voice=VOICE, rate=WIDEBAND, speed=140)
        placed[who].append((at, clip))
        at += len(clip) / WIDEBAND + 1.0
    path = folder / "call.wav"
    stereo_call(path, at + 1.0, placed["manager"], placed["client"], rate=WIDEBAND)
    return path, placed["client"][0][0]


def test_fillers_and_alternate_pronunciations_are_cleaned():
    assert [clean_word(word) for word in ("<s>", "<sil>", "[NOISE]", "++GARBAGE++", "the(2)", "budget")] == \
        [None, None, None, None, "the", "budget"]


def test_the_recipe_transcribes_a_stereo_call_and_the_trackers_read_it(ctx, head, anna, new_lead, tmp_path):
    pytest.importorskip("pocketsphinx", reason="the transcribe-en extra (pocketsphinx) is not installed")
    need_tools()
    recording, answer_at = _english_call(tmp_path)
    lead_id = new_lead(anna, name="Peter Brown")
    call_id = log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 10, recording_ref=str(recording),
                                            no_next_step_reason="x")).call_id
    command = f"{shlex.quote(sys.executable)} -m salescockpit.audio.sphinx_stereo {{audio}} {{output}}"
    ctx.settings = replace(ctx.settings, transcribe_command=command)

    [made] = make_transcripts(ctx, head)

    assert (made.call_id, made.problem) == (call_id, "") and made.lines >= 2
    with ctx.db.read() as session:
        lines = call_transcript(session, head, call_id)
    assert {line.speaker for line in lines} == {"manager", "client"}
    client_lines = [line for line in lines if line.speaker == "client"]
    assert client_lines[0].start_s == pytest.approx(answer_at, abs=0.5)
    suggestions = suggest_for_call(ctx, head, call_id)
    done = {item.key for item in suggestions.items if item.answer == "done"}
    assert done & {"greet", "budget", "timing"}, [line.text for line in lines]  # said by the manager, found
