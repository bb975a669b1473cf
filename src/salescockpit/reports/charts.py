"""Small inline SVG line charts (sparklines) for the HTML report: no scripts, no links.

Coordinates are printed with one decimal so the same data always gives the same bytes. A
missing value (None) breaks the line rather than pretending to be zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 220
HEIGHT = 48
PAD = 4


def _coordinates(values: Sequence[float | None]) -> list[tuple[float, float] | None]:
    known = [value for value in values if value is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(values) - 1)
    points: list[tuple[float, float] | None] = []
    for index, value in enumerate(values):
        if value is None:
            points.append(None)
            continue
        x = PAD + index * step
        y = HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD)
        points.append((round(x, 1), round(y, 1)))
    return points


def _runs(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def sparkline(values: Sequence[float | None], title: str) -> str:
    """An ``<svg>`` element drawing ``values`` left to right, labelled ``title``."""
    points = _coordinates(values)
    parts = [
        f'<svg class="spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" class="axis"/>',
    ]
    for run in _runs(points):
        text = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
        if len(run) > 1:
            parts.append(f'<polyline points="{text}" class="line"/>')
        for x, y in run:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" class="dot"/>')
    parts.append("</svg>")
    return "".join(parts)
