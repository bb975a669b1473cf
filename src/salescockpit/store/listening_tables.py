"""What listening to calls adds: transcript lines, the suggestions shown on a review, and marks.

`transcript_lines` hold a call's transcript (one row a line, in `position` order; times in
milliseconds from the call's start; `speaker` "manager", "client" or "" when unknown).
`review_suggestions` keep, per reviewed checklist item, what the trackers suggested and what
the head saved, so the report can tell how often the head kept the suggestion. `review_marks`
tie a moment of the recording to a checklist item or an objection type (part B's player).
All three hang off a call, so they follow its lead's visibility and dossier.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


class TranscriptLineRow(SQLModel, table=True):
    __tablename__ = "transcript_lines"
    __table_args__ = (Index("ix_transcript_lines_call", "call_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id")
    position: int = 0
    start_ms: int = 0
    end_ms: int = 0
    speaker: str = Field(default="", max_length=8)  # manager | client | "" (unknown)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class ReviewSuggestion(SQLModel, table=True):
    __tablename__ = "review_suggestions"
    __table_args__ = (Index("ix_review_suggestions_review", "review_id"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="call_reviews.id")
    item_key: str = Field(max_length=64)
    suggested: str = Field(max_length=8)  # done | missed
    saved: str = Field(max_length=8)  # the head's answer: done | missed | na
    evidence: str = Field(default="", max_length=2000)
    at_ms: int | None = None


class ReviewMark(SQLModel, table=True):
    __tablename__ = "review_marks"
    __table_args__ = (Index("ix_review_marks_call", "call_id", "at_ms"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="calls.id")
    author_id: int = Field(foreign_key="users.id")
    at_ms: int = 0
    target_kind: str = Field(default="", max_length=16)  # item | objection | "" (a bare moment)
    target_key: str = Field(default="", max_length=64)
    note: str = Field(default="", max_length=2000)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
