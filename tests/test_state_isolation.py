"""A test that speaks Russian leaves the next test in English (tests/conftest.py puts it back).

A fresh-clone CI run once failed on the CLI's English help, which came out as
"Использование: main [OPTIONS] ...": an earlier test in the same xdist worker had run a command
with ``--lang ru`` (``Environment`` calls `set_language` for the whole process, and that sets
``LANGUAGE`` for click's gettext too). The order of tests is random (pytest-randomly), so the
proof runs a small suite of its own, in this process, in a fixed order: Russian first, then the
English checks.
"""

from __future__ import annotations

# Imported here so the in-process runs below find them loaded (and leave them loaded).
import salescockpit.cli  # noqa: F401
import tests.tui.russian  # noqa: F401

RUSSIAN_THEN_ENGLISH = '''
import os

from click.testing import CliRunner

from salescockpit import i18n
from salescockpit.cli import main
from tests.tui.russian import russian_tui


def _environment(tmp_path):
    return {"SALESCOCKPIT_CONFIG": str(tmp_path / "none.toml"), "SALESCOCKPIT_DB": str(tmp_path / "x.db"),
            "SALESCOCKPIT_USER": "nobody", "SALESCOCKPIT_LANG": None}


def test_1_the_cockpit_in_russian():
    with russian_tui() as app_module:
        assert app_module.__name__ == "salescockpit.tui.app"
        assert i18n._("Refresh") != "Refresh"


def test_2_a_command_in_russian(tmp_path):
    result = CliRunner().invoke(main, ["--lang", "ru", "user", "list"], env=_environment(tmp_path))
    assert i18n.language() == "ru"  # what the command left behind for the whole process
    assert os.environ["LANGUAGE"] == "ru"


def test_3_the_help_is_english_again():
    shown = CliRunner().invoke(main, ["--help"])
    assert shown.output.startswith("Usage: main [OPTIONS]"), shown.output[:40]
    assert "Show this message and exit." in shown.output
    assert "Показать" not in shown.output


def test_4_the_texts_are_english_again():
    assert i18n.language() == "en"
    assert i18n._("Refresh") == "Refresh"
'''

RESTORE_FIXTURE = "from tests.conftest import _restore_language_and_environment  # noqa: F401\n"


def _run_in_order(pytester, conftest: str):
    pytester.makeconftest(conftest)
    pytester.makepyfile(test_russian_then_english=RUSSIAN_THEN_ENGLISH)
    return pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:xdist",
                                        "-p", "no:textual-snapshot", "-p", "no:asyncio", "-q")


def test_english_help_and_texts_after_a_russian_command_and_a_russian_cockpit(pytester):
    result = _run_in_order(pytester, RESTORE_FIXTURE)
    result.assert_outcomes(passed=4)


def test_without_the_restoring_fixture_the_russian_leaks_into_the_next_tests(pytester):
    """The check above is not empty: the same suite without the fixture fails as CI did."""
    result = _run_in_order(pytester, "")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["*Использование: main*"])
