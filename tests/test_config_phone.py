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
