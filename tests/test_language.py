"""Which language a run speaks: --lang, else the config, else LANG/LC_*, else English."""

from __future__ import annotations

import subprocess
import sys

import pytest

from salescockpit.i18n import language_from_environment, resolve_language
from salescockpit.launch import early_language


@pytest.mark.parametrize(
    ("cli", "configured", "environ", "expected"),
    [
        (None, None, {}, "en"),
        ("ru", None, {}, "ru"),
        ("RU", "en", {"LANG": "en_US.UTF-8"}, "ru"),
        (None, "ru", {"LANG": "en_US.UTF-8"}, "ru"),
        ("en", "ru", {"LANG": "ru_RU.UTF-8"}, "en"),
        (None, None, {"LANG": "ru_RU.UTF-8"}, "ru"),
        (None, None, {"LANG": "ru_RU.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL wins, as in POSIX
        (None, None, {"LC_MESSAGES": "ru_RU", "LANG": "en_GB.UTF-8"}, "ru"),
        (None, None, {"LANG": "de_DE.UTF-8"}, "en"),  # no German catalog: English
        ("fr", None, {"LANG": "ru_RU.UTF-8"}, "ru"),  # an unknown choice falls through
    ],
)
def test_resolve_language(cli, configured, environ, expected):
    assert resolve_language(cli, configured, environ) == expected


def test_unset_locale_variables_say_nothing():
    assert language_from_environment({"LANG": ""}) is None


def test_the_console_script_reads_lang_before_the_cli_is_imported(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('lang = "ru"\n', encoding="utf-8")
    environ = {"LANG": "en_US.UTF-8"}
    assert early_language(["--config", str(config), "demo"], environ) == "ru"
    assert early_language(["demo", "--config", str(config), "--lang=en"], environ) == "en"
    assert early_language(["demo", "--lang", "ru"], {}) == "ru"
    assert early_language([], {"SALESCOCKPIT_LANG": "ru"}) == "ru"


def test_a_broken_config_does_not_stop_the_choice(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("lang = [", encoding="utf-8")
    assert early_language(["--config", str(config)], {"LANG": "ru_RU.UTF-8"}) == "ru"


def _help(*args: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "salescockpit", *args, "--help"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", **env}, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_help_speaks_russian_with_lang_ru_and_english_by_default():
    english = _help()
    russian = _help("--lang", "ru")
    assert "Language of the interface." in english
    assert "Language of the interface." not in russian
    assert _help(LANG="ru_RU.UTF-8") == russian


def test_an_unknown_lang_is_refused_with_the_choices():
    result = subprocess.run([sys.executable, "-m", "salescockpit", "--lang", "xx", "user", "list"],
                            capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"})
    assert result.returncode == 2
    assert "'en', 'ru'" in result.stderr or "en, ru" in result.stderr
