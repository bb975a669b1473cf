"""Keep text from the database from running as a spreadsheet formula (OWASP CSV injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel and LibreOffice; such text gets a leading ``'`` so it shows as typed. Numbers are
never touched: they stay numbers.
"""

from __future__ import annotations

from typing import Any

from ..domain.contacts import without_control_characters

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` unchanged unless it is text that a spreadsheet would read as a formula, or holds
    control characters spreadsheets refuse (those are dropped: services never store them, but
    older rows or imports behind the program's back might)."""
    if not isinstance(value, str):
        return value
    value = without_control_characters(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
