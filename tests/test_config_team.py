"""[audit] key_file and [team] logins in the config file (config_team.py): read, and refused in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescockpit.config import ConfigError, settings_from_mapping


def test_the_key_file_and_the_logins_are_read():
    settings = settings_from_mapping({"audit": {"key_file": " /srv/salescockpit/audit.key "},
                                      "team": {"logins": {"ivan.petrov": " ivanov "}}}, {})
    assert settings.audit_key_file == Path("/srv/salescockpit/audit.key")
    assert settings.os_logins == {"ivan.petrov": "ivanov"}
    assert settings_from_mapping({}, {}).audit_key_file is None


@pytest.mark.parametrize(("data", "message"), [
    ({"audit": {"key_file": 7}}, 'audit.key_file: give the key file\'s path as text, e.g. "/srv/salescockpit/audit.key"'),
    ({"audit": {"keyfile": "x"}}, "audit: unknown key(s) keyfile; known: key_file"),
    ({"audit": "x"}, "audit: must be a table ([audit])"),
    ({"team": {"logins": {"ivan.petrov": ""}}}, 'team.logins.ivan.petrov: give the salescockpit login as text, e.g. "ivanov"'),
    ({"team": {"service_account": "x"}}, "team: unknown key(s) service_account; known: logins"),
])
def test_a_bad_value_is_refused_naming_the_key(data, message):
    with pytest.raises(ConfigError) as refused:
        settings_from_mapping(data, {})
    assert str(refused.value) == message
