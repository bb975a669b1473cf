"""The README's sample `[keys]` table remaps without taking a key another binding of that screen uses.

Textual's keymap drops a clashing binding silently (and `apply_keymap` does not report it): `"queue.ok" = "space"` would take space
(mark a row) away from the queue.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import tomllib
from pathlib import Path

from textual.binding import BindingsMap

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_keymap() -> dict[str, str]:
    block = re.search(r"^\[keys\][^\n]*\n((?:\"[^\n]+\n)+)", README.read_text(encoding="utf-8"), re.MULTILINE)
    assert block, "the README's sample config has a [keys] table"
    return tomllib.loads("[keys]\n" + block.group(1))["keys"]


def classes_with_bindings():
    import salescockpit.tui.screens as screens
    from salescockpit.tui.app import CockpitApp

    yield CockpitApp
    for module_info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"{screens.__name__}.{module_info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and getattr(cls, "BINDINGS", None):
                yield cls


def test_the_readme_keymap_clashes_with_no_binding():
    keymap = readme_keymap()
    assert keymap
    used = set()
    for cls in classes_with_bindings():
        bindings = BindingsMap(cls.BINDINGS)
        ids = {binding.id for _key, binding in bindings}
        if not ids & set(keymap):
            continue
        used |= ids & set(keymap)
        bindings.apply_keymap(keymap)  # its clash report misses a key taken from an unmapped binding
        lost = ids - {binding.id for _key, binding in bindings}
        assert not lost, f"{cls.__name__}: the sample keymap takes the key of {sorted(lost)}"
    assert used == set(keymap)  # every id in the sample exists
