"""Call scripts as TOML files: import one (head only) and export the current version of one.

A file holds `name`, `pass_mark` and `[[sections]]` each with `[[sections.items]]` (the shape
of `domain.scoring.script_to_mapping`; `version` is optional and informational: the database
numbers the versions). A bad file is refused whole, with every problem at once, each with its
line and reason (`script_file_problems`): syntax errors by tomllib's position, structural
errors by the section or item at fault.
"""

from __future__ import annotations

import json
from pathlib import Path

from salescockpit.domain.scoring import ScriptDefinition, ScriptError, script_from_mapping, script_to_mapping
from salescockpit.i18n import _, ngettext

from .actor import Actor, require_head
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .script_file_problems import structure_problems, syntax_problems
from .scripts import current_row, definition_of, load_script, save_script


class ScriptFileError(InvalidInput):
    """A script file that cannot be imported, with every problem found in it.

    ``problems`` holds (line or None, reason) in the order of the file; ``line`` is the first
    one's. The message names the file and gives one line per problem.
    """

    def __init__(self, source: str, message: str | None = None, line: int | None = None, *,
                 problems: list[tuple[int | None, str]] | None = None) -> None:
        self.problems = list(problems) if problems else [(line, message or "")]
        self.line = self.problems[0][0]
        lines = [f"{_where(source, at)}: {reason}" for at, reason in self.problems]
        if len(lines) > 1:
            count = len(lines)
            lines.insert(0, ngettext("{source}: {count} problem, nothing was imported:",
                                     "{source}: {count} problems, nothing was imported:", count).format(
                source=source, count=count))
        super().__init__("file", "\n".join(lines))


def _where(source: str, line: int | None) -> str:
    return _("{source}, line {line}").format(source=source, line=line) if line else source


# Reading -------------------------------------------------------------------------------


def parse_script_toml(text: str, source: str = "script") -> ScriptDefinition:
    """The script a TOML text describes; ScriptFileError lists every problem with its line."""
    data, problems = syntax_problems(text)
    if data is None:
        raise ScriptFileError(source, problems=problems)
    data.setdefault("version", 1)
    try:
        return script_from_mapping(data)
    except ScriptError as error:
        found = structure_problems(data, text) or [(None, str(error))]
        raise ScriptFileError(source, problems=found) from None


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
