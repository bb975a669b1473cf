"""App-level messages: results that come back from workers, and requests that go up."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message, bubble=False):
    """Something was written: screens showing data refresh themselves.

    Post it to the app; the app hands it to every screen of the current stack.
    """

    lead_id: int | None = None


class StoreOpened(Message, bubble=False):
    """The opening worker has the store open (posted from its thread; it reads the first page next)."""

    def __init__(self, cockpit) -> None:
        super().__init__()
        self.cockpit = cockpit
