"""A real terminal for tests: a program in a detached tmux session on a private tmux server.

`TmuxTerminal` starts the command in a session of its own (its own socket, so other tmux users
on the machine are never touched), sends keys one at a time (and remembers them), and reads the
screen with `tmux capture-pane`. `wait_for` polls the screen until a condition holds or a
deadline passes: no fixed sleeps. `close` kills the private server.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping

_SGR = re.compile(r"\x1b\[[0-9;:]*m")
POLL = 0.05  # seconds between two looks at the screen


class TmuxTerminal:
    def __init__(self, command: list[str], env: Mapping[str, str], *, width: int = 160, height: int = 45,
                 unset: tuple[str, ...] = ()) -> None:
        self.socket = f"salescockpit-test-{uuid.uuid4().hex[:12]}"
        self.session = "morning"
        self.keys: list[str] = []
        wrapped = ["env", *[f"--unset={name}" for name in unset], *[f"{key}={value}" for key, value in env.items()], *command]
        # The shell line keeps the pane after the program ends, so its exit code can be read.
        line = f"{shlex.join(wrapped)}; echo \"cockpit exited $?\"; sleep 600"
        self._tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), line)

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:2])} failed: {result.stderr.strip()}")
        return result.stdout

    def screen(self, *, colours: bool = False) -> str:
        """What the terminal shows now (with ``colours``: the SGR escapes too)."""
        return self._tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", self.session)

    def press(self, key: str) -> None:
        """One key, in tmux's names ("o", "Enter", "Escape", "C-q"), counted."""
        self._tmux("send-keys", "-t", self.session, key)
        self.keys.append(key)

    def wait_for(self, condition: Callable[[str], object], what: str, deadline: float = 20.0):
        """Poll the screen until ``condition(screen)`` is truthy (returned); fail after ``deadline`` s."""
        give_up = time.monotonic() + deadline
        while True:
            screen = self.screen()
            found = condition(screen)
            if found:
                return found
            if time.monotonic() > give_up:
                raise AssertionError(f"waited {deadline:.0f} s for {what}; the screen:\n{screen}")
            time.sleep(POLL)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


def plain(text: str) -> str:
    return _SGR.sub("", text)


def compressed(keys: list[str]) -> str:
    """ "o x 47, j, o x 13, f, s, ..." : runs of one key counted."""
    runs: list[list] = []
    for key in keys:
        if runs and runs[-1][0] == key:
            runs[-1][1] += 1
        else:
            runs.append([key, 1])
    return ", ".join(key if count == 1 else f"{key} x {count}" for key, count in runs)
