"""The rules that keep translation working in one process that changes language.

Only the modules imported after `salescockpit.launch` chose the language (the TUI, the CLI and
its commands) may translate while they are imported; everything else marks its labels with
`N_` and translates where it shows them. Click's own texts come from our catalog too.
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import click
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from click.testing import CliRunner

from salescockpit import i18n

SOURCE = Path(i18n.__file__).parent
#: Imported only after the language is chosen (`salescockpit.launch`): translating on import is fine.
IMPORTED_LATE = ("tui/", "commands/", "cli.py", "launch.py")
TRANSLATING = frozenset({"_", "ngettext", "gettext"})


class _ImportTimeTranslations(ast.NodeVisitor):
    """Calls of `_`/`ngettext` that run when the module is imported: module and class bodies,
    decorators, default argument values; not function or lambda bodies (those run later)."""

    def __init__(self) -> None:
        self.at_import = True
        self.found: list[tuple[int, str]] = []

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
        if self.at_import and name in TRANSLATING:
            self.found.append((node.lineno, ast.unparse(node)[:90]))
        self.generic_visit(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for expression in getattr(node, "decorator_list", []):
            self.visit(expression)
        for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
            self.visit(default)
        outer, self.at_import = self.at_import, False
        for statement in node.body if isinstance(node.body, list) else [node.body]:
            self.visit(statement)
        self.at_import = outer

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function


def import_time_translations(code: str) -> list[tuple[int, str]]:
    visitor = _ImportTimeTranslations()
    visitor.visit(ast.parse(code))
    return visitor.found


def test_no_module_imported_early_translates_while_it_is_imported():
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if relative.startswith(IMPORTED_LATE):
            continue
        offenders += [f"{relative}:{line}: {call}" for line, call in import_time_translations(path.read_text("utf-8"))]
    assert not offenders, "translate where the text is shown, mark it with N_ here:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "code",
    [
        'LABEL = _("Won")',
        'class Stage:\n    title = _("Won")',
        'def label(text=_("Won")):\n    return text',
        'def label(*, text=ngettext("a day", "days", 2)):\n    return text',
        '@command(help=_("Run"))\ndef run():\n    pass',
        'LABELS = {key: _(key) for key in ("a", "b")}',
        'check = (lambda text=_("x"): text)',
    ],
)
def test_the_scan_sees_translation_at_import(code):
    assert import_time_translations(code)


@pytest.mark.parametrize(
    "code",
    [
        'LABEL = N_("Won")',
        'def label():\n    return _("Won")',
        'class Stage:\n    def title(self):\n        return _("Won")',
        'check = lambda: _("x")',
    ],
)
def test_the_scan_lets_marking_and_late_translation_pass(code):
    assert not import_time_translations(code)


# Click's own texts -------------------------------------------------------------------------------


def _gettext_ids(tree: ast.AST) -> set[str | tuple[str, str]]:
    """The literal ids of every `_()`/`N_()` (a string) and `ngettext()` (singular, plural) in ``tree``."""
    ids: set[str | tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            texts = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if node.func.id in {"_", "N_"} and texts:
                ids.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                ids.add((texts[0], texts[1]))
    return ids


def test_every_listed_click_text_is_one_click_translates():
    """A click upgrade that rewords a text must show up here, not as English in a Russian CLI."""
    clicks = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        clicks |= _gettext_ids(ast.parse(path.read_text("utf-8")))
    ours = _gettext_ids(ast.parse((SOURCE / "commands" / "click_texts.py").read_text("utf-8")))
    assert len(ours) > 40
    assert ours - clicks == set()


def compiled_catalog(root: Path, translations: dict) -> Path:
    """A real compiled Russian catalog under ``root`` holding only ``translations``."""
    catalog = Catalog(locale="ru", domain=i18n.DOMAIN)
    for message_id, text in translations.items():
        catalog.add(message_id, text)
    target = root / "ru" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_mo(handle, catalog)
    return root


@pytest.fixture
def russian_catalog(tmp_path, monkeypatch):
    """Russian from a small catalog of the test's own (the shipped one is still being translated)."""
    shipped = i18n.LOCALE_DIR
    monkeypatch.setenv("LANGUAGE", "en")  # put back as it was after the test

    def activate(translations: dict) -> None:
        monkeypatch.setattr(i18n, "LOCALE_DIR", compiled_catalog(tmp_path / "locale", translations))
        assert i18n.set_language("ru") == "ru"

    yield activate
    monkeypatch.setattr(i18n, "LOCALE_DIR", shipped)
    i18n.set_language("en")


def test_click_writes_its_help_and_errors_from_our_catalog(russian_catalog):
    russian_catalog({
        "Usage:": "Использование:",
        "Show this message and exit.": "Показать эту справку и выйти.",
        "Error: {message}": "Ошибка: {message}",
        "No such command {name!r}.": "Нет команды {name!r}.",
    })
    from salescockpit.cli import main

    runner = CliRunner()
    shown = runner.invoke(main, ["--help"])
    assert shown.exit_code == 0
    assert shown.output.startswith("Использование: ")
    assert "Показать эту справку и выйти." in shown.output

    refused = runner.invoke(main, ["no-such-command"])
    assert refused.exit_code == 2
    assert "Ошибка: Нет команды 'no-such-command'." in refused.output


def test_back_in_english_click_speaks_english(russian_catalog):
    russian_catalog({"Usage:": "Использование:"})
    assert gettext.gettext("Usage:") == "Использование:"
    i18n.set_language("en")
    assert gettext.gettext("Usage:") == "Usage:"
