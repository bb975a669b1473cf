"""A stylesheet that parses each CSS source once per set of variables.

Textual's `Stylesheet.reparse` builds a fresh stylesheet with an empty parse cache and parses
every source again: every widget's DEFAULT_CSS and every screen's CSS. The app calls it each
time a screen brings CSS of its own and in each `refresh_css` (a mode's first switch runs it
three times), and `set_variables` empties the cache as well. Between the first frame and the
review queue's rows that was 13 full parses, a quarter of a second of the main thread on a
loaded machine. The parsed rules of a source depend only on its text, where it came from, and
the CSS variables, so this stylesheet keeps them per set of variables and reparses from them:
the same rules, in the same order, parsed once.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet

#: Parsed sources kept per set of variables (the theme's): a few hundred sources at most.
_CACHE_SIZE = 1024


class ParsedOnceStylesheet(Stylesheet):
    """`Stylesheet` whose `reparse` and `set_variables` keep what was parsed (see the module)."""

    def __init__(self, *, variables: dict[str, str] | None = None,
                 caches: dict[tuple, LRUCache] | None = None) -> None:
        super().__init__(variables=variables)
        self._caches: dict[tuple, LRUCache] = caches if caches is not None else {}
        self._parse_cache = self._cache_for(self._variables)

    def _cache_for(self, variables: dict[str, str]) -> LRUCache:
        key = tuple(sorted(variables.items()))
        if key not in self._caches:
            self._caches[key] = LRUCache(_CACHE_SIZE)
        return self._caches[key]

    def set_variables(self, variables: dict[str, str]) -> None:
        self._parse_cache = LRUCache(1)  # Textual's set_variables empties the cache it finds: not a kept one
        super().set_variables(variables)
        self._parse_cache = self._cache_for(variables)

    def reparse(self) -> None:
        """`Stylesheet.reparse`, with the parsed sources shared by the fresh stylesheet."""
        stylesheet = ParsedOnceStylesheet(variables=self._variables, caches=self._caches)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker,
                                  scope=scope)
        try:
            stylesheet.parse()
        except Exception:
            self._invalid_css.update(stylesheet._invalid_css)
            raise
        self._rules = stylesheet.rules
        self._rules_map = None
        self.source = stylesheet.source
        self._require_parse = False
