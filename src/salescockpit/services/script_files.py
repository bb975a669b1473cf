"""Call scripts as TOML files: import one (head only) and export the current version of one.

A file holds `name`, `pass_mark` and `[[sections]]` each with `[[sections.items]]` (the shape
of `domain.scoring.script_to_mapping`; `version` is optional and informational: the database
numbers the versions). A bad file is refused whole, with the line and the reason: a syntax
error by tomllib's position, a structural error by the section or item at fault.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from salescockpit.domain.scoring import ScriptDefinition, ScriptError, script_from_mapping, script_to_mapping
from salescockpit.i18n import _

from .actor import Actor, require_head
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .scripts import current_row, definition_of, load_script, save_script

_SECTION_HEADER = re.compile(r"^\s*\[\[\s*sections\s*\]\]")
_ITEM_HEADER = re.compile(r"^\s*\[\[\s*sections\s*\.\s*items\s*\]\]")
_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class ScriptFileError(InvalidInput):
    """A script file that cannot be imported; `line` is where the problem is (when known)."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.line = line
        where = _("{source}, line {line}").format(source=source, line=line) if line else source
        super().__init__("file", f"{where}: {message}")


# Reading -------------------------------------------------------------------------------


def _header_lines(text: str) -> list[tuple[int, list[int]]]:
    """(line of each [[sections]], [lines of its [[sections.items]]]), 1-based."""
    found: list[tuple[int, list[int]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if _ITEM_HEADER.match(line) and found:
            found[-1][1].append(number)
        elif _SECTION_HEADER.match(line):
            found.append((number, []))
    return found


def _line_of(text: str, section: int | None, item: int | None) -> int | None:
    """The line of section number ``section`` (1-based) or of its item ``item``, if written as headers."""
    headers = _header_lines(text)
    if section is None or section > len(headers):
        return None
    section_line, item_lines = headers[section - 1]
    if item is not None and item <= len(item_lines):
        return item_lines[item - 1]
    return section_line


_SHELL = {"name": "x", "version": 1, "pass_mark": 0}
_LONE_ITEM = {"key": "x", "text": "x", "points": 1}


def _fails(data: dict) -> bool:
    try:
        script_from_mapping(data)
    except ScriptError:
        return True
    return False


def _locate(data: dict) -> tuple[int | None, int | None]:
    """The (section, item) numbers of the first part that does not make sense on its own."""
    sections = data.get("sections")
    if not isinstance(sections, list):
        return None, None
    seen_sections: set[object] = set()
    seen_items: set[object] = set()
    for s_number, section in enumerate(sections, start=1):
        items = section.get("items") if isinstance(section, dict) else None
        for i_number, item in enumerate(items if isinstance(items, list) else [], start=1):
            neutral = {"key": "x", "title": "x", "weight": 1, "items": [item]}
            key = item.get("key") if isinstance(item, dict) else None
            if _fails({**_SHELL, "sections": [neutral]}) or key in seen_items:
                return s_number, i_number
            seen_items.add(key)
        key = section.get("key") if isinstance(section, dict) else None
        if _fails({**_SHELL, "sections": [section]}) or key in seen_sections:
            return s_number, None
        seen_sections.add(key)
    return None, None


def _top_level_line(text: str, data: dict) -> int | None:
    """The line of the first top-level field (name, version, pass_mark) that is wrong."""
    good = {**_SHELL, "sections": [{"key": "x", "title": "x", "weight": 1, "items": [_LONE_ITEM]}]}
    for field in ("name", "version", "pass_mark"):
        if field in data and _fails({**good, field: data[field]}):
            pattern = re.compile(rf"^\s*{field}\s*=")
            for number, line in enumerate(text.splitlines(), start=1):
                if _SECTION_HEADER.match(line):
                    return None
                if pattern.match(line):
                    return number
    return None


def parse_script_toml(text: str, source: str = "script") -> ScriptDefinition:
    """The script a TOML text describes; ScriptFileError names the line and the reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = getattr(error, "lineno", None)
        position = _POSITION.search(message)
        if line is None and position:
            line = int(position.group(1))
        reason = _POSITION.sub("", getattr(error, "msg", message)).strip()
        raise ScriptFileError(source, _("not valid TOML: {reason}.").format(reason=reason), line) from None
    data.setdefault("version", 1)
    try:
        return script_from_mapping(data)
    except ScriptError as error:
        section, item = _locate(data)
        line = _line_of(text, section, item) if section else _top_level_line(text, data)
        raise ScriptFileError(source, str(error), line) from None


def parse_script_file(path: str | Path) -> ScriptDefinition:
    """The script in the TOML file ``path`` (nothing saved); ScriptFileError names the line and the reason."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScriptFileError(str(path), _("the file is not UTF-8 text.")) from None
    except OSError as error:
        raise ScriptFileError(str(path), _("cannot read it ({reason}).").format(reason=error.strerror or error)) from None
    return parse_script_toml(text, str(path))


def import_script_file(ctx: ServiceContext, actor: Actor, path: str | Path) -> tuple[int, int]:
    """Save the script in ``path`` as the current version of its name; return (id, version).

    Nothing is written unless the whole file is valid (one transaction via `save_script`).
    """
    require_head(actor, _("Only the head of sales can edit call scripts."))
    definition = parse_script_file(path)
    script_id = save_script(ctx, actor, definition)
    return script_id, load_script(ctx, script_id).version


# Writing -------------------------------------------------------------------------------


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are valid TOML basic strings
    if isinstance(value, list):
        return "[" + ", ".join(_value(entry) for entry in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def script_to_toml(definition: ScriptDefinition) -> str:
    """The TOML text of ``definition`` (reads back to an equal definition)."""
    data = script_to_mapping(definition)
    lines = [
        "# salescockpit call script. Import with: salescockpit script import FILE.toml",
        f"name = {_value(data['name'])}",
        f"version = {_value(data['version'])}",
        f"pass_mark = {_value(data['pass_mark'])}",
    ]
    for section in data["sections"]:
        lines += ["", "[[sections]]"]
        lines += [f"{key} = {_value(section[key])}" for key in ("key", "title", "weight")]
        for item in section["items"]:
            lines += ["", "[[sections.items]]"]
            lines += [f"{key} = {_value(value)}" for key, value in item.items()]
    for objection in data.get("objections", []):
        lines += ["", "[[objections]]", f"key = {_value(objection['key'])}", f"phrases = {_value(objection['phrases'])}"]
    return "\n".join(lines) + "\n"


def export_script(ctx: ServiceContext, name: str) -> str:
    """The TOML text of the current version of the script called ``name``."""
    with ctx.db.read() as session:
        row = current_row(session, name)
        if row is None:
            raise NotFound(_("There is no script called {name!r}.").format(name=name))
        return script_to_toml(definition_of(row))
