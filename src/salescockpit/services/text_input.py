"""Free text as a person typed it or an import read it: stored verbatim, or refused in one line.

Every use case that stores free text (notes, comments, reasons, names, numbers) passes it through
`checked_text` before it opens a transaction, so SQLite and PostgreSQL behave the same:

- quotes, ``%``, ``_``, ``\\`` and SQL keywords are ordinary characters (every query binds its
  values; searches escape LIKE's wildcards, `store.search.like_pattern`);
- control characters (NUL above all, which PostgreSQL text cannot hold at all) are refused with
  one line, on both databases, rather than stored on one and failing on the other;
- text longer than its column (PostgreSQL refuses it, SQLite would keep it whole) is refused with
  one line naming the limit, never cut short without a word.
"""

from __future__ import annotations

from salescockpit.domain.contacts import has_control_characters
from salescockpit.i18n import _

from .errors import InvalidInput


def text_problem(text: str | None, limit: int | None = None) -> str | None:
    """Why ``text`` cannot be stored (a one-line message), or None when it can."""
    if not text:
        return None
    if has_control_characters(text):
        return _("The text holds control characters (such as NUL) that cannot be stored.")
    if limit is not None and len(text) > limit:
        return _("The text is longer than {limit} characters.").format(limit=limit)
    return None


def checked_text(field: str, text: str | None, limit: int | None = None) -> str:
    """``text`` unchanged ("" for None), or InvalidInput naming ``field`` (see `text_problem`)."""
    problem = text_problem(text, limit)
    if problem is not None:
        raise InvalidInput(field, problem)
    return text or ""
