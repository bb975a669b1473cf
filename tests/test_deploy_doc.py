"""docs/deploy.md's "What is protected, and how" names the tests that show each claim: they exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _protection_section() -> str:
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    start = text.index("### What is protected, and how")
    return text[start:text.index("\n## ", start)]


def test_every_test_file_and_test_the_protection_section_names_exists():
    section = _protection_section()
    files = set(re.findall(r"tests/[\w/]+\.py", section))
    names = set(re.findall(r"\b(test_\w+)\b(?!\.py)", section))
    assert files and names
    assert [name for name in sorted(files) if not (ROOT / name).is_file()] == []
    defined = {match for path in (ROOT / "tests").rglob("test_*.py")
               for match in re.findall(r"^(?:async )?def (test_\w+)", path.read_text(encoding="utf-8"), re.M)}
    assert sorted(names - defined) == []
