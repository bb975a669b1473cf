"""List string literals that look user-visible but are not inside _(), N_() or ngettext().

A helper for translators and reviewers, not a gate: it cannot know what reaches a user, so it
skips docstrings, CSS/ids/keys-looking words and format-only strings, and prints the rest as
file:line: text for a person to judge.  python tools/untranslated.py [paths...]
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

WRAPPERS = {"_", "N_", "ngettext"}
#: Calls whose string arguments never reach a user as prose.
QUIET_CALLS = {
    "query_one", "query", "Binding", "getattr", "setattr", "hasattr", "add_class", "remove_class",
    "set_class", "has_class", "toggle_class", "get", "pop", "setdefault", "startswith", "endswith",
    "split", "join", "replace", "strip", "rstrip", "lstrip", "strftime", "format", "text", "execute",
    "exec_driver_sql", "Field", "Column", "Index", "ForeignKey", "UniqueConstraint", "CheckConstraint",
    "warn", "debug", "info", "warning", "getLogger", "environ", "open", "encode", "decode", "compile",
    "match", "search", "sub", "fullmatch", "post_message", "work", "on", "log", "Path", "datetime",
    "isinstance", "TypeError", "ValueError", "KeyError", "AssertionError", "RuntimeError", "option",
    "argument", "group", "command", "Choice", "label", "literal_column", "bindparam", "table", "column",
}
LOOKS_TECHNICAL = re.compile(r"^[\w.\-/:#%*<>=$@\[\]{}()|,+ ]*$")


def _is_prose(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    if " " not in text.strip() and (text.islower() or "_" in text or "." in text or "-" in text):
        return False  # ids, keys, css classes, actions, dotted names
    return not (LOOKS_TECHNICAL.match(text) and text.islower() and " " not in text)


def scan(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else "")
            if name in WRAPPERS or name in QUIET_CALLS:
                for inner in ast.walk(node):
                    skip.add(id(inner))
        if isinstance(node, ast.Subscript):
            for inner in ast.walk(node.slice):
                skip.add(id(inner))
        if isinstance(node, ast.Compare):
            for inner in ast.walk(node):
                skip.add(id(inner))
        if isinstance(node, ast.Dict):
            for key in node.keys:
                if key is not None:
                    skip.add(id(key))
        if isinstance(node, ast.keyword) and node.arg in {"id", "classes", "name", "variant", "key", "action",
                                                             "group", "css", "markup", "tooltip_id"}:
            for inner in ast.walk(node.value):
                skip.add(id(inner))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in skip:
            text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
            if _is_prose(text):
                found.append((node.lineno, "f" + repr(text)))
            for part in node.values:
                skip.add(id(part))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if _is_prose(node.value):
                found.append((node.lineno, repr(node.value)))
    return sorted(found)


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path("src/salescockpit")]
    total = 0
    for root in roots:
        for path in sorted(root.rglob("*.py") if root.is_dir() else [root]):
            for line, text in scan(path):
                print(f"{path}:{line}: {text}")
                total += 1
    print(f"{total} candidates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
