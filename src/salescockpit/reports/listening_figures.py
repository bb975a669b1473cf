"""The report's listening figures as frozen values (counted in `listening_counts`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemAgreement:
    key: str
    suggested: int  # items with a suggestion in the reviews of the window
    kept: int  # the head saved the suggested answer
    rate: float | None  # kept / suggested, percent with one decimal


@dataclass(frozen=True)
class ManagerTalk:
    login: str
    name: str
    calls: int  # calls with a transcript whose speakers are known
    talk_ratio: float | None  # the manager's share of speech, 0-1 (three decimals)


@dataclass(frozen=True)
class ListeningFigures:
    agreement: tuple[ItemAgreement, ...] = ()
    talk: tuple[ManagerTalk, ...] = ()
