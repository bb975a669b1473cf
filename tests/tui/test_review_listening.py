"""Listening on the review screen: a real mpv (audio off) driven by the keys, marks, the transcript
beside the checklist, and the suggestions the head keeps with one key."""

from __future__ import annotations

import shutil
import time

import pytest
from sqlalchemy import func, select, update

from salescockpit.store.listening_tables import ReviewMark, TranscriptLineRow
from salescockpit.store.tables import Call, CallReview
from salescockpit.tui.screens.review_call import ReviewCallScreen
from salescockpit.tui.widgets.player_bar import PlayerBar
from salescockpit.tui.widgets.transcript_pane import TranscriptPane
from tests.audio.test_player import alive
from tests.audio.tone import write_tone
from tests.tui.conftest import wait_ready

needs_mpv = pytest.mark.skipif(shutil.which("mpv") is None, reason="mpv is not installed (apt install mpv)")
DEADLINE_S = 20.0
LINES = [  # (start s, end s, speaker, text)
    (0.5, 3.0, "manager", "Здравствуйте, меня зовут Анна, компания «Север»."),
    (3.5, 6.0, "client", "Добрый день, слушаю вас."),
    (12.0, 16.0, "manager", "Какой у вас бюджет на этот проект?"),
    (20.0, 24.0, "client", "Бюджета пока нет, это дорого для нас."),
]


@pytest.fixture
def call_id(open_db, tmp_path, monkeypatch):
    """An unreviewed demo call with a 60-second recording (made here) and a short transcript."""
    monkeypatch.setenv("SALESCOCKPIT_MPV_ARGS", "--ao=null")
    wav = write_tone(tmp_path / "call.wav", seconds=60)
    with open_db.write() as session:
        reviewed = select(CallReview.call_id)
        found = session.execute(select(func.min(Call.id)).where(Call.id.not_in(reviewed))).scalar()
        session.execute(update(Call).where(Call.id == found).values(recording_ref=str(wav)))
        for position, (start, end, speaker, text) in enumerate(LINES):
            session.add(TranscriptLineRow(call_id=found, position=position, start_ms=int(start * 1000),
                                          end_ms=int(end * 1000), speaker=speaker, text=text))
    return found


