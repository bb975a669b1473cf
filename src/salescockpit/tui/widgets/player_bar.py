"""The position bar of the recording: playing or paused, time / length, a bar, the speed, the marks.

Display only: the screen reads the player and calls `show` a few times a second; `say` puts a
one-line state instead ("press space to play", "starting the player…", an error).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from ...i18n import _

BAR_WIDTH = 30


def clock_text(seconds: float | None) -> str:
    """0:07, 12:30, 1:02:03 (hours only when there are some); "-:--" when unknown."""
    if seconds is None:
        return "-:--"
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def bar_text(position: float | None, duration: float | None, width: int = BAR_WIDTH) -> str:
    """A text bar ``width`` cells wide, filled to the share played."""
    if not position or not duration or duration <= 0:
        return "─" * width
    filled = min(width, round(width * position / duration))
    return "━" * filled + "─" * (width - filled)


def speed_text(speed: float) -> str:
    return f"{speed:g}x"


class PlayerBar(Static):
    """Two lines: the player's state and position, then the marks on the call."""

    DEFAULT_CSS = """
    PlayerBar {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, *, position: float | None, duration: float | None, paused: bool, speed: float,
             can_seek: bool, marks: Sequence[tuple[float, str]] = ()) -> None:
        state = ("⏸ " + _("paused"), "$text-warning") if paused else ("▶ " + _("playing"), "$text-success")
        parts: list = [state, "  ", (f"{clock_text(position)} / {clock_text(duration)}", "bold"), "  ",
                       (bar_text(position, duration), "$accent"), "  ", speed_text(speed)]
        if not can_seek:
            parts += ["  ", (_("(ffplay: no seeking)"), "$text-muted")]
        lines = [Content.assemble(*parts)]
        if marks:
            listed = " · ".join(f"{clock_text(at)} {label}" for at, label in marks)
            lines.append(Content.assemble((_("Marks:") + " ", "$text-muted"), listed))
        self.update(Content("\n").join(lines))

    def say(self, text: str, style: str = "$text-muted") -> None:
        self.update(Content.styled(text, style))
