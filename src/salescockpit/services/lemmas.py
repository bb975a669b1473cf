"""The lemmatizer the trackers use: pymorphy3 for Cyrillic words, a Snowball stemmer for the rest.

Loaded once, lazily (the Russian dictionary takes a moment and some memory), and cached per
word: a call's transcript repeats most of its words. ``ё`` is read as ``е``.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CYRILLIC = re.compile(r"[а-яё]")


@lru_cache(maxsize=1)
def _russian():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def _english():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of ``word`` (Russian) or its stem (English and other Latin words)."""
    folded = word.casefold().replace("ё", "е")
    if _CYRILLIC.search(folded):
        return _russian().parse(folded)[0].normal_form.replace("ё", "е")
    return _english().stemWord(folded)
