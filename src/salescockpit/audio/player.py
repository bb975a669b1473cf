"""Playing a call's recording inside the cockpit: mpv over its JSON IPC, ffplay as a fallback.

`open_player(source)` starts the player the user has, paused at the start, and returns an object
with one small interface: `toggle_pause`, `seek` (relative seconds), `seek_to`, `cycle_speed`,
`position`, `duration`, `stop`. Keys stay with the cockpit: mpv runs with no terminal and no
video, and only listens on a socket in a private temporary directory.

No orphan: on Linux the player gets SIGTERM when the thread that started it dies
(``PR_SET_PDEATHSIG``), so start it from the app's main thread; `stop` ends it with the screen,
and an ``atexit`` hook ends any left over when the app exits.
"""

from __future__ import annotations

import atexit
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..i18n import _
from .mpv_ipc import MpvIpcClient, MpvIpcError

MPV_ARGS_ENV = "SALESCOCKPIT_MPV_ARGS"
SPEEDS = (1.0, 1.25, 1.5, 2.0)
START_TIMEOUT_S = 5.0
_running: set[subprocess.Popen] = set()


class PlayerError(Exception):
    """The recording cannot be played; the message is one line for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Player(Protocol):
    can_seek: bool
    speed: float
    pid: int

    def toggle_pause(self) -> bool: ...
    def seek(self, seconds: float) -> None: ...
    def seek_to(self, seconds: float) -> None: ...
    def cycle_speed(self) -> float: ...
    def position(self) -> float | None: ...
    def duration(self) -> float | None: ...
    def is_paused(self) -> bool: ...
    def stop(self) -> None: ...


def next_speed(speed: float) -> float:
    """1x -> 1.25x -> 1.5x -> 2x -> 1x."""
    later = [step for step in SPEEDS if step > speed + 1e-6]
    return later[0] if later else SPEEDS[0]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _spawn(command: Sequence[str]) -> subprocess.Popen:
    process = subprocess.Popen(list(command), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    _running.add(process)
    return process


def _end(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    _running.discard(process)


@atexit.register
def stop_all_players() -> None:
    """End every player this process started (the app is leaving)."""
    for process in list(_running):
        _end(process)


class MpvPlayer:
    """mpv with no video and no terminal, driven over a socket in a private directory."""

    can_seek = True

    def __init__(self, executable: str, source: str, extra_args: Sequence[str] = ()) -> None:
        self.speed = 1.0
        self._folder = tempfile.mkdtemp(prefix="salescockpit-mpv-")
        socket_path = os.path.join(self._folder, "ipc")
        self._process = _spawn([executable, "--idle=yes", "--no-video", "--no-terminal", "--pause",
                                "--audio-pitch-correction=yes", "--input-default-bindings=no", "--keep-open=yes",
                                f"--input-ipc-server={socket_path}", *extra_args])
        self.pid = self._process.pid
        self._client: MpvIpcClient | None = None
        self._socket_path = socket_path
        self._source = source

    def connect(self) -> None:
        """Wait for mpv's socket, then load the recording (paused); slow: call from a worker."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while self._client is None:
            if self._process.poll() is not None:
                raise PlayerError(_("The player stopped at once (mpv exit code {code}).").format(
                    code=self._process.returncode))
            try:
                self._client = MpvIpcClient(self._socket_path)
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise PlayerError(_("The player did not start in time.")) from None
                time.sleep(0.02)
        client = self._client
        for name in ("time-pos", "duration", "pause"):
            client.observe(name)
        before = len(client.events)
        client.command("loadfile", self._source)
        try:
            event = client.wait_for_event("file-loaded", timeout=15, after=before)
        except MpvIpcError:
            event = None
        ended = [e for e in list(client.events)[before:] if e.get("event") == "end-file"
                 and e.get("reason") == "error"]
        if event is None or ended:
            raise PlayerError(_("The player cannot open the recording: {ref}").format(ref=self._source))

    @property
    def client(self) -> MpvIpcClient:
        if self._client is None:
            raise PlayerError(_("The player is not ready yet."))
        return self._client

    def _run(self, *args) -> object:
        try:
            return self.client.command(*args)
        except MpvIpcError as error:
            raise PlayerError(_("The player did not obey: {reason}").format(reason=error)) from error

    def toggle_pause(self) -> bool:
        """Play or pause; returns True when now paused."""
        paused = not self.is_paused()
        self._run("set_property", "pause", paused)
        return paused

    def is_paused(self) -> bool:
        value = self.client.properties.get("pause")
        return True if value is None else bool(value)

    def seek(self, seconds: float) -> None:
        self._run("seek", seconds, "relative+exact")

    def seek_to(self, seconds: float) -> None:
        self._run("seek", max(0.0, seconds), "absolute+exact")

    def cycle_speed(self) -> float:
        self.speed = next_speed(self.speed)
        self._run("set_property", "speed", self.speed)
        return self.speed

    def position(self) -> float | None:
        """The position in seconds, as mpv last reported it (never blocks)."""
        return self.client.properties.get("time-pos") if self._client else None

    def duration(self) -> float | None:
        return self.client.properties.get("duration") if self._client else None

    def stop(self) -> None:
        if self._client is not None:
            try:
                self._client.command("quit", timeout=1)
            except MpvIpcError:
                pass
            self._client.close()
        _end(self._process)
        shutil.rmtree(self._folder, ignore_errors=True)


