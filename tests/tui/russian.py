"""Run the cockpit in Russian inside a test process that otherwise speaks English.

The language is chosen once per process in the product (`salescockpit.launch`), before the
screens are imported, because Textual key labels are class attributes translated at import.
A test that wants Russian therefore imports a fresh copy of `salescockpit.tui` with Russian
active and puts the English modules back afterwards, so the other tests in the same worker
are unaffected.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from salescockpit.i18n import set_language

_PACKAGE = "salescockpit.tui"


def _tui_modules() -> dict[str, ModuleType]:
    return {name: module for name, module in sys.modules.items() if name == _PACKAGE or name.startswith(_PACKAGE + ".")}


@contextmanager
def russian_tui() -> Iterator[ModuleType]:
    """Yield `salescockpit.tui.app` imported afresh with Russian active; restore English after."""
    saved = _tui_modules()
    for name in saved:
        del sys.modules[name]
    set_language("ru")
    try:
        yield importlib.import_module(_PACKAGE + ".app")
    finally:
        set_language("en")
        for name in _tui_modules():
            del sys.modules[name]
        sys.modules.update(saved)
