"""Table column widths that make room for the header in the user's language.

The screens give their tables fixed widths sized for English data. A translated header can be
longer ("Confirmed" is "Подтверждено"); `fit` widens such a column to its header instead of
cutting the header off. Widths are in terminal cells (`rich.cells.cell_len`), not characters.
"""

from __future__ import annotations

from rich.cells import cell_len


def fit(label: str, width: int | None, *samples: str) -> int | None:
    """``width``, widened to fit ``label`` and any ``samples`` of the column's longest values."""
    if width is None:
        return None
    return max(width, cell_len(label), *(cell_len(sample) for sample in samples))