class FfplayPlayer:
    """ffplay with no window: plays from the start; pause by stopping the process; no seeking."""

    can_seek = False

    def __init__(self, executable: str, source: str) -> None:
        self.speed = 1.0
        self._paused = False
        self._process = _spawn([executable, "-nodisp", "-autoexit", "-loglevel", "quiet", source])
        self.pid = self._process.pid

    def connect(self) -> None:
        pass

    def toggle_pause(self) -> bool:
        if self._process.poll() is None:
            os.kill(self._process.pid, signal.SIGCONT if self._paused else signal.SIGSTOP)
            self._paused = not self._paused
        return self._paused

    def is_paused(self) -> bool:
        return self._paused

    def _cannot(self, *_args) -> None:
        raise PlayerError(_("ffplay cannot seek or change speed: install mpv (apt install mpv)."))

    seek = seek_to = _cannot

    def cycle_speed(self) -> float:
        self._cannot()
        return self.speed

    def position(self) -> float | None:
        return None

    def duration(self) -> float | None:
        return None

    def stop(self) -> None:
        if self._paused and self._process.poll() is None:
            os.kill(self._process.pid, signal.SIGCONT)
        _end(self._process)


def playable_source(ref: str | None) -> str:
    """The file path or http(s) link to play for a call's recording reference."""
    ref = (ref or "").strip()
    if not ref:
        raise PlayerError(_("This call has no recording."))
    if ref.lower().startswith(("http://", "https://")):
        return ref
    if ref.lower().startswith("file://"):
        ref = ref[len("file://"):]
    path = Path(ref).expanduser()
    if not path.is_file():
        raise PlayerError(_("The recording file is not there: {ref}").format(ref=ref))
    return str(path)


def open_player(ref: str | None, *, extra_args: Sequence[str] | None = None,
                which=shutil.which) -> MpvPlayer | FfplayPlayer:
    """Start the player for a recording (call `connect()` on it next, off the UI thread).

    ``extra_args`` go to mpv; by default they come from ``SALESCOCKPIT_MPV_ARGS`` (e.g.
    ``--ao=null`` in tests and CI, ``--ao=pulse`` to pick an output).
    """
    source = playable_source(ref)
    if extra_args is None:
        extra_args = shlex.split(os.environ.get(MPV_ARGS_ENV, ""))
    mpv = which("mpv")
    if mpv:
        return MpvPlayer(mpv, source, extra_args)
    ffplay = which("ffplay")
    if ffplay:
        return FfplayPlayer(ffplay, source)
    raise PlayerError(_("No audio player found: install mpv (apt install mpv) to listen to calls here."))
