"""The stored search text and the LIKE patterns against it."""

from __future__ import annotations

from salescockpit.store.search import escape_like, like_pattern, search_text


def test_search_text_casefolds_collapses_and_skips_empty_parts():
    assert search_text("Иван  ИВАНОВ", None, "", "Straße") == "иван иванов strasse"


def test_phones_also_as_bare_digits():
    assert search_text("+7 (495) 123-45-67") == "+7 (495) 123-45-67 74951234567"
    assert search_text("84951234567") == "84951234567"
    assert search_text("Room 12") == "room 12"


def test_like_pattern_escapes_wildcards_and_casefolds():
    assert like_pattern("  ИВАНОВ ") == "%иванов%"
    assert like_pattern("100%_off\\") == "%100\\%\\_off\\\\%"
    assert escape_like("a_b") == "a\\_b"
