"""Every problem of a script file at once, each with its line (`script import` reports them all).

TOML syntax errors come first: tomllib stops at the first one, so the line at fault is set
aside and the rest read again, until the file reads (or the same line fails twice). Only a
file that reads as TOML is then checked part by part: the top-level fields, each section on
its own, each item on its own, and keys used twice, by putting each part alone into an
otherwise valid script and keeping the domain's own message (`domain.scoring`).
"""

from __future__ import annotations

import re
import tomllib

from salescockpit.domain.scoring import ScriptError, script_from_mapping
from salescockpit.i18n import _

#: (line or None, message) of one problem.
Problem = tuple[int | None, str]

SECTION_HEADER = re.compile(r"^\s*\[\[\s*sections\s*\]\]")
ITEM_HEADER = re.compile(r"^\s*\[\[\s*sections\s*\.\s*items\s*\]\]")
_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_MOST_SYNTAX_ERRORS = 50
_TOP_FIELDS = ("name", "version", "pass_mark")


def syntax_problems(text: str) -> tuple[dict | None, list[Problem]]:
    """(the data, []) for valid TOML, else (None, every syntax error found line by line)."""
    lines = text.splitlines()
    problems: list[Problem] = []
    while len(problems) < _MOST_SYNTAX_ERRORS:
        try:
            data = tomllib.loads("\n".join(lines))
        except tomllib.TOMLDecodeError as error:
            line = getattr(error, "lineno", None)
            position = _POSITION.search(str(error))
            if line is None and position:
                line = int(position.group(1))
            reason = _POSITION.sub("", getattr(error, "msg", str(error))).strip()
            if any(seen == line for seen, _message in problems) or line is None or line > len(lines):
                if not problems or line is None:
                    problems.append((line, _("not valid TOML: {reason}.").format(reason=reason)))
                break
            problems.append((line, _("not valid TOML: {reason}.").format(reason=reason)))
            lines[line - 1] = ""  # set the line aside and read on
            continue
        return (data, []) if not problems else (None, problems)
    return None, problems


def _message(data: object) -> str | None:
    try:
        script_from_mapping(data)
    except ScriptError as error:
        return str(error)
    return None


def _headers(text: str) -> list[tuple[int, list[int]]]:
    """(line of each [[sections]], [lines of its [[sections.items]]]), 1-based."""
    found: list[tuple[int, list[int]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if ITEM_HEADER.match(line) and found:
            found[-1][1].append(number)
        elif SECTION_HEADER.match(line):
            found.append((number, []))
    return found


def _field_line(text: str, field: str) -> int | None:
    """The line of top-level ``field =`` (before the first section), if written that way."""
    pattern = re.compile(rf"^\s*{re.escape(field)}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if SECTION_HEADER.match(line):
            return None
        if pattern.match(line):
            return number
    return None


def _good_item(mark: str) -> dict:
    return {"key": f"\x00item{mark}", "text": "x", "points": 1}


def _good_section(mark: str) -> dict:
    return {"key": f"\x00section{mark}", "title": "x", "weight": 1, "items": [_good_item(mark)]}


def structure_problems(data: dict, text: str) -> list[Problem]:
    """Every structural problem of the (valid TOML) script ``data``, in the order of the file."""
    problems: list[Problem] = []
    name = data.get("name") if isinstance(data.get("name"), str) and data.get("name", "").strip() else "x"
    shell = {"name": name, "version": 1, "pass_mark": 0}
    good = {**shell, "sections": [_good_section("")]}
    present = {key: good[key] for key in (*_TOP_FIELDS, "sections") if key in data}
    unknown = {key: value for key, value in data.items() if key not in good}
    message = _message({**present, **unknown})
    if message:
        first_unknown = next(iter(unknown), None)
        problems.append((_field_line(text, first_unknown) if first_unknown else None, message))
    for field in _TOP_FIELDS:
        if field in data and (message := _message({**good, field: data[field]})):
            problems.append((_field_line(text, field), message))
    sections = data.get("sections")
    if "sections" in data and (not isinstance(sections, list) or not sections):
        problems.append((_field_line(text, "sections"), _message({**shell, "sections": sections})))
        return problems
    problems += _section_problems(shell, sections or [], _headers(text))
    return sorted(problems, key=lambda problem: problem[0] or 0)


def _section_problems(shell: dict, sections: list, headers: list[tuple[int, list[int]]]) -> list[Problem]:
    problems: list[Problem] = []
    section_keys: set[object] = set()
    item_keys: set[object] = set()
    for number, section in enumerate(sections, start=1):
        header, item_lines = headers[number - 1] if number <= len(headers) else (None, [])
        before = [_good_section(f"before{index}") for index in range(1, number)]
        items = section.get("items") if isinstance(section, dict) else None
        alone = {**section, "items": [_good_item(f"{number}.{index}") for index in range(len(items))]} \
            if isinstance(section, dict) and isinstance(items, list) and items else section
        section_message = _message({**shell, "sections": [*before, alone]})
        if section_message:
            problems.append((header, section_message))
        host = alone if not section_message else _good_section(f"host{number}")
        for index, item in enumerate(items if isinstance(items, list) else [], start=1):
            line = item_lines[index - 1] if index <= len(item_lines) else header
            padding = [_good_item(f"{number}.pad{other}") for other in range(1, index)]
            message = _message({**shell, "sections": [*before, {**host, "items": [*padding, item]}]})
            if message:
                problems.append((line, message))
            elif isinstance(item, dict) and item.get("key") in item_keys:
                problems.append((line, _("Item key {key} is used twice.").format(key=item["key"])))
            if isinstance(item, dict):
                item_keys.add(item.get("key"))
        key = section.get("key") if isinstance(section, dict) else None
        if key in section_keys and not section_message:
            problems.append((header, _("Section key {key} is used twice.").format(key=key)))
        section_keys.add(key)
    return problems
