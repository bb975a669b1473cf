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
    """A manager's talk ratio from the voice activity of their calls' stereo recordings."""

    login: str
    name: str
    calls: int  # calls they made in the window
    recorded: int  # of those, calls with a recording
    measured: int  # of those, calls whose recording's speech figures are kept (call_speech_figures)
    manager_speech_s: float  # summed over the measured calls
    client_speech_s: float
    talk_ratio: float | None  # manager / (manager + client) speech, 0-1 (three decimals); None: nothing measured


@dataclass(frozen=True)
class ListeningFigures:
    agreement: tuple[ItemAgreement, ...] = ()
    talk: tuple[ManagerTalk, ...] = ()
