"""[phone_extensions] in the config: extension -> manager login, checked."""

from __future__ import annotations

import pytest

from salescockpit.config import ConfigError, Settings, load_settings, settings_from_mapping


def test_extensions_map_to_casefolded_logins(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('timezone = "UTC"\n[phone_extensions]\n"101" = "Anna"\n102 = " boris "\n', encoding="utf-8")
    settings = load_settings(path, environ={})
    assert settings.phone_extensions == {"101": "anna", "102": "boris"}


def test_no_table_means_no_extensions():
    assert settings_from_mapping({}, environ={}).phone_extensions == {}
    assert Settings(timezone="UTC").phone_extensions == {}


@pytest.mark.parametrize("value", [{"101": 5}, {"101": ""}, {"101": ["anna"]}, "101=anna"])
def test_a_login_must_be_text(value):
    with pytest.raises(ConfigError, match="phone_extensions"):
        settings_from_mapping({"phone_extensions": value}, environ={})


def test_internal_extensions_are_ranges_and_single_numbers():
    settings = settings_from_mapping({"phone_internal": ["100-199", "555", 7001]}, environ={})
    assert settings.phone_internal == ((100, 199), (555, 555), (7001, 7001))
    assert settings_from_mapping({"phone_internal": "200-299"}, environ={}).phone_internal == ((200, 299),)
    assert Settings(timezone="UTC").phone_internal == ()


@pytest.mark.parametrize("value", ["abc", ["199-100"], [True], [1.5], {"a": 1}, ["10-"]])
def test_bad_internal_extensions_are_refused(value):
    with pytest.raises(ConfigError, match="phone_internal"):
        settings_from_mapping({"phone_internal": value}, environ={})