async def until(pilot, condition, what: str):
    """Let the app run until ``condition()`` holds (a deadline, not a sleep: fails if it never does)."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.02)


async def open_review(pilot, call_id: int) -> ReviewCallScreen:
    await wait_ready(pilot)
    screen = ReviewCallScreen(call_id)
    pilot.app.push_screen(screen)
    await until(pilot, lambda: screen.query("#review-checklist") and screen.call is not None, "the checklist")
    await pilot.pause()
    return screen


def mpv_position(screen) -> float | None:
    return screen.player.client.get("time-pos")


def near(value: float | None, expected: float, tolerance: float = 0.6) -> bool:
    return value is not None and abs(value - expected) <= tolerance


def bar_text(screen) -> str:
    return str(screen.query_one(PlayerBar).render())


@needs_mpv
async def test_keys_play_seek_speed_and_mark_and_closing_stops_the_player(make_app, call_id, open_db):
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_review(pilot, call_id)
        await pilot.press("space")
        await until(pilot, lambda: screen.player is not None and not screen.player.is_paused(), "playing")
        await pilot.press("space")
        await until(pilot, lambda: screen.player.is_paused(), "paused")
        start = mpv_position(screen)
        await pilot.press("shift+right")
        await until(pilot, lambda: near(mpv_position(screen), start + 30), "30 s on")
        await pilot.press("left")
        await until(pilot, lambda: near(mpv_position(screen), start + 25), "5 s back")
        await pilot.press("s")
        assert screen.player.client.get("speed") == pytest.approx(1.25)
        await until(pilot, lambda: "1.25x" in bar_text(screen) and "/ 1:00" in bar_text(screen), "the bar")
        assert "paused" in bar_text(screen) and "0:2" in bar_text(screen)
        item = screen.checklist.current_item
        here = mpv_position(screen)
        await until(pilot, lambda: near(screen.player.position(), here, 0.05), "the observed position")
        await pilot.press("m")
        with open_db.read() as session:
            def marks():
                return session.execute(select(ReviewMark.at_ms, ReviewMark.target_kind, ReviewMark.target_key)
                                       .where(ReviewMark.call_id == call_id)).all()
            await until(pilot, lambda: marks() != [], "the mark saved")
            [(at_ms, kind, key)] = marks()
        assert (kind, key) == ("item", item.key) and near(at_ms / 1000, here, 0.05)
        await until(pilot, lambda: "Marks:" in bar_text(screen), "the mark shown")
        await pilot.press("shift+left", "shift+left")
        await until(pilot, lambda: near(mpv_position(screen), 0, 1.0), "back to the start")
        await pilot.press("g")  # plays from the item's mark
        await until(pilot, lambda: (mpv_position(screen) or 0) >= at_ms / 1000 - 0.4, "back at the mark")
        pid = screen.player.pid
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ReviewCallScreen), "the screen closed")
        await until(pilot, lambda: not alive(pid), "the player ended")


@needs_mpv
async def test_transcript_search_and_enter_plays_from_the_line_it_follows(make_app, call_id):
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_review(pilot, call_id)
        pane = screen.query_one(TranscriptPane)
        assert "Бюджета пока нет" in str(pane.option_list.get_option_at_index(3).prompt)
        await pilot.press("slash", *"БЮДЖЕТ", "enter")  # case folded: finds "бюджет"
        assert pane.option_list.highlighted == 2 and pane.option_list.has_focus
        await pilot.press("slash", *"дорого", "enter")
        assert pane.option_list.highlighted == 3
        await pilot.press("enter")  # plays from "Бюджета пока нет…" at 0:20
        await until(pilot, lambda: screen.player is not None and (screen.player.position() or 0) >= 20, "playing")
        assert near(mpv_position(screen), 20.0, 1.5) and not screen.player.is_paused()
        await until(pilot, lambda: pane.playing == 3, "the line being played is marked")
        assert str(pane.option_list.get_option_at_index(3).prompt).startswith("▶")
        screen.player.seek_to(13)
        await until(pilot, lambda: pane.playing == 2, "the highlight follows the sound")


@needs_mpv
async def test_a_mark_from_the_clients_objection_line_ties_the_objection(make_app, call_id, open_db):
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_review(pilot, call_id)
        raised = {found.key: found.evidence for found in screen.listening.suggestions.objections}
        assert raised.get("price") == LINES[3][3]
        expected = next(key for key, evidence in raised.items() if evidence == LINES[3][3])
        pane = screen.query_one(TranscriptPane)
        await pilot.press("slash", *"дорого", "enter")  # the client's line: "…это дорого для нас."
        await pilot.press("enter")
        await until(pilot, lambda: screen.player is not None and (screen.player.position() or 0) >= 20, "playing")
        await pilot.press("m")
        with open_db.read() as session:
            def marks():
                return session.execute(select(ReviewMark.target_kind, ReviewMark.target_key)
                                       .where(ReviewMark.call_id == call_id)).all()
            await until(pilot, lambda: marks() != [], "the mark saved")
            assert marks() == [("objection", expected)]
        assert pane.option_list.has_focus


async def test_suggestions_show_on_items_and_one_key_keeps_one_nothing_saved_until_then(make_app, call_id, open_db):
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_review(pilot, call_id)
        checklist = screen.checklist
        greet = str(checklist.get_option(checklist.current_item.key).prompt)
        assert "suggested: done" in greet and "Здравствуйте" in greet and "0:00" in greet
        assert checklist.answers == {}  # a suggestion is not an answer
        await pilot.press("a")
        assert {key: str(value) for key, value in checklist.answers.items()} == {"greet": "done"}
        with open_db.read() as session:
            assert session.execute(select(func.count()).select_from(CallReview)
                                   .where(CallReview.call_id == call_id)).scalar() == 0


@needs_mpv
async def test_the_lead_card_shows_recordings_and_marks_and_p_plays_the_latest(make_app, call_id, open_db, clock):
    from salescockpit.tui.screens.lead_card import LeadCardScreen
    from salescockpit.tui.widgets.lead_timeline import LeadTimeline

    with open_db.write() as session:
        lead_id = session.execute(select(Call.lead_id).where(Call.id == call_id)).scalar()
        head_id = session.execute(select(CallReview.reviewer_id).limit(1)).scalar()
        session.add(ReviewMark(call_id=call_id, author_id=head_id, at_ms=25_000, target_kind="item",
                               target_key="budget", created_at=clock.now()))
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        app.open_lead(lead_id)
        await until(pilot, lambda: isinstance(app.screen, LeadCardScreen) and app.screen.recorded, "the card")
        card = app.screen
        await until(pilot, lambda: "marks: 0:25 budget" in str(card.query_one(LeadTimeline).render()), "the marks")
        assert "♪" in str(card.query_one(LeadTimeline).render())
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ReviewCallScreen), "the review screen")
        review = app.screen
        await until(pilot, lambda: review.player is not None and not review.player.is_paused(), "playing at once")
        assert review.call_id == call_id


async def test_without_a_player_the_screen_names_the_package_and_nothing_is_marked(make_app, call_id, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))  # neither mpv nor ffplay can be found
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_review(pilot, call_id)
        await pilot.press("space")
        await until(pilot, lambda: any("apt install mpv" in n.message for n in app._notifications), "the message")
        assert screen.player is None
        await pilot.press("m")
        assert any("Play the recording first" in n.message for n in app._notifications)


async def test_the_review_shows_the_speech_figures_of_a_stereo_recording(make_app, open_db):
    pytest.importorskip("webrtcvad")
    with open_db.read() as session:
        call_with_audio = session.execute(
            select(func.min(Call.id)).where(Call.recording_ref.like("%call-1.wav"))).scalar()
    assert call_with_audio is not None, "the demo attaches its stereo recordings to calls"
    app = make_app("head")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_review(pilot, call_with_audio)
        shown = str(screen.query_one("#review-recording").render())
        assert "the manager talks" in shown and "% · longest monologue" in shown
