"""The cockpit probes that need the real app: each in its own process (`child_cockpit.py`).

* start: process start to the first frame (the loading screen) and to the review queue's rows
  painted, and the process's peak memory (its own `VmHWM`, see `child_cockpit.memory_split`);
  a fresh process every run.
* keys: cursor in the queue, opening a lead card, the board's first frame, 20 `j` in a board
  column, moving a card (`L`, the database write included), switching modes; a fresh process
  every run (the board's first frame happens once per process).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from children import run_child


@dataclass(frozen=True)
class StartRun:
    first_frame: float
    queue_rows: float
    max_rss_mib: float
    anon_mib: float | None  # resident at exit: the process's own memory (Linux only)
    file_mib: float | None  # resident at exit: file pages mapped in, SQLite's mmap among them


def cockpit_start(db: Path, now: datetime) -> StartRun:
    run = run_child("child_cockpit.py", "start", str(db), now.isoformat())
    result = run.result
    peak = result.get("peak_rss") or run.max_rss_mib  # the child's own peak where Linux tells it
    return StartRun(result["first_frame"], result["queue_rows"], peak, result.get("rss_anon"), result.get("rss_file"))


@dataclass
class KeySamples:
    """Samples per key probe, or the text that replaces them ("n/a (not built)")."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    refused_moves: int = 0

    def add(self, result: dict[str, Any]) -> None:
        for name, value in result.items():
            if name == "board_move_refused":
                self.refused_moves += int(value)
            elif isinstance(value, str):
                self.texts[name] = value
            elif isinstance(value, list):
                self.samples.setdefault(name, []).extend(value)


def cockpit_keys(db: Path, now: datetime, repeats: int, into: KeySamples) -> None:
    """One process of key probes, ``repeats`` samples of each, added to ``into``."""
    into.add(run_child("child_cockpit.py", "keys", str(db), now.isoformat(), str(repeats)).result)
