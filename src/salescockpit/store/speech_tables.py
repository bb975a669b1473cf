"""The speech figures of a call's stereo recording, measured once and kept (issue 20).

Voice-activity detection (`audio.speech`) decodes the whole recording, so it runs when a
recording is attached or imported, when `salescockpit call metrics` or the review screen
measures a call, or in a batch (`call metrics --all`), never while a report is built: the
report reads these rows. One row a call, with the identity of the recording it was measured
from (its reference, and for a file its size and modification time), so a re-attached or
changed recording is measured again and a report never counts figures of another file.
Durations are whole milliseconds; the talk ratio is derived (manager / (manager + client)).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


class CallSpeechFigures(SQLModel, table=True):
    __tablename__ = "call_speech_figures"

    call_id: int = Field(foreign_key="calls.id", primary_key=True)
    recording_ref: str = Field(sa_column=Column(Text, nullable=False))  # calls.recording_ref when measured
    recording_size: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    recording_mtime_ns: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    duration_ms: int = 0
    manager_speech_ms: int = 0
    client_speech_ms: int = 0
    longest_monologue_ms: int = 0
    silence_ms: int = 0
    overlaps: int = 0
    measured_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
