"""The translation catalogs are complete and current: every text the code can show has a Russian
translation, no catalog keeps a text the code no longer has, and the compiled .mo files are the
.po files of today. `python tools/catalogs.py update` then translating fixes a failure here."""

from __future__ import annotations

import ast
import re

import pytest

from salescockpit import i18n
from tools import catalogs

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def test_every_text_is_translated_and_no_entry_is_stale():
    problems = catalogs.problems()
    assert not problems, "\n".join(problems[:40]) + (f"\n... and {len(problems) - 40} more" if len(problems) > 40 else "")


@pytest.mark.parametrize("language", catalogs.LANGUAGES)
def test_translations_keep_every_placeholder(language):
    broken = []
    for message in catalogs.load(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        shared = set(PLACEHOLDER.findall(ids[-1])) & set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            found = set(PLACEHOLDER.findall(string or ""))
            # Each plural form names only what English offers, and at least what both English forms name.
            if not shared <= found <= wanted:
                broken.append((ids[0], string))
            elif len(strings) == 1 and found != wanted:
                broken.append((ids[0], string))
    assert not broken, broken[:20]


def test_no_text_is_built_inside_gettext():
    """babel cannot extract `_(f"...")`, `_("a" + b)` or `_("{x}".format(x=...))`: such a text would
    silently never be translated. (`_(label)` of a stored label is fine: built-in labels are
    marked with N_ where they are defined.)"""
    offenders = []
    for path in catalogs.SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"_", "N_", "ngettext", "pgettext"}
                    and node.args and _built(node.args[1 if node.func.id == "pgettext" else 0])):
                offenders.append(f"{path.relative_to(catalogs.ROOT)}:{node.lineno}")
    assert not offenders, offenders


def _built(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return any(isinstance(side, (ast.Constant, ast.JoinedStr)) for side in (node.left, node.right))
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Constant))


def test_russian_is_active_after_set_language_and_english_after_reset():
    try:
        assert i18n.set_language("ru") == "ru"
        assert i18n._("Refresh") != "Refresh"
    finally:
        i18n.set_language("en")
    assert i18n._("Refresh") == "Refresh"
