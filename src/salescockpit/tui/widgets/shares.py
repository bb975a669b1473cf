"""How the screens write a share (a ratio from 0 to 1) for people: "42%", or "—" when unknown."""

from __future__ import annotations


def percent(value: float | None) -> str:
    """``0.42`` -> ``"42%"``; None (nothing to divide) -> ``"—"``."""
    return "—" if value is None else f"{value * 100:.0f}%"
