"""The translation catalogs: extract the texts, update the .po files, compile the .mo files, check.

    python tools/catalogs.py update    # source -> locale/salescockpit.pot -> en and ru .po (keeps translations)
    python tools/catalogs.py compile   # .po -> .mo (what the program loads)
    python tools/catalogs.py check     # what tests/test_catalogs.py asserts, in words

Texts are found by babel in `_()`, `N_()` and `ngettext()` calls under src/salescockpit. The
English catalog translates every text to itself (so wording can be fixed without code changes
if ever needed); the Russian one must translate every text, and neither may keep a text the code
no longer has.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "salescockpit"
LOCALE = SOURCE / "locale"
LANGUAGES = ("en", "ru")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
METHODS = [("**.py", "python")]


def extract() -> Catalog:
    """Every translatable text in the source, with where it is used."""
    template = Catalog(project="salescockpit", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(str(Path("src/salescockpit") / filename), lineno)],
                     auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "salescockpit.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="salescockpit", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> None:
    """Merge the source's texts into each .po: new texts are added, gone ones dropped."""
    LOCALE.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        catalog = load(language)
        # A fresh template each time: Catalog.update shares the template's message objects.
        catalog.update(extract(), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        for message in catalog:
            # A text that became plural keeps its old single translation cut into letters.
            if message.pluralizable and isinstance(message.string, tuple) and all(
                    len(form) <= 1 for form in message.string):
                message.string = ("",) * catalog.num_plurals
        if language == "en":
            for message in catalog:
                filled = all(message.string if message.pluralizable else [message.string])
                if message.id and (not filled or message.fuzzy):
                    message.string = tuple(message.id) if message.pluralizable else message.id
                    message.flags.discard("fuzzy")
        catalog.fuzzy = False
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_po_bytes(catalog))
    compile_all()


def compile_all() -> None:
    for language in LANGUAGES:
        mo_path(language).write_bytes(mo_bytes(load(language)))


def _key(message) -> str:
    """A message's identity for the checks: its text (the singular of a plural), after its context."""
    text = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}|{text}" if message.context else text


def problems() -> list[str]:
    """What is wrong with the catalogs, in words (empty = complete and current)."""
    found: list[str] = []
    wanted = {_key(message): message for message in extract() if message.id}
    for language in LANGUAGES:
        catalog = load(language)
        have = {_key(message): message for message in catalog if message.id}
        for key in sorted(wanted.keys() - have.keys()):
            found.append(f"{language}: no entry for {key!r}")
        for key in sorted(have.keys() - wanted.keys()):
            found.append(f"{language}: stale entry {key!r} (the code no longer has it)")
        for key in sorted(wanted.keys() & have.keys()):
            message = have[key]
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            if not all(strings):
                found.append(f"{language}: {key!r} is not translated")
            elif message.fuzzy:
                found.append(f"{language}: {key!r} is marked fuzzy")
            elif isinstance(wanted[key].id, (tuple, list)) != isinstance(message.id, (tuple, list)):
                found.append(f"{language}: {key!r} needs plural forms")
        if not mo_path(language).exists() or mo_path(language).read_bytes() != mo_bytes(catalog):
            found.append(f"{language}: the .mo file is not compiled from the current .po "
                         "(run python tools/catalogs.py compile)")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        issues = problems()
        print("\n".join(issues) or "catalogs complete")
        return 1 if issues else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
