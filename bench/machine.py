"""The machine a run was measured on, for the header of the table (and docs/performance.md)."""

from __future__ import annotations

import os
import platform
import sqlite3
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "?"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def describe() -> list[str]:
    """A few lines: date, CPU, cores, RAM, load, Python, SQLite, Textual, SQLAlchemy."""
    load = ", ".join(f"{each:.2f}" for each in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return [
        f"date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"machine: {_cpu_model()}, nproc {os.cpu_count()}, RAM {_memory_gib()}, load average at start {load}",
        f"software: Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"Textual {_version('textual')}, SQLAlchemy {_version('sqlalchemy')}, {platform.system()} {platform.release()}",
    ]
