"""Reading the config file: TOML as it stands on disk, and a file holding a secret kept private."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from salescockpit.config_errors import ConfigError
from salescockpit.i18n import _


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed file ({} when there is none); an unreadable or invalid one is a ConfigError."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_("{path}: not valid TOML: {error}").format(path=path, error=error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(_("{path}: cannot read it: {error}").format(path=path, error=error)) from None


def refuse_readable_secret(path: Path, data: Mapping[str, Any]) -> None:
    """A config whose ``db`` URL holds a password must be readable by its owner alone."""
    db = data.get("db")
    if not isinstance(db, str) or "://" not in db:
        return
    from urllib.parse import urlsplit

    try:
        password = urlsplit(db).password
    except ValueError:
        return
    if password and path.stat().st_mode & 0o077:
        raise ConfigError(_("{path}: its db URL holds a password and others may read the file: chmod 600 {path} "
                            "(or keep the password in ~/.pgpass)").format(path=path))
