"""The shared file's settings in the config file: ``[audit]`` and ``[team]``.

    [audit]
    key_file = "/srv/salescockpit/audit.key"    # the audit trail's key (salescockpit keygen makes it)

    [team]
    logins = { "ivan.petrov" = "ivanov" }       # OS login -> salescockpit login, where they differ

Both are read from the config file of the account salescockpit runs as: for the shared SQLite
file that is the service account's, since a person running it through sudo may not name another
(`service_account`). Kept apart from `config.py` to keep that file small.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from salescockpit.config_errors import ConfigError, table
from salescockpit.i18n import _


def _known(values: dict[str, Any], where: str, known: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(_("{where}: unknown key(s) {keys}; known: {known}").format(
            where=where, keys=", ".join(unknown), known=", ".join(known)))


def _key_file(value: Any, where: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(_("{where}: give the key file's path as text, e.g. "
                            "\"/srv/salescockpit/audit.key\"").format(where=where))
    return Path(value.strip()).expanduser()


def _logins(value: Any, where: str) -> dict[str, str]:
    logins = {}
    for os_login, login in table(value, where).items():
        if not isinstance(login, str) or not login.strip() or not str(os_login).strip():
            raise ConfigError(_("{where}.{os_login}: give the salescockpit login as text, e.g. \"ivanov\"").format(
                where=where, os_login=os_login))
        logins[str(os_login).strip()] = login.strip()
    return logins


def shared_file_settings(data: dict[str, Any]) -> dict[str, Any]:
    """The Settings fields that ``[audit]`` and ``[team]`` in ``data`` give (none when absent)."""
    values: dict[str, Any] = {}
    if "audit" in data:
        audit = table(data["audit"], "audit")
        _known(audit, "audit", ("key_file",))
        if "key_file" in audit:
            values["audit_key_file"] = _key_file(audit["key_file"], "audit.key_file")
    if "team" in data:
        team = table(data["team"], "team")
        _known(team, "team", ("logins",))
        if "logins" in team:
            values["os_logins"] = _logins(team["logins"], "team.logins")
    return values
