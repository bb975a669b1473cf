"""Ordering by names the same way on every database.

``ORDER BY name`` follows the database's collation: SQLite compares the bytes ("Boris" before
"anna", "Ёлка" before "Анна"), PostgreSQL the server locale's rules ("anna" before "Boris",
punctuation in yet another order), so the same rows would come back in a different order on
each. The short lists ordered by a name (people, scripts) are therefore fetched unordered and
sorted here, in Python, by casefolded text: one order on SQLite and PostgreSQL, the one a reader
expects. Long lists are keyset pages on ids and instants, never on text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

Row = TypeVar("Row")


def text_key(text: str | None) -> tuple[str, str, str]:
    """Sorts ``text`` case-insensitively (Unicode casefold), Ё beside Е as Russian readers expect
    (code point order puts it after Я), the exact text breaking ties."""
    value = text or ""
    folded = value.casefold()
    return folded.replace("ё", "е"), folded, value


def by_text(rows: Iterable[Row], text: Callable[[Row], str | None], tie: Callable[[Row], object]) -> list[Row]:
    """``rows`` ordered by ``text(row)`` as `text_key` does, then by ``tie(row)`` (an id)."""
    return sorted(rows, key=lambda row: (text_key(text(row)), tie(row)))
