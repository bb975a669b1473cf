"""Gettext for every user-visible string.

`_` translates with the active catalog; until a catalog is installed it returns the text as is.
`set_language` installs the catalog for a language code ("en", "ru") from `salescockpit/locale`.
"""

from __future__ import annotations

import gettext
from pathlib import Path

_LOCALE_DIR = Path(__file__).parent / "locale"
_translation: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """Translate ``message`` with the active catalog."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def set_language(code: str | None) -> None:
    """Activate the catalog for ``code``; unknown languages fall back to English."""
    global _translation
    if not code or code.startswith("en"):
        _translation = gettext.NullTranslations()
        return
    _translation = gettext.translation(
        "salescockpit", localedir=_LOCALE_DIR, languages=[code], fallback=True
    )


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (labels stored in English)."""
    return message
