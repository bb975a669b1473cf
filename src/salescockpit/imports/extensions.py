"""Telling a PBX's internal extension from a client's number (for logs that do not say the direction).

The team configures `phone_internal` (ranges such as "100-199" and single extensions) and
`[phone_extensions]` (extension -> login); either makes a number internal. With neither, a number
of 2 to 5 digits is taken for an extension (client numbers are longer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def default_is_internal(number: str) -> bool:
    text = number.strip()
    return text.isdigit() and 2 <= len(text) <= 5


def internal_matcher(ranges: Iterable[tuple[int, int]], known: Iterable[str]) -> Callable[[str], bool]:
    """A test for "is this an internal extension", from the configured ranges and known extensions."""
    spans = tuple(ranges)
    extensions = {extension.strip() for extension in known}
    if not spans and not extensions:
        return default_is_internal

    def is_internal(number: str) -> bool:
        text = number.strip()
        if text in extensions:
            return True
        return text.isdigit() and any(low <= int(text) <= high for low, high in spans)

    return is_internal
