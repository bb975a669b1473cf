"""Gettext for every user-visible string, and the choice of language.

`_` translates with the active catalog; until a catalog is installed it returns the text as is.
`set_language` installs the catalog for a language code ("en", "ru") from `salescockpit/locale`
(compiled `.mo` files, made from the `.po` files by ``python tools/catalogs.py compile``).

The language comes, first found wins, from `--lang`, the config (file or SALESCOCKPIT_LANG),
the environment (LC_ALL, LC_MESSAGES, LANG), else English: `resolve_language`. It is chosen once
per process, before the modules that translate class-level labels are imported (see
`salescockpit.launch`).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "salescockpit"
#: The languages with a complete catalog; the first is the default.
LANGUAGES = ("en", "ru")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = LANGUAGES[0]


def _(message: str) -> str:
    """Translate ``message`` with the active catalog."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count (Russian has three plural forms)."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context``, for an English word that needs two translations
    ("Key" of a keyboard is «Клавиша», the key of a catalog entry is «Ключ»)."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (translate it where shown)."""
    return message


def language() -> str:
    """The active language code ("en" or "ru")."""
    return _language


def set_language(code: str | None) -> str:
    """Activate the catalog for ``code``; unknown languages fall back to English. Returns the code used."""
    global _translation, _language
    code = _supported(code) or LANGUAGES[0]
    try:
        _translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])
    except OSError:  # no compiled catalog (English needs none): the texts as written
        _translation = gettext.NullTranslations()
    _language = code
    _share_with_libraries(code)
    return code


def _share_with_libraries(code: str) -> None:
    """Make the stdlib's global gettext (what click calls for "Usage:", "Error: ...") use our catalog.

    Click binds `gettext.gettext` in its modules, which translates in gettext's global text domain
    with the language named by LANGUAGE; our catalog holds click's texts (`commands.click_texts`).
    LANGUAGE is read by gettext only, so setting it changes no other locale behaviour.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = code


def language_from_environment(environ: Mapping[str, str]) -> str | None:
    """The language POSIX locale variables ask for ("ru_RU.UTF-8" -> "ru"), if we have it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            # The first variable that is set decides, as in POSIX; "C"/"POSIX" mean English.
            return _supported(value.split(".")[0].split("_")[0]) or LANGUAGES[0]
    return None


def resolve_language(cli: str | None, configured: str | None, environ: Mapping[str, str]) -> str:
    """`--lang`, else the config, else the locale environment, else English."""
    return _supported(cli) or _supported(configured) or language_from_environment(environ) or LANGUAGES[0]


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().casefold().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else None
