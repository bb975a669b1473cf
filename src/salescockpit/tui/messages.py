"""App-level messages: results that come back from workers, and requests that go up."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Something was written: screens showing data refresh themselves."""

    lead_id: int | None = None
