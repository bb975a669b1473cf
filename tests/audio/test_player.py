"""The player drives a real mpv with audio output off: seeks, speeds, stop, no orphan process."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from functools import partial

import pytest

from salescockpit.audio.player import PlayerError, next_speed, open_player
from tests.audio.tone import write_tone

needs_mpv = pytest.mark.skipif(shutil.which("mpv") is None, reason="mpv is not installed (apt install mpv)")
DEADLINE_S = 10.0


def settles(read, expected: float, tolerance: float = 0.3) -> float:
    """Poll ``read()`` until it is within ``tolerance`` of ``expected`` (or the deadline passes)."""
    deadline = time.monotonic() + DEADLINE_S
    value = read()
    while (value is None or abs(value - expected) > tolerance) and time.monotonic() < deadline:
        time.sleep(0.01)
        value = read()
    return value


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as dead)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def gone(pid: int) -> bool:
    deadline = time.monotonic() + DEADLINE_S
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not alive(pid)


@pytest.fixture
def tone(tmp_path):
    return write_tone(tmp_path / "call.wav", seconds=60)


@pytest.fixture
def player(tone):
    playing = open_player(str(tone), extra_args=["--ao=null"])
    playing.connect()
    yield playing
    playing.stop()


@needs_mpv
def test_seeks_land_where_asked(player):
    client = player.client
    assert settles(player.duration, 60.0) == pytest.approx(60.0, abs=0.1)
    player.seek_to(10)
    assert settles(lambda: client.get("time-pos"), 10.0) == pytest.approx(10.0, abs=0.3)
    player.seek(5)
    assert settles(lambda: client.get("time-pos"), 15.0) == pytest.approx(15.0, abs=0.3)
    player.seek(30)
    assert settles(lambda: client.get("time-pos"), 45.0) == pytest.approx(45.0, abs=0.3)
    player.seek(-30)
    player.seek(-5)
    assert settles(lambda: client.get("time-pos"), 10.0) == pytest.approx(10.0, abs=0.3)
    assert settles(player.position, 10.0) == pytest.approx(10.0, abs=0.3)  # the observed value follows


@needs_mpv
def test_speed_cycles_with_pitch_kept_and_playback_moves_on(player):
    client = player.client
    assert [player.cycle_speed() for _ in range(4)] == [1.25, 1.5, 2.0, 1.0]
    player.cycle_speed()
    assert client.get("speed") == pytest.approx(1.25)
    assert client.get("audio-pitch-correction") is True
    player.seek_to(20)
    assert player.toggle_pause() is False  # now playing
    deadline = time.monotonic() + DEADLINE_S
    while (client.get("time-pos") or 0) < 20.5 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert client.get("time-pos") > 20.5
    assert player.toggle_pause() is True
    paused_at = client.get("time-pos")
    player.seek(-5)
    assert settles(lambda: client.get("time-pos"), paused_at - 5) == pytest.approx(paused_at - 5, abs=0.3)


@needs_mpv
def test_a_link_plays_too(tone):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tone.parent))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        playing = open_player(f"http://127.0.0.1:{server.server_port}/{tone.name}", extra_args=["--ao=null"])
        playing.connect()
        try:
            assert settles(playing.duration, 60.0) == pytest.approx(60.0, abs=0.1)
        finally:
            playing.stop()
    finally:
        server.shutdown()


@needs_mpv
def test_stop_ends_the_player_process(tone):
    playing = open_player(str(tone), extra_args=["--ao=null"])
    playing.connect()
    assert alive(playing.pid)
    playing.stop()
    assert not alive(playing.pid)


@needs_mpv
def test_a_crashed_app_leaves_no_player_behind(tone):
    script = (
        "import signal, sys\n"
        "from salescockpit.audio.player import open_player\n"
        f"p = open_player({str(tone)!r}, extra_args=['--ao=null'])\n"
        "p.connect()\n"
        "print(p.pid, flush=True)\n"
        "signal.pause()\n"
    )
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    player_pid = int(app.stdout.readline())
    assert alive(player_pid)
    app.kill()  # no atexit, no cleanup: like a crash
    app.wait()
    assert gone(player_pid)


def test_unplayable_references_say_why(tmp_path):
    with pytest.raises(PlayerError, match="no recording"):
        open_player("")
    with pytest.raises(PlayerError, match="not there"):
        open_player(str(tmp_path / "missing.wav"))


def test_without_a_player_the_message_names_the_package(tmp_path):
    wav = write_tone(tmp_path / "a.wav", seconds=1)
    with pytest.raises(PlayerError, match=r"apt install mpv"):
        open_player(str(wav), which=lambda name: None)


def test_speeds_cycle():
    assert [next_speed(s) for s in (1.0, 1.25, 1.5, 2.0)] == [1.25, 1.5, 2.0, 1.0]
