"""The error every settings check raises, and the check that a setting is a table."""

from __future__ import annotations

from typing import Any

from salescockpit.i18n import _


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the key and what is allowed."""


def table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(_("{where}: must be a table ([{where}])").format(where=where))
    return value
