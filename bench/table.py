"""Figures, their floors and goals, and the table the benchmark prints (Markdown, so it pastes).

A figure is the median of its samples. It may name a floor (a figure of the "floors" part of
the same run) and a goal: a ratio to that floor (`<= 1.2x`) or an absolute limit (`<= 150 MiB`).
A part that is not there shows a text instead of a value ("n/a (not built)", "cached"); a probe
that failed shows "error: ..." and makes the run fail.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Goal:
    limit: float
    kind: str = "ratio"  # "ratio": to the floor; "max": absolute, in the figure's unit
    strict: bool = False  # True: "<" rather than "<="

    def met(self, value: float) -> bool:
        return value < self.limit if self.strict else value <= self.limit

    def text(self, unit: str) -> str:
        sign = "<" if self.strict else "<="
        if self.kind == "ratio":
            return f"{sign} {self.limit:g}x"
        return f"{sign} {format_value(self.limit, unit)}"


@dataclass
class Figure:
    part: str
    name: str
    samples: list[float] = field(default_factory=list)
    text: str | None = None
    unit: str = "s"
    key: str | None = None  # how other figures name this one as their floor
    floor: str | None = None
    floor_times: float = 1.0  # compared with floor x floor_times (20 key presses vs one)
    goal: Goal | None = None
    error: bool = False

    @property
    def value(self) -> float | None:
        return statistics.median(self.samples) if self.samples and self.text is None else None


def format_value(value: float, unit: str) -> str:
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if value < 0.1:
        return f"{value * 1000:.1f} ms"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


class Results:
    """The figures of one run, in print order, with their floors looked up by key."""

    def __init__(self) -> None:
        self.figures: list[Figure] = []

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure

    def floor_of(self, figure: Figure) -> float | None:
        if figure.floor is None:
            return None
        for each in self.figures:
            if each.key == figure.floor and each.value:
                return each.value * figure.floor_times
        return None

    def ratio(self, figure: Figure) -> float | None:
        floor = self.floor_of(figure)
        return figure.value / floor if figure.value is not None and floor else None

    def verdict(self, figure: Figure) -> str:
        if figure.error:
            return "ERROR"
        if figure.goal is None or figure.value is None:
            return ""
        measured = self.ratio(figure) if figure.goal.kind == "ratio" else figure.value
        if measured is None:
            return ""
        return "ok" if figure.goal.met(measured) else "MISSED"

    @property
    def errors(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.error]

    @property
    def missed(self) -> list[Figure]:
        return [figure for figure in self.figures if self.verdict(figure) == "MISSED"]

    def table(self) -> str:
        header = ("part", "measure", "median", "n", "floor", "ratio", "goal", "verdict")
        rows = [header, tuple("---" for _ in header)]
        for figure in self.figures:
            floor = self.floor_of(figure)
            ratio = self.ratio(figure)
            rows.append((
                figure.part,
                figure.name,
                figure.text if figure.text is not None else (
                    format_value(figure.value, figure.unit) if figure.value is not None else "n/a"),
                str(len(figure.samples)) if figure.text is None else "",
                format_value(floor, figure.unit) if floor is not None and figure.text is None else "",
                f"{ratio:.1f}x" if ratio is not None else "",
                figure.goal.text(figure.unit) if figure.goal is not None else "",
                self.verdict(figure),
            ))
        widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
        lines = []
        for row in rows:
            cells = [
                ("-" * widths[i] if cell == "---" else cell.ljust(widths[i])) for i, cell in enumerate(row)
            ]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
