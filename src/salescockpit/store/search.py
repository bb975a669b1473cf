"""Unicode-safe search: a stored casefolded text column and LIKE patterns against it.

SQLite's LIKE and lower() fold ASCII only, so "иванов" would not find "Иванов". Instead each
searchable row keeps `search_text`: its parts casefolded and joined by spaces (phones also as
bare digits, so "4951234567" finds "+7 (495) 123-45-67"). A lead's text holds every phone and
e-mail it has (`store.contacts.contact_search_values`), so its second number finds it too. Queries casefold what the user typed
with `like_pattern` and compare with ``search_text LIKE :pattern ESCAPE '\\'`` on any database.
"""

from __future__ import annotations

import re

#: The escape character for LIKE patterns built here (use ``ESCAPE '\\'`` in the query).
LIKE_ESCAPE = "\\"

_PHONE_LIKE = re.compile(r"^[+\d\s().\-]+$")
_SPACES = re.compile(r"\s+")


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def search_text(*parts: str | None) -> str:
    """The searchable form of ``parts``: casefolded, whitespace collapsed, joined by spaces.

    A part that looks like a phone number (digits, spaces, + - ( ) .) is also added as bare
    digits. Empty parts and None are skipped.
    """
    words: list[str] = []
    for part in parts:
        if part is None:
            continue
        text = _SPACES.sub(" ", str(part)).strip().casefold()
        if not text:
            continue
        words.append(text)
        digits = _digits(text)
        if _PHONE_LIKE.match(text) and len(digits) >= 5 and digits != text:
            words.append(digits)
    return " ".join(words)


def phone_variants(norm: str) -> list[str]:
    """Other ways people type an E.164 number: a Russian "+7..." also as "8..." (digits only)."""
    if norm.startswith("+7") and len(norm) == 12:
        return ["8" + norm[2:]]
    return []


def escape_like(text: str) -> str:
    """``text`` with the LIKE wildcards (% and _) and the escape character escaped."""
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


#: What stands for NUL in a pattern: PostgreSQL cannot take NUL even as a parameter (an error,
#: where SQLite just finds nothing). No stored text holds either (the services refuse control
#: characters, `services.text_input`), so a query with NUL finds nothing on both databases.
_NUL_IN_PATTERN = "\x01"


def like_pattern(query: str) -> str:
    """A LIKE pattern finding ``query`` anywhere in a `search_text` column (casefolded, escaped)."""
    text = _SPACES.sub(" ", query).strip().casefold().replace("\x00", _NUL_IN_PATTERN)
    return f"%{escape_like(text)}%"
