"""Running one probe in a fresh Python process: its figures, wall time and peak memory.

The parent reads `time.perf_counter()` just before starting the child and passes it in
`BENCH_T0`, so the child can tell how long it has existed (the interpreter's own start-up
included). The child is reaped with `os.wait4`, which gives that one child's `ru_maxrss`
(`RUSAGE_CHILDREN` would give the largest of all children so far). Beware: Python starts the
child with vfork and Linux carries the parent's peak RSS into the child's at exec, so a child
of a big parent reports the parent's peak; the cockpit child reports its own `VmHWM` instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
#: Environment that changes how Textual draws: unset so every run draws the same way.
UNSET = ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_FPS", "TEXTUAL_DEBUG", "TEXTUAL")


class ChildFailed(RuntimeError):
    """A probe process exited with an error (the message ends with its last stderr lines)."""


@dataclass(frozen=True)
class ChildRun:
    result: dict[str, Any]
    wall_seconds: float
    max_rss_mib: float


def run_child(script: str, *args: str, timeout: float = 900.0) -> ChildRun:
    """Run ``bench/<script> args`` with the interpreter running the benchmark; its figures."""
    with tempfile.TemporaryDirectory(prefix="salescockpit-bench-") as folder:
        result_path = Path(folder) / "result.json"
        err_path = Path(folder) / "stderr.txt"
        env = {key: value for key, value in os.environ.items() if key not in UNSET}
        env["BENCH_RESULT"] = str(result_path)
        with open(err_path, "wb") as err, open(Path(folder) / "stdout.txt", "wb") as out:
            started = time.perf_counter()
            env["BENCH_T0"] = repr(started)
            process = subprocess.Popen(
                [sys.executable, str(BENCH / script), *args], env=env, stdin=subprocess.DEVNULL,
                stdout=out, stderr=err,
            )
            killer = threading.Timer(timeout, process.kill)
            killer.start()
            try:
                _pid, status, usage = os.wait4(process.pid, 0)
            finally:
                killer.cancel()
            wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0 or not result_path.exists():
            raise ChildFailed(f"{script} {args[0] if args else ''} exited {process.returncode}: "
                              + _tail(err_path.read_text(encoding="utf-8", errors="replace")))
        result = json.loads(result_path.read_text(encoding="utf-8"))
    return ChildRun(result=result, wall_seconds=wall, max_rss_mib=usage.ru_maxrss / 1024)


def _tail(text: str, lines: int = 3) -> str:
    kept = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:]) or "(no error output)"
